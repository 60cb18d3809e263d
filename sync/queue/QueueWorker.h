#pragma once

#include "db/DatabaseUrl.h"
#include "queue/JobHandler.h"
#include "queue/JobReport.h"
#include "queue/QueueConnection.h"

#include <QObject>
#include <QStringList>

#include <atomic>
#include <chrono>
#include <memory>

namespace pgnotion {

class JobCompleter;
class JobFeeder;
class SyncQueue;

struct QueueWorkerOptions {
    // Jobs a worker takes at a time. Notion work wants 1 (a lease per job); no-op or local jobs want more.
    int batchSize = 1;
    std::chrono::milliseconds lease{std::chrono::seconds(60)};
    std::chrono::milliseconds pollInterval{std::chrono::seconds(1)};
    QStringList directions; // empty: both
    // Back-off after a transient failure: base·2^(attempt-1), half of it jitter, capped.
    std::chrono::milliseconds backoffBase{std::chrono::seconds(2)};
    std::chrono::milliseconds backoffCap{std::chrono::minutes(10)};
};

// One worker thread: asks the feeder for jobs when idle, runs each through its handler, hands the
// completed ones to the completer (which completes them in batches) and records failures itself, on
// its own connection. Lives in its own QThread.
class QueueWorker : public QObject, public JobContext {
    Q_OBJECT
public:
    QueueWorker(DatabaseUrl url, QString runId, int index, std::unique_ptr<JobHandler> handler,
                QueueWorkerOptions options, JobFeeder *feeder, JobCompleter *completer);
    ~QueueWorker() override;

    // Thread-safe: the job in hand finishes, the rest of the delivery goes back to the queue.
    void requestStop() { m_stopRequested = true; }
    bool isBusy() const { return m_busy; }
    QSqlDatabase database() override;

public Q_SLOTS:
    void start();
    void deliver(const QList<pgnotion::SyncJob> &jobs);
    void stop();

Q_SIGNALS:
    void jobsProcessed(const QList<pgnotion::JobReport> &reports);
    void databaseErrorOccurred(const QString &message);
    void stopped();

private:
    void askForJobs();
    void finishStop();

    std::unique_ptr<JobHandler> m_handler;
    QueueWorkerOptions m_options;
    JobFeeder *m_feeder;
    JobCompleter *m_completer;
    QueueConnection m_connection;
    std::atomic<bool> m_stopRequested{false};
    std::atomic<bool> m_busy{false};
    bool m_stopPending = false;
};

} // namespace pgnotion
