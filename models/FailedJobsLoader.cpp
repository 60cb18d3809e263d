#include "FailedJobsLoader.h"

#include "db/DatabaseConnection.h"
#include "queue/SyncQueue.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace pgnotion {
namespace {

// The exact text of a timestamptz in UTC: it round-trips through ?::timestamptz without losing a digit.
const QString kUpdatedAtKey =
    QStringLiteral(R"(to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))");

QDateTime timestampOf(const QJsonValue &entry) {
    return QDateTime::fromString(entry.toObject().value(QStringLiteral("at")).toString(), Qt::ISODateWithMs);
}

} // namespace

FailedJobsLoader::FailedJobsLoader(QSqlDatabase database)
    : m_database(std::move(database)) {}

Result<QList<FailedJob>> FailedJobsLoader::load(const JobFilter &filter, const FailedJobsCursor &after,
                                                int limit) {
    QVariantList values;
    QStringList clauses = filter.whereClauses(values); // the same as Retry all matching uses
    if (!after.updatedAtKey.isEmpty()) {
        clauses.append(QStringLiteral("(updated_at, id) < (?::timestamptz, ?)"));
        values.append(after.updatedAtKey);
        values.append(after.id);
    }
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT id, resource_type, resource_id, direction, status, attempts, "
                                 "max_attempts, last_error ->> 'code', error_message, error_history::text, "
                                 "%1 FROM pgnotion.sync_queue WHERE %2 "
                                 "ORDER BY updated_at DESC, id DESC LIMIT ?")
                      .arg(kUpdatedAtKey, clauses.join(QStringLiteral(" AND "))));
    for (const QVariant &value : std::as_const(values))
        query.addBindValue(value);
    query.addBindValue(limit);
    if (!query.exec())
        return sqlError(query, QStringLiteral("Loading failed jobs"));
    QList<FailedJob> jobs;
    while (query.next()) {
        FailedJob job;
        job.id = query.value(0).toLongLong();
        job.resourceType = query.value(1).toString();
        job.resourceId = query.value(2).toString();
        job.direction = query.value(3).toString();
        job.status = query.value(4).toString();
        job.attempts = query.value(5).toInt();
        job.maxAttempts = query.value(6).toInt();
        job.errorCode = query.value(7).toString();
        job.errorMessage = query.value(8).toString();
        job.errorHistory = QJsonDocument::fromJson(query.value(9).toString().toUtf8()).array();
        job.updatedAtKey = query.value(10).toString();
        if (!job.errorHistory.isEmpty()) {
            job.firstFailureAt = timestampOf(job.errorHistory.first());
            job.lastFailureAt = timestampOf(job.errorHistory.last());
        }
        jobs.append(std::move(job));
    }
    return jobs;
}

Result<QList<FailedJob>> FailedJobsLoader::loadFrom(const QString &databaseUrl, const JobFilter &filter,
                                                    const FailedJobsCursor &after, int limit) {
    return withConnection(databaseUrl, QStringLiteral("dashboard"), [&](QSqlDatabase database) {
        return FailedJobsLoader(database).load(filter, after, limit);
    });
}

} // namespace pgnotion
