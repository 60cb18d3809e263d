#include "ResyncJobs.h"

#include "db/DatabaseConnection.h"
#include "queue/QueueAdmin.h"
#include "queue/SyncQueue.h"

#include <QSqlQuery>

#include <algorithm>

namespace pgnotion {
namespace {

// Runs `work` in a transaction: committed when it succeeds, rolled back when it fails.
template <typename T, typename Work>
Result<T> inTransaction(QSqlDatabase &database, const QString &what, Work work) {
    if (!database.transaction())
        return Error{QStringLiteral("%1: could not begin a transaction").arg(what), QStringLiteral("tx")};
    Result<T> result = work();
    if (!result) {
        database.rollback();
        return result;
    }
    if (!database.commit())
        return Error{QStringLiteral("%1: could not commit").arg(what), QStringLiteral("tx")};
    return result;
}

} // namespace

ResyncJobs::ResyncJobs(QSqlDatabase database)
    : m_database(std::move(database)) {}

Result<QList<qint64>> ResyncJobs::resyncRows(const QString &resourceType, const QStringList &keys) {
    return inTransaction<QList<qint64>>(m_database, QStringLiteral("Resync"), [&]() -> Result<QList<qint64>> {
        QueueAdmin admin(m_database);
        QList<qint64> ids;
        for (const QString &key : keys) {
            const Result<qint64> id = admin.resync(resourceType, key);
            if (!id)
                return id.error();
            if (!ids.contains(id.value()))
                ids.append(id.value());
        }
        return ids;
    });
}

Result<QList<qint64>> ResyncJobs::resyncAll(const ResourceMapping &resource) {
    return inTransaction<QList<qint64>>(
        m_database, QStringLiteral("Resync all"), [&]() -> Result<QList<qint64>> {
            const Result<int> count =
                QueueAdmin(m_database).resyncAll(resource.name, resource.table, resource.keyColumn);
            if (!count)
                return count.error();
            // Every job the resync inserted or folded into carries this transaction's now() as its
            // updated_at, and stays locked (or unseen) by everyone else until the commit: exactly its jobs.
            QSqlQuery query(m_database);
            query.setForwardOnly(true);
            query.prepare(QStringLiteral("SELECT id FROM pgnotion.sync_queue WHERE resource_type = ? "
                                         "AND direction = 'postgres_to_notion' AND status IN ('pending', "
                                         "'retrying') AND updated_at = now() ORDER BY id"));
            query.addBindValue(resource.name);
            if (!query.exec())
                return sqlError(query,
                                QStringLiteral("Finding the jobs of the resync of %1").arg(resource.name));
            QList<qint64> ids;
            ids.reserve(count.value());
            while (query.next())
                ids.append(query.value(0).toLongLong());
            return ids;
        });
}

Result<QList<FinishedResyncJob>> ResyncJobs::finished(const QList<qint64> &jobIds) {
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    // Completed jobs are deleted from the queue: a tracked id that is gone has completed.
    query.prepare(QStringLiteral(
        "SELECT t.id, coalesce(q.status = 'dead', false) FROM unnest(?::bigint[]) AS t(id) "
        "LEFT JOIN pgnotion.sync_queue q ON q.id = t.id "
        "WHERE q.id IS NULL OR q.status IN ('dead', 'discarded') "
        "OR (q.status = 'superseded' "
        "    AND NOT EXISTS (SELECT 1 FROM pgnotion.sync_queue s WHERE s.coalesce_key = q.coalesce_key "
        "                    AND s.status IN ('pending', 'retrying')) "
        "    AND NOT EXISTS (SELECT 1 FROM pgnotion.sync_queue s WHERE s.coalesce_key = q.coalesce_key "
        "                    AND s.status = 'running'))"));
    query.addBindValue(toPostgresArray(jobIds));
    if (!query.exec())
        return sqlError(query, QStringLiteral("Reading the progress of the resync"));
    QList<FinishedResyncJob> finishedJobs;
    while (query.next())
        finishedJobs.append({query.value(0).toLongLong(), query.value(1).toBool()});
    return finishedJobs;
}

Result<ResyncCancelOutcome> ResyncJobs::discardWaiting(const QList<qint64> &jobIds) {
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral("WITH waiting AS (SELECT id, coalesced_count = 1 AS own FROM pgnotion.sync_queue "
                       "                 WHERE id = ANY (?::bigint[]) AND status IN ('pending', 'retrying')) "
                       "SELECT pgnotion.discard_jobs(ARRAY(SELECT id FROM waiting WHERE own)), "
                       "       (SELECT count(*)::integer FROM waiting WHERE NOT own)"));
    query.addBindValue(toPostgresArray(jobIds));
    if (!query.exec() || !query.next())
        return sqlError(query, QStringLiteral("Cancelling the resync"));
    return ResyncCancelOutcome{query.value(0).toInt(), query.value(1).toInt()};
}

} // namespace pgnotion
