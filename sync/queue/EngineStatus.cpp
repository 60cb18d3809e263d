#include "queue/EngineStatus.h"

#include "db/DatabaseConnection.h"

#include <QSqlQuery>
#include <QVariant>

namespace pgnotion {
namespace {

EngineStatus::Notion notionStateOf(const QString &errorCode) {
    if (errorCode == QLatin1String("unauthorized") || errorCode == QLatin1String("restricted_resource"))
        return EngineStatus::Notion::TokenRejected;
    if (errorCode == QLatin1String("notion_unreachable") || errorCode == QLatin1String("tls_error"))
        return EngineStatus::Notion::Unreachable;
    // Any other answer (a validation error of one row included) means Notion was there and took the token.
    return EngineStatus::Notion::Reachable;
}

} // namespace

Result<EngineStatus> EngineStatus::read(QSqlDatabase database, std::chrono::seconds aliveWithin) {
    // One round trip: the pause flag, the live runs, the running jobs (a partial index) and the newest
    // outbound attempt (the log's primary key read backwards: cheap however long the log is).
    QSqlQuery query(database);
    query.prepare(QStringLiteral(
        "SELECT c.paused, c.changed_by, c.changed_at, w.alive, w.threads, w.newest, "
        "       (SELECT count(*) FROM pgnotion.sync_queue WHERE status = 'running'), "
        "       l.outcome, l.error_code, l.error_message, l.finished_at "
        "FROM pgnotion.queue_control c "
        "CROSS JOIN (SELECT count(*) FILTER (WHERE alive) AS alive, "
        "                   coalesce(sum(threads) FILTER (WHERE alive), 0) AS threads, "
        "                   max(heartbeat_at) FILTER (WHERE stopped_at IS NULL) AS newest "
        "            FROM (SELECT *, stopped_at IS NULL AND heartbeat_at > now() - ? * interval '1 second' "
        "                            AS alive FROM pgnotion.sync_workers) r) w "
        "LEFT JOIN LATERAL (SELECT outcome, error_code, error_message, finished_at FROM pgnotion.sync_log "
        "                   WHERE direction = 'postgres_to_notion' ORDER BY id DESC LIMIT 1) l ON true "
        "WHERE c.singleton"));
    query.addBindValue(static_cast<qint64>(aliveWithin.count()));
    if (!query.exec())
        return sqlError(query, QStringLiteral("Reading the engine status"));
    if (!query.next())
        return Error{QStringLiteral("The queue's control row is missing: run pgnotion --migrate"),
                     QStringLiteral("not_migrated")};
    EngineStatus status;
    status.queuePaused = query.value(0).toBool();
    status.pausedBy = query.value(1).toString();
    status.pauseChangedAt = query.value(2).toDateTime();
    status.enginesAlive = query.value(3).toInt();
    status.workerThreads = query.value(4).toInt();
    if (!query.value(5).isNull())
        status.newestHeartbeat = query.value(5).toDateTime();
    status.jobsRunning = query.value(6).toInt();
    if (!query.value(7).isNull()) {
        status.notion = notionStateOf(query.value(8).toString());
        if (status.notion != Notion::Reachable)
            status.notionMessage = query.value(9).toString();
        status.notionSeenAt = query.value(10).toDateTime();
    }
    return status;
}

} // namespace pgnotion
