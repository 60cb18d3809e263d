#pragma once

#include "common/Result.h"
#include "mapping/Mapping.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace pgnotion {

// A tracked job that has left the waiting and running states.
struct FinishedResyncJob {
    qint64 id = 0;
    bool failed = false; // dead; otherwise completed (gone from the queue), discarded or superseded
};

struct ResyncCancelOutcome {
    int discarded = 0;
    // Waiting jobs left alone: other writes are folded into them (coalesced_count > 1), so discarding
    // them would drop those writes' sync too.
    int kept = 0;
};

// The statements behind Resync on the Resources page, each on the caller's connection (a pool thread's).
// A resync is identified by the ids of the jobs it enqueued or joined: pgnotion.enqueue() folds a
// resync into a job already waiting for the same row, and that job then carries the resync.
class ResyncJobs {
public:
    explicit ResyncJobs(QSqlDatabase database);

    // QueueAdmin::resync() for each key, in one transaction; the ids of the jobs that will run.
    Result<QList<qint64>> resyncRows(const QString &resourceType, const QStringList &keys);
    // QueueAdmin::resyncAll() and the ids of the jobs it made or joined, in one transaction.
    Result<QList<qint64>> resyncAll(const ResourceMapping &resource);
    // Which of `jobIds` are finished. A superseded job is finished only once no job of its resource
    // waits or runs: the newer job took over its work.
    Result<QList<FinishedResyncJob>> finished(const QList<qint64> &jobIds);
    // Discards those of `jobIds` still waiting to run (running jobs finish).
    Result<ResyncCancelOutcome> discardWaiting(const QList<qint64> &jobIds);

private:
    QSqlDatabase m_database;
};

} // namespace pgnotion
