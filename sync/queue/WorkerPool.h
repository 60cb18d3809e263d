#pragma once

#include "db/DatabaseUrl.h"
#include "queue/JobCompleter.h"
#include "queue/JobFeeder.h"
#include "queue/JobHandler.h"
#include "queue/JobReport.h"
#include "queue/QueueSupervisor.h"
#include "queue/QueueWorker.h"

#include <QList>
#include <QObject>

#include <functional>
#include <memory>

class QThread;

namespace pgnotion {

struct WorkerPoolOptions {
    int workers = 4;
    QueueWorkerOptions worker;
    SupervisorOptions supervisor;
};

// N worker threads, a feeder thread (claims for idle workers), a completer thread (completes in batches)
// and a supervisor thread (LISTEN, heartbeat, rescue). Lives in the thread that owns it (the GUI thread in
// the app) and never blocks it: every database call happens on the pool's own threads.
class WorkerPool : public QObject {
    Q_OBJECT
public:
    // Called once per worker thread: each gets a handler of its own.
    using HandlerFactory = std::function<std::unique_ptr<JobHandler>()>;

    WorkerPool(DatabaseUrl url, HandlerFactory handlers, WorkerPoolOptions options,
               QObject *parent = nullptr);
    ~WorkerPool() override;

    QString runId() const { return m_runId; }
    bool isRunning() const { return m_running; }
    bool isPaused() const { return m_paused; }
    // Workers with a job in hand now (for metrics); call it in the pool's thread.
    int busyWorkers() const;
    int workerCount() const { return m_options.workers; }

public Q_SLOTS:
    void start();
    void pause();
    void resume();
    // Graceful: each worker finishes the job in hand and releases the rest; `stopped` follows.
    void stop();

Q_SIGNALS:
    void ready(int freedFromPreviousRun);
    void jobsProcessed(const QList<pgnotion::JobReport> &reports);
    void jobsRescued(int count);
    // Live runs using this pool's Notion integration (SupervisorOptions::notionIntegration), on change.
    void notionIntegrationSharedBy(int runs);
    void databaseErrorOccurred(const QString &message);
    void pausedChanged(bool paused);
    // Notion rejected the integration token: the pool paused itself (no point burning through the queue)
    // and waits for the admin to fix the token and resume.
    void notionAuthenticationFailed(const QString &message);
    void stopped();

private:
    void inspectReports(const QList<pgnotion::JobReport> &reports);
    void stopWorkers();
    void workerStopped();
    void finishStop();

    DatabaseUrl m_url;
    HandlerFactory m_handlers;
    WorkerPoolOptions m_options;
    QString m_runId;
    QList<QThread *> m_threads;
    QList<QueueWorker *> m_workers;
    QThread *m_supervisorThread = nullptr;
    QueueSupervisor *m_supervisor = nullptr;
    QThread *m_feederThread = nullptr;
    JobFeeder *m_feeder = nullptr;
    QThread *m_completerThread = nullptr;
    JobCompleter *m_completer = nullptr;
    int m_workersRunning = 0;
    bool m_running = false;
    bool m_paused = false;
    bool m_stopping = false;
};

} // namespace pgnotion
