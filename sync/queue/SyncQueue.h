#pragma once

#include "common/Result.h"
#include "db/StatementCache.h"
#include "queue/BackoffPolicy.h"
#include "queue/JobFailure.h"
#include "queue/SyncJob.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <chrono>
#include <functional>

namespace pgnotion {

// A job that succeeded, with when the worker began and ended it (ms after the claim).
struct CompletedJob {
    qint64 jobId = 0;
    qint64 beganMs = 0;
    qint64 endedMs = 0;
    int httpStatus = 0;
    QString requestId;
};

// The worker's side of the queue, on one connection (so: one thread). Every call is one statement.
class SyncQueue {
public:
    SyncQueue(QSqlDatabase database, QString workerId, BackoffPolicy backoff = BackoffPolicy());

    // Claims up to `limit` runnable jobs under a lease; `directions` empty means both.
    Result<QList<SyncJob>> claim(int limit, std::chrono::milliseconds lease,
                                 const QStringList &directions = {});
    // Completes jobs and logs them; returns how many this worker still held.
    Result<int> complete(const QList<CompletedJob> &jobs);
    // Runs `writes` and completes the job in one transaction: both or neither. Returns 1, or 0 when the
    // lease was lost (then the writes are rolled back too).
    Result<int> completeWith(const CompletedJob &job,
                             const std::function<Result<void>(QSqlDatabase &)> &writes);
    // Records a failed attempt and decides what follows (retrying after back-off, rescheduled without
    // spending an attempt, or dead). Returns the job's new status; empty when the lease was lost.
    Result<QString> fail(const SyncJob &job, const JobFailure &failure, qint64 beganMs, qint64 endedMs);
    // Gives claimed jobs that were not started back to the queue (graceful stop).
    Result<int> release(const QList<qint64> &jobIds);

    Result<qint64> enqueue(const QString &resourceType, const QString &resourceId,
                           const QString &direction = direction::postgresToNotion, int priority = 0,
                           const QJsonObject &payload = {});

    QString workerId() const { return m_workerId; }
    const BackoffPolicy &backoff() const { return m_backoff; }

private:
    StatementCache m_statements;
    QString m_workerId;
    BackoffPolicy m_backoff;
};

// Postgres array literals for binding lists as one parameter ({1,2,3}, {"a","b"}).
QString toPostgresArray(const QList<qint64> &values);
QString toPostgresArray(const QList<int> &values);
QString toPostgresArray(const QStringList &values);

} // namespace pgnotion
