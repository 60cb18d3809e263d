#include "queue/QueueAdmin.h"

#include "db/DatabaseConnection.h"
#include "queue/SyncQueue.h"

#include <QSqlDriver>
#include <QSqlQuery>

namespace pgnotion {
namespace {

const QString kResyncPayload = QStringLiteral(R"({"operation":"upsert","reason":"resync"})");

// The WHERE clause of a filter, every value a bound parameter.
struct FilterSql {
    QString where;
    QVariantList values;
};

FilterSql filterSql(const JobFilter &filter) {
    FilterSql sql;
    sql.where = filter.whereClauses(sql.values).join(QStringLiteral(" AND "));
    return sql;
}

Result<int> scalarInt(QSqlQuery &query, const QString &what) {
    if (!query.exec() || !query.next())
        return sqlError(query, what);
    return query.value(0).toInt();
}

} // namespace

QueueAdmin::QueueAdmin(QSqlDatabase database)
    : m_database(std::move(database)) {}

Result<int> QueueAdmin::retry(const QList<qint64> &jobIds) {
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("SELECT pgnotion.retry_jobs(?::bigint[])"));
    query.addBindValue(toPostgresArray(jobIds));
    return scalarInt(query, QStringLiteral("Retrying jobs"));
}

Result<int> QueueAdmin::retryMatching(const JobFilter &filter) {
    return applyToMatching(QStringLiteral("pgnotion.retry_jobs"), filter);
}

Result<int> QueueAdmin::retryAllDead() {
    return retryMatching(JobFilter{});
}

Result<int> QueueAdmin::discard(const QList<qint64> &jobIds) {
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("SELECT pgnotion.discard_jobs(?::bigint[])"));
    query.addBindValue(toPostgresArray(jobIds));
    return scalarInt(query, QStringLiteral("Discarding jobs"));
}

Result<int> QueueAdmin::discardMatching(const JobFilter &filter) {
    return applyToMatching(QStringLiteral("pgnotion.discard_jobs"), filter);
}

Result<int> QueueAdmin::applyToMatching(const QString &function, const JobFilter &filter) {
    const FilterSql sql = filterSql(filter);
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("SELECT %1(ARRAY(SELECT id FROM pgnotion.sync_queue WHERE %2))")
                      .arg(function, sql.where));
    for (const QVariant &value : sql.values)
        query.addBindValue(value);
    return scalarInt(query, QStringLiteral("Applying %1 to matching jobs").arg(function));
}

Result<bool> QueueAdmin::setPaused(bool paused, const QString &by) {
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("SELECT pgnotion.set_queue_paused(?, ?)"));
    query.addBindValue(paused);
    query.addBindValue(by);
    if (!query.exec() || !query.next())
        return sqlError(query,
                        paused ? QStringLiteral("Pausing the queue") : QStringLiteral("Resuming the queue"));
    return query.value(0).toBool();
}

Result<QList<qint64>> QueueAdmin::matching(const JobFilter &filter, int limit) {
    const FilterSql sql = filterSql(filter);
    QSqlQuery query(m_database);
    query.prepare(
        QStringLiteral("SELECT id FROM pgnotion.sync_queue WHERE %1 ORDER BY updated_at DESC, id DESC "
                       "LIMIT ?")
            .arg(sql.where));
    for (const QVariant &value : sql.values)
        query.addBindValue(value);
    query.addBindValue(limit);
    if (!query.exec())
        return sqlError(query, QStringLiteral("Finding matching jobs"));
    QList<qint64> ids;
    while (query.next())
        ids.append(query.value(0).toLongLong());
    return ids;
}

Result<qint64> QueueAdmin::resync(const QString &resourceType, const QString &resourceId) {
    QSqlQuery query(m_database);
    query.prepare(
        QStringLiteral("SELECT pgnotion.enqueue(?, ?, 'postgres_to_notion', ?::smallint, ?::jsonb)"));
    query.addBindValue(resourceType);
    query.addBindValue(resourceId);
    query.addBindValue(kResyncOnePriority);
    query.addBindValue(kResyncPayload);
    if (!query.exec() || !query.next())
        return sqlError(query, QStringLiteral("Resyncing %1 %2").arg(resourceType, resourceId));
    return query.value(0).toLongLong();
}

Result<int> QueueAdmin::resyncAll(const QString &resourceType, const QString &table,
                                  const QString &keyColumn) {
    QSqlDriver *driver = m_database.driver();
    QStringList tableParts;
    for (const QString &part : table.split(QLatin1Char('.')))
        tableParts.append(driver->escapeIdentifier(part, QSqlDriver::TableName));
    const QString key = driver->escapeIdentifier(keyColumn, QSqlDriver::FieldName);
    QSqlQuery query(m_database);
    query.prepare(
        QStringLiteral("SELECT count(pgnotion.enqueue(?, t.%1::text, 'postgres_to_notion', ?::smallint, "
                       "?::jsonb)) FROM %2 AS t")
            .arg(key, tableParts.join(QLatin1Char('.'))));
    query.addBindValue(resourceType);
    query.addBindValue(kResyncAllPriority);
    query.addBindValue(kResyncPayload);
    return scalarInt(query, QStringLiteral("Resyncing every %1 of %2").arg(resourceType, table));
}

} // namespace pgnotion
