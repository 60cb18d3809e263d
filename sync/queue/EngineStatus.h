#pragma once

#include "common/Result.h"

#include <QDateTime>
#include <QMetaType>
#include <QSqlDatabase>
#include <QString>

#include <chrono>
#include <optional>

namespace pgnotion {

// What the status bar says about the engines sharing the queue, wherever they run: read from Postgres,
// so that a dashboard watching headless workers on other machines shows them too.
struct EngineStatus {
    bool queuePaused = false;
    QString pausedBy; // who paused or resumed last
    QDateTime pauseChangedAt;
    int enginesAlive = 0;  // runs that heartbeat recently and have not stopped
    int workerThreads = 0; // their worker threads together
    int jobsRunning = 0;   // = workers busy
    std::optional<QDateTime> newestHeartbeat;

    // Notion as the newest outbound attempt saw it.
    enum class Notion { Unknown, Reachable, TokenRejected, Unreachable };
    Notion notion = Notion::Unknown;
    QString notionMessage; // the error of that attempt, when it failed
    QDateTime notionSeenAt;

    // A run counts as alive when its newest heartbeat is younger than `aliveWithin`.
    static Result<EngineStatus> read(QSqlDatabase database,
                                     std::chrono::seconds aliveWithin = std::chrono::seconds(60));
};

} // namespace pgnotion

Q_DECLARE_METATYPE(pgnotion::EngineStatus)
