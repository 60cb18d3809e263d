#include "queue/WorkerRegistry.h"

#include "db/DatabaseConnection.h"
#include "queue/SyncQueue.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QSysInfo>

#include <cerrno>
#include <csignal>

namespace pgnotion {

WorkerRegistry::WorkerRegistry(QSqlDatabase database, QString instance, QString runId)
    : m_database(std::move(database))
    , m_instance(std::move(instance))
    , m_runId(std::move(runId)) {}

QString WorkerRegistry::makeRunId(const QString &instance) {
    return QStringLiteral("%1/%2/%3/%4")
        .arg(instance, QSysInfo::machineHostName())
        .arg(QCoreApplication::applicationPid())
        .arg(QRandomGenerator::global()->generate() & 0xffffff, 6, 16, QLatin1Char('0'));
}

QString WorkerRegistry::defaultInstanceName() {
    return QSysInfo::machineHostName() + QStringLiteral(":") + QCoreApplication::applicationName();
}

Result<int> WorkerRegistry::registerRun(int threads, const QString &notionIntegration) {
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("INSERT INTO pgnotion.sync_workers "
                                 "(id, instance, host, pid, version, threads, notion_integration) "
                                 "VALUES (?, ?, ?, ?, ?, ?, NULLIF(?, ''))"));
    query.addBindValue(m_runId);
    query.addBindValue(m_instance);
    query.addBindValue(QSysInfo::machineHostName());
    query.addBindValue(QCoreApplication::applicationPid());
    query.addBindValue(QStringLiteral(PGNOTION_VERSION));
    query.addBindValue(threads);
    query.addBindValue(notionIntegration);
    if (!query.exec())
        return sqlError(query, QStringLiteral("Registering worker %1").arg(m_runId));

    // Earlier runs of this instance on this host whose process is gone (crashed, killed) will never finish
    // their jobs: mark them stopped so that the rescue frees those jobs now, not when their leases expire.
    // A run whose process is still alive (a second worker under the same name) is left alone.
    query.prepare(QStringLiteral("SELECT id, pid FROM pgnotion.sync_workers "
                                 "WHERE instance = ? AND host = ? AND id <> ? AND stopped_at IS NULL"));
    query.addBindValue(m_instance);
    query.addBindValue(QSysInfo::machineHostName());
    query.addBindValue(m_runId);
    if (!query.exec())
        return sqlError(query, QStringLiteral("Reading earlier runs of %1").arg(m_instance));
    QStringList gone;
    while (query.next()) {
        const auto pid = pid_t(query.value(1).toLongLong());
        if (pid == pid_t(QCoreApplication::applicationPid()) || (::kill(pid, 0) != 0 && errno == ESRCH))
            gone.append(query.value(0).toString());
    }
    if (!gone.isEmpty()) {
        query.prepare(QStringLiteral("UPDATE pgnotion.sync_workers SET stopped_at = now() "
                                     "WHERE id = ANY (?::text[])"));
        query.addBindValue(toPostgresArray(gone));
        if (!query.exec())
            return sqlError(query, QStringLiteral("Closing earlier runs of %1").arg(m_instance));
    }
    return rescueLostJobs(std::chrono::hours(24 * 365));
}

Result<int> WorkerRegistry::heartbeat(std::chrono::milliseconds lease, std::chrono::milliseconds maxRuntime) {
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("SELECT pgnotion.heartbeat(?, ?, ?)"));
    query.addBindValue(m_runId);
    query.addBindValue(qint64(lease.count()));
    query.addBindValue(qint64(maxRuntime.count()));
    if (!query.exec() || !query.next())
        return sqlError(query, QStringLiteral("Heartbeat"));
    return query.value(0).toInt();
}

Result<void> WorkerRegistry::markStopped() {
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("UPDATE pgnotion.sync_workers SET stopped_at = now() WHERE id = ?"));
    query.addBindValue(m_runId);
    if (!query.exec())
        return sqlError(query, QStringLiteral("Marking worker %1 stopped").arg(m_runId));
    return {};
}

Result<int> WorkerRegistry::liveRunsSharingIntegration(const QString &notionIntegration,
                                                       std::chrono::milliseconds staleAfter) {
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("SELECT count(*) FROM pgnotion.sync_workers "
                                 "WHERE notion_integration = ? AND stopped_at IS NULL "
                                 "AND heartbeat_at > now() - make_interval(secs => ?)"));
    query.addBindValue(notionIntegration);
    query.addBindValue(double(staleAfter.count()) / 1000.0);
    if (!query.exec() || !query.next())
        return sqlError(query, QStringLiteral("Counting the runs sharing the Notion integration"));
    return query.value(0).toInt();
}

Result<int> WorkerRegistry::rescueLostJobs(std::chrono::milliseconds staleAfter) {
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("SELECT pgnotion.rescue_lost_jobs(?)"));
    query.addBindValue(qint64(staleAfter.count()));
    if (!query.exec() || !query.next())
        return sqlError(query, QStringLiteral("Rescuing lost jobs"));
    return query.value(0).toInt();
}

} // namespace pgnotion
