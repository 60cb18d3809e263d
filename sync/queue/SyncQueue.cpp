#include "queue/SyncQueue.h"

#include "db/DatabaseConnection.h"

#include <QJsonDocument>
#include <QSqlQuery>
#include <QSqlRecord>

namespace pgnotion {
namespace {

const QString kUniqueViolation = QStringLiteral("23505");

// A write that lands during a transition can make the resource's waiting job appear between the function's
// check and its update (a unique violation): running the statement again sees that job and hands over to
// it. `attempt` returns a Result; up to three more tries.
template <typename Attempt>
auto retryOnUniqueViolation(Attempt attempt) -> decltype(attempt()) {
    for (int tries = 0;; ++tries) {
        auto result = attempt();
        if (result || result.error().code != kUniqueViolation || tries >= 3)
            return result;
    }
}

template <typename T>
QString numberArray(const QList<T> &values) {
    QStringList parts;
    parts.reserve(values.size());
    for (const T value : values)
        parts.append(QString::number(value));
    return QLatin1Char('{') + parts.join(QLatin1Char(',')) + QLatin1Char('}');
}

SyncJob jobFromRecord(const QSqlQuery &query, const QSqlRecord &record) {
    SyncJob job;
    job.id = query.value(record.indexOf(QStringLiteral("id"))).toLongLong();
    job.resourceType = query.value(record.indexOf(QStringLiteral("resource_type"))).toString();
    job.resourceId = query.value(record.indexOf(QStringLiteral("resource_id"))).toString();
    job.direction = query.value(record.indexOf(QStringLiteral("direction"))).toString();
    job.attempt = query.value(record.indexOf(QStringLiteral("attempts"))).toInt();
    job.maxAttempts = query.value(record.indexOf(QStringLiteral("max_attempts"))).toInt();
    job.priority = query.value(record.indexOf(QStringLiteral("priority"))).toInt();
    job.coalescedCount = query.value(record.indexOf(QStringLiteral("coalesced_count"))).toInt();
    job.payload =
        QJsonDocument::fromJson(query.value(record.indexOf(QStringLiteral("payload"))).toByteArray())
            .object();
    job.createdAt = query.value(record.indexOf(QStringLiteral("created_at"))).toDateTime();
    return job;
}

} // namespace

QString toPostgresArray(const QList<qint64> &values) {
    return numberArray(values);
}
QString toPostgresArray(const QList<int> &values) {
    return numberArray(values);
}

QString toPostgresArray(const QStringList &values) {
    QStringList parts;
    parts.reserve(values.size());
    for (QString value : values) {
        value.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
            .replace(QLatin1Char('"'), QStringLiteral("\\\""));
        parts.append(QLatin1Char('"') + value + QLatin1Char('"'));
    }
    return QLatin1Char('{') + parts.join(QLatin1Char(',')) + QLatin1Char('}');
}

SyncQueue::SyncQueue(QSqlDatabase database, QString workerId, BackoffPolicy backoff)
    : m_statements(std::move(database))
    , m_workerId(std::move(workerId))
    , m_backoff(std::move(backoff)) {}

Result<QList<SyncJob>> SyncQueue::claim(int limit, std::chrono::milliseconds lease,
                                        const QStringList &directions) {
    QSqlQuery &query = m_statements.prepared(
        QStringLiteral("SELECT id, resource_type, resource_id, direction, attempts, max_attempts, "
                       "priority, coalesced_count, payload::text AS payload, created_at "
                       "FROM pgnotion.claim_jobs(?, ?, ?, ?::text[])"));
    query.addBindValue(m_workerId);
    query.addBindValue(limit);
    query.addBindValue(qint64(lease.count()));
    query.addBindValue(directions.isEmpty() ? QVariant() : QVariant(toPostgresArray(directions)));
    if (!query.exec())
        return sqlError(query, QStringLiteral("Claiming jobs"));
    QList<SyncJob> jobs;
    const QSqlRecord record = query.record();
    while (query.next())
        jobs.append(jobFromRecord(query, record));
    return jobs;
}

Result<int> SyncQueue::complete(const QList<CompletedJob> &jobs) {
    if (jobs.isEmpty())
        return 0;
    QList<qint64> ids, began, ended;
    QList<int> http;
    QStringList requestIds;
    for (const CompletedJob &job : jobs) {
        ids.append(job.jobId);
        began.append(job.beganMs);
        ended.append(job.endedMs);
        http.append(job.httpStatus);
        requestIds.append(job.requestId);
    }
    QSqlQuery &query = m_statements.prepared(
        QStringLiteral("SELECT pgnotion.complete_jobs(?, ?::bigint[], ?::bigint[], ?::bigint[], "
                       "?::integer[], ?::text[])"));
    query.addBindValue(m_workerId);
    query.addBindValue(toPostgresArray(ids));
    query.addBindValue(toPostgresArray(began));
    query.addBindValue(toPostgresArray(ended));
    query.addBindValue(toPostgresArray(http));
    query.addBindValue(toPostgresArray(requestIds));
    if (!query.exec() || !query.next())
        return sqlError(query, QStringLiteral("Completing jobs"));
    return query.value(0).toInt();
}

Result<int> SyncQueue::completeWith(const CompletedJob &job,
                                    const std::function<Result<void>(QSqlDatabase &)> &writes) {
    QSqlDatabase database = m_statements.database();
    if (!database.transaction())
        return Error{QStringLiteral("Starting the completion of job %1 failed").arg(job.jobId), QString()};
    Result<void> written = writes(database);
    Result<int> completed = written ? complete({job}) : Result<int>(written.error());
    if (!completed || completed.value() == 0) {
        database.rollback();
        return completed;
    }
    if (!database.commit())
        return Error{QStringLiteral("Committing the completion of job %1 failed").arg(job.jobId), QString()};
    return completed;
}

Result<QString> SyncQueue::fail(const SyncJob &job, const JobFailure &failure, qint64 beganMs,
                                qint64 endedMs) {
    const bool refund = failure.kind == FailureKind::RateLimited ||
                        failure.kind == FailureKind::Unreachable || failure.kind == FailureKind::Auth ||
                        failure.kind == FailureKind::Deferred;
    const bool dead = failure.kind == FailureKind::Permanent || (!refund && job.attempt >= job.maxAttempts);
    const QString outcome = dead     ? QStringLiteral("dead")
                            : refund ? QStringLiteral("rescheduled")
                                     : QStringLiteral("retry");
    const auto delay = dead ? std::chrono::milliseconds(0) : m_backoff.delayAfter(job.attempt, failure);

    QJsonObject error{
        {QStringLiteral("at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
        {QStringLiteral("attempt"), job.attempt},
        {QStringLiteral("kind"), failureKindName(failure.kind)},
        {QStringLiteral("message"), failure.message},
        {QStringLiteral("worker"), m_workerId},
    };
    if (!failure.code.isEmpty())
        error.insert(QStringLiteral("code"), failure.code);
    if (failure.httpStatus != 0)
        error.insert(QStringLiteral("http_status"), failure.httpStatus);
    if (!failure.requestId.isEmpty())
        error.insert(QStringLiteral("request_id"), failure.requestId);
    if (!dead)
        error.insert(QStringLiteral("retry_in_ms"), qint64(delay.count()));

    return retryOnUniqueViolation([&]() -> Result<QString> {
        QSqlQuery &query = m_statements.prepared(
            QStringLiteral("SELECT pgnotion.fail_job(?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)"));
        query.addBindValue(job.id);
        query.addBindValue(m_workerId);
        query.addBindValue(dead ? QStringLiteral("dead") : QStringLiteral("retrying"));
        query.addBindValue(qint64(delay.count()));
        query.addBindValue(refund);
        query.addBindValue(outcome);
        query.addBindValue(QString::fromUtf8(QJsonDocument(error).toJson(QJsonDocument::Compact)));
        query.addBindValue(beganMs);
        query.addBindValue(endedMs);
        if (query.exec() && query.next())
            return query.value(0).toString();
        return sqlError(query, QStringLiteral("Recording the failure of job %1").arg(job.id));
    });
}

Result<int> SyncQueue::release(const QList<qint64> &jobIds) {
    if (jobIds.isEmpty())
        return 0;
    return retryOnUniqueViolation([&]() -> Result<int> {
        QSqlQuery &query =
            m_statements.prepared(QStringLiteral("SELECT pgnotion.release_jobs(?, ?::bigint[])"));
        query.addBindValue(m_workerId);
        query.addBindValue(toPostgresArray(jobIds));
        if (query.exec() && query.next())
            return query.value(0).toInt();
        return sqlError(query, QStringLiteral("Releasing jobs"));
    });
}

Result<qint64> SyncQueue::enqueue(const QString &resourceType, const QString &resourceId, const QString &dir,
                                  int priority, const QJsonObject &payload) {
    QSqlQuery &query =
        m_statements.prepared(QStringLiteral("SELECT pgnotion.enqueue(?, ?, ?, ?::smallint, ?::jsonb)"));
    query.addBindValue(resourceType);
    query.addBindValue(resourceId);
    query.addBindValue(dir);
    query.addBindValue(priority);
    query.addBindValue(payload.isEmpty() ? QVariant()
                                         : QVariant(QString::fromUtf8(
                                               QJsonDocument(payload).toJson(QJsonDocument::Compact))));
    if (!query.exec() || !query.next())
        return sqlError(query, QStringLiteral("Enqueuing %1 %2").arg(resourceType, resourceId));
    return query.value(0).toLongLong();
}

} // namespace pgnotion
