#pragma once

#include "db/DatabaseUrl.h"
#include "queue/QueueConnection.h"
#include "queue/QueueWorker.h"
#include "queue/SyncQueue.h"

#include <QHash>
#include <QList>
#include <QObject>

#include <atomic>
#include <memory>

class QTimer;

namespace pgnotion {

// The process's single door to the queue for claims. Idle workers ask it for jobs; it claims for all of
// them in one statement and hands each its share (the JobCompleter does the same for completions). So
// workers of one process never contend with each other (SKIP LOCKED scans, CPU), and N jobs cost two
// statements whatever the number of workers. Nothing is claimed beyond what idle workers asked for.
// Lives in its own thread, with its own connection.
class JobFeeder : public QObject {
    Q_OBJECT
public:
    JobFeeder(DatabaseUrl url, QString runId, QueueWorkerOptions options);
    ~JobFeeder() override;

    // Thread-safe.
    void setPaused(bool paused) { m_paused = paused; }

public Q_SLOTS:
    void start();
    // A worker is idle and takes up to `maxJobs` (queued from the worker's thread).
    void requestJobs(pgnotion::QueueWorker *worker, int maxJobs);
    // A worker is stopping: it takes nothing more.
    void withdraw(pgnotion::QueueWorker *worker);
    // New jobs may be there (a NOTIFY, a resume, a rescue).
    void wake();
    // First step of a graceful stop: no more deliveries after `claimingStopped`.
    void stopClaiming();
    // Closes the connection; `stopped` follows.
    void stop();

Q_SIGNALS:
    void claimingStopped();
    void databaseErrorOccurred(const QString &message);
    void stopped();

private:
    void scheduleClaim();
    void claimForWaitingWorkers();

    QueueConnection m_connection;
    QueueWorkerOptions m_options;
    QList<QPair<QueueWorker *, int>> m_waiting;
    QTimer *m_pollTimer = nullptr;
    bool m_claimScheduled = false;
    bool m_stopping = false;
    std::atomic<bool> m_paused{false};
};

} // namespace pgnotion
