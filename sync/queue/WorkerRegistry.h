#pragma once

#include "common/Result.h"

#include <QSqlDatabase>
#include <QString>

#include <chrono>

namespace pgnotion {

// This engine run's row in pgnotion.sync_workers: registration, heartbeat (which also extends the leases
// of its running jobs), and the rescue of jobs whose worker is gone.
class WorkerRegistry {
public:
    // `instance` is the stable name of this installation (same across restarts); the run id adds the
    // host, the pid and a random part.
    WorkerRegistry(QSqlDatabase database, QString instance, QString runId);

    static QString defaultInstanceName();
    static QString makeRunId(const QString &instance);

    QString runId() const { return m_runId; }
    QString instance() const { return m_instance; }

    // Registers this run and frees the jobs that earlier runs of the same instance still held (they
    // crashed or were killed: nobody else will finish them sooner). Returns how many were freed.
    Result<int> registerRun(int threads, const QString &notionIntegration = {});
    Result<int> heartbeat(std::chrono::milliseconds lease, std::chrono::milliseconds maxRuntime);
    Result<void> markStopped();
    // How many live runs (this one included) use the same Notion integration: heartbeating within
    // `staleAfter` and not stopped. They share its rate limit.
    Result<int> liveRunsSharingIntegration(const QString &notionIntegration,
                                           std::chrono::milliseconds staleAfter);
    // Returns jobs of dead or stopped runs and expired leases to the queue; how many.
    Result<int> rescueLostJobs(std::chrono::milliseconds staleAfter);

private:
    QSqlDatabase m_database;
    QString m_instance;
    QString m_runId;
};

} // namespace pgnotion
