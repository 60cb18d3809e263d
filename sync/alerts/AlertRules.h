#pragma once

#include "queue/SyncHealth.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace pgnotion {

// The thresholds an admin can edit. Defaults are the seed's: failure rate > 10 %, latency > 30 s, queue
// depth > 100; plus a Notion token that was rejected and engines that stopped heartbeating.
struct AlertThresholds {
    double failureRate = 0.10; // of the last hour's attempts
    double latencyMs = 30000;  // p95 of the last hour
    int queueDepth = 100;      // waiting jobs
    int heartbeatSeconds = 60; // the newest heartbeat of any running engine
};

// What else the rules need to know besides the figures of SyncHealth.
struct AlertInputs {
    SyncHealth health;
    bool notionTokenRejected = false;
    std::optional<QDateTime> newestHeartbeat; // empty: no engine registered at all
    QDateTime now = QDateTime::currentDateTimeUtc();
};

struct Alert {
    QString id;      // stable: "failure_rate", "latency", "queue_depth", "token_rejected", "no_heartbeat"
    QString message; // what is wrong and by how much, for the banner and the notification
};

// The alerts raised by a set of figures, and what changed since the last evaluation.
class AlertRules {
public:
    static QList<Alert> evaluate(const AlertInputs &inputs, const AlertThresholds &thresholds);
};

// Tracks which alerts are active so that the UI notifies once when one is raised and once when it clears,
// and keeps the history.
class AlertTracker {
public:
    struct Change {
        Alert alert;
        bool raised = true; // false: cleared
        QDateTime at;
    };

    // Feeds a new evaluation; returns the alerts raised and cleared by it (also appended to history()).
    QList<Change> update(const QList<Alert> &current, const QDateTime &at);
    const QList<Alert> &active() const { return m_active; }
    const QList<Change> &history() const { return m_history; }

private:
    QList<Alert> m_active;
    QList<Change> m_history;
};

} // namespace pgnotion
