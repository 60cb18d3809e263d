#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace pgnotion {

// A claimed job, as a worker sees it. The resource's row is read when the job runs, so that coalesced
// writes are synced once, in their latest state.
struct SyncJob {
    qint64 id = 0;
    QString resourceType;
    QString resourceId;
    QString direction; // "postgres_to_notion" or "notion_to_postgres"
    int attempt = 0;   // 1 for the first run
    int maxAttempts = 0;
    int priority = 0;
    int coalescedCount = 1;
    QJsonObject payload;
    QDateTime createdAt;
    // When the job was claimed, on std::chrono::steady_clock (ns since its epoch): the worker measures
    // the job's start and end from it, free of clock skew between hosts.
    qint64 claimedAtSteadyNs = 0;
};

namespace direction {
inline const QString postgresToNotion = QStringLiteral("postgres_to_notion");
inline const QString notionToPostgres = QStringLiteral("notion_to_postgres");
} // namespace direction

} // namespace pgnotion

Q_DECLARE_METATYPE(pgnotion::SyncJob)
