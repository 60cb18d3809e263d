#include "queue/WorkerPool.h"

#include "queue/WorkerRegistry.h"

#include <QThread>

#include <algorithm>

namespace pgnotion {

WorkerPool::WorkerPool(DatabaseUrl url, HandlerFactory handlers, WorkerPoolOptions options, QObject *parent)
    : QObject(parent)
    , m_url(std::move(url))
    , m_handlers(std::move(handlers))
    , m_options(std::move(options)) {
    qRegisterMetaType<QList<pgnotion::JobReport>>();
    if (m_options.supervisor.instance.isEmpty())
        m_options.supervisor.instance = WorkerRegistry::defaultInstanceName();
    m_options.supervisor.threads = m_options.workers;
    m_options.supervisor.lease = m_options.worker.lease;
    m_runId = WorkerRegistry::makeRunId(m_options.supervisor.instance);
}

WorkerPool::~WorkerPool() {
    // Last resort when the owner did not wait for `stopped`: stop every thread before the objects go.
    for (QueueWorker *worker : std::as_const(m_workers))
        worker->requestStop();
    const auto threads = m_threads + QList<QThread *>{m_feederThread, m_completerThread, m_supervisorThread};
    for (QThread *thread : threads) {
        if (thread) {
            thread->quit();
            thread->wait();
        }
    }
}

static QThread *startableThread(QObject *parent, const QString &name) {
    auto *thread = new QThread(parent);
    thread->setObjectName(name);
    return thread;
}

void WorkerPool::start() {
    if (m_running)
        return;
    m_running = true;
    m_stopping = false;

    m_supervisorThread = startableThread(this, QStringLiteral("pgnotion-supervisor"));
    m_supervisor = new QueueSupervisor(m_url, m_runId, m_options.supervisor);
    m_supervisor->moveToThread(m_supervisorThread);
    connect(m_supervisorThread, &QThread::started, m_supervisor, &QueueSupervisor::start);
    connect(m_supervisorThread, &QThread::finished, m_supervisor, &QObject::deleteLater);
    connect(m_supervisor, &QueueSupervisor::ready, this, &WorkerPool::ready);
    connect(m_supervisor, &QueueSupervisor::jobsRescued, this, &WorkerPool::jobsRescued);
    connect(m_supervisor, &QueueSupervisor::notionIntegrationSharedBy, this,
            &WorkerPool::notionIntegrationSharedBy);
    connect(m_supervisor, &QueueSupervisor::databaseErrorOccurred, this, &WorkerPool::databaseErrorOccurred);
    connect(m_supervisor, &QueueSupervisor::stopped, this, &WorkerPool::finishStop);

    m_feederThread = startableThread(this, QStringLiteral("pgnotion-feeder"));
    m_feeder = new JobFeeder(m_url, m_runId, m_options.worker);
    m_feeder->moveToThread(m_feederThread);
    m_feeder->setPaused(m_paused);
    connect(m_feederThread, &QThread::started, m_feeder, &JobFeeder::start);
    connect(m_feederThread, &QThread::finished, m_feeder, &QObject::deleteLater);
    // Straight from the supervisor's thread to the feeder's: a NOTIFY never waits for this thread.
    connect(m_supervisor, &QueueSupervisor::jobsAvailable, m_feeder, &JobFeeder::wake);
    connect(m_feeder, &JobFeeder::databaseErrorOccurred, this, &WorkerPool::databaseErrorOccurred);
    connect(m_feeder, &JobFeeder::claimingStopped, this, &WorkerPool::stopWorkers);

    m_completerThread = startableThread(this, QStringLiteral("pgnotion-completer"));
    m_completer = new JobCompleter(m_url, m_runId);
    m_completer->moveToThread(m_completerThread);
    connect(m_completerThread, &QThread::finished, m_completer, &QObject::deleteLater);
    connect(m_completer, &JobCompleter::databaseErrorOccurred, this, &WorkerPool::databaseErrorOccurred);
    connect(m_completer, &JobCompleter::stopped, m_feeder, &JobFeeder::stop);
    connect(m_feeder, &JobFeeder::stopped, m_supervisor, &QueueSupervisor::stop);

    for (int i = 0; i < m_options.workers; ++i) {
        QThread *thread = startableThread(this, QStringLiteral("pgnotion-worker-%1").arg(i));
        auto *worker =
            new QueueWorker(m_url, m_runId, i, m_handlers(), m_options.worker, m_feeder, m_completer);
        worker->moveToThread(thread);
        connect(thread, &QThread::started, worker, &QueueWorker::start);
        connect(thread, &QThread::finished, worker, &QObject::deleteLater);
        connect(worker, &QueueWorker::jobsProcessed, this, &WorkerPool::jobsProcessed);
        connect(worker, &QueueWorker::jobsProcessed, this, &WorkerPool::inspectReports);
        connect(worker, &QueueWorker::databaseErrorOccurred, this, &WorkerPool::databaseErrorOccurred);
        connect(worker, &QueueWorker::stopped, this, &WorkerPool::workerStopped);
        m_threads.append(thread);
        m_workers.append(worker);
    }
    m_workersRunning = m_options.workers;
    m_supervisorThread->start();
    m_feederThread->start();
    m_completerThread->start();
    for (QThread *thread : std::as_const(m_threads))
        thread->start();
}

void WorkerPool::inspectReports(const QList<JobReport> &reports) {
    for (const JobReport &report : reports) {
        if (report.failureKind == QLatin1String("auth") && !m_paused) {
            pause();
            Q_EMIT notionAuthenticationFailed(report.message);
            return;
        }
    }
}

int WorkerPool::busyWorkers() const {
    return int(std::count_if(m_workers.cbegin(), m_workers.cend(),
                             [](const QueueWorker *worker) { return worker->isBusy(); }));
}

void WorkerPool::pause() {
    if (m_paused)
        return;
    m_paused = true;
    if (m_feeder)
        m_feeder->setPaused(true);
    Q_EMIT pausedChanged(true);
}

void WorkerPool::resume() {
    if (!m_paused)
        return;
    m_paused = false;
    if (m_feeder) {
        m_feeder->setPaused(false);
        QMetaObject::invokeMethod(m_feeder, &JobFeeder::wake, Qt::QueuedConnection);
    }
    Q_EMIT pausedChanged(false);
}

// A graceful stop in order: the feeder stops handing out jobs; each worker finishes the job in hand and
// gives back the rest; the completer completes and releases everything it was handed; the feeder closes;
// the supervisor marks the run stopped. Each step starts when the one before has reported, so no message is
// lost between.
void WorkerPool::stop() {
    if (!m_running || m_stopping)
        return;
    m_stopping = true;
    QMetaObject::invokeMethod(m_feeder, &JobFeeder::stopClaiming, Qt::QueuedConnection);
}

void WorkerPool::stopWorkers() {
    for (QueueWorker *worker : std::as_const(m_workers)) {
        worker->requestStop();
        QMetaObject::invokeMethod(worker, &QueueWorker::stop, Qt::QueuedConnection);
    }
    if (m_workers.isEmpty())
        QMetaObject::invokeMethod(m_completer, &JobCompleter::stop, Qt::QueuedConnection);
}

void WorkerPool::workerStopped() {
    if (--m_workersRunning == 0)
        QMetaObject::invokeMethod(m_completer, &JobCompleter::stop, Qt::QueuedConnection);
}

void WorkerPool::finishStop() {
    for (QThread *thread : std::as_const(m_threads)) {
        thread->quit();
        thread->wait();
        delete thread;
    }
    for (QThread *thread : {m_feederThread, m_completerThread, m_supervisorThread}) {
        thread->quit();
        thread->wait();
        delete thread;
    }
    m_threads.clear();
    m_workers.clear();
    m_supervisorThread = nullptr;
    m_supervisor = nullptr;
    m_feederThread = nullptr;
    m_feeder = nullptr;
    m_completerThread = nullptr;
    m_completer = nullptr;
    m_running = false;
    m_stopping = false;
    Q_EMIT stopped();
}

} // namespace pgnotion
