#include "queue/WorkerPool.h"

#include "queue/WorkerRegistry.h"

#include <QThread>

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
    const auto threads = m_threads + QList<QThread *>{m_supervisorThread};
    for (QThread *thread : threads) {
        if (thread) {
            thread->quit();
            thread->wait();
        }
    }
}

void WorkerPool::start() {
    if (m_running)
        return;
    m_running = true;
    m_stopping = false;

    m_supervisorThread = new QThread(this);
    m_supervisorThread->setObjectName(QStringLiteral("pgnotion-supervisor"));
    m_supervisor = new QueueSupervisor(m_url, m_runId, m_options.supervisor);
    m_supervisor->moveToThread(m_supervisorThread);
    connect(m_supervisorThread, &QThread::started, m_supervisor, &QueueSupervisor::start);
    connect(m_supervisorThread, &QThread::finished, m_supervisor, &QObject::deleteLater);
    connect(m_supervisor, &QueueSupervisor::ready, this, &WorkerPool::ready);
    connect(m_supervisor, &QueueSupervisor::jobsRescued, this, &WorkerPool::jobsRescued);
    connect(m_supervisor, &QueueSupervisor::databaseErrorOccurred, this, &WorkerPool::databaseErrorOccurred);
    connect(m_supervisor, &QueueSupervisor::stopped, this, &WorkerPool::finishStop);

    for (int i = 0; i < m_options.workers; ++i) {
        auto *thread = new QThread(this);
        thread->setObjectName(QStringLiteral("pgnotion-worker-%1").arg(i));
        auto *worker = new QueueWorker(m_url, m_runId, i, m_handlers(), m_options.worker);
        worker->moveToThread(thread);
        connect(thread, &QThread::started, worker, &QueueWorker::start);
        connect(thread, &QThread::finished, worker, &QObject::deleteLater);
        // Straight from the supervisor's thread to the worker's: the wake-up never waits for this thread.
        connect(m_supervisor, &QueueSupervisor::jobsAvailable, worker, &QueueWorker::wake);
        connect(worker, &QueueWorker::jobsProcessed, this, &WorkerPool::jobsProcessed);
        connect(worker, &QueueWorker::databaseErrorOccurred, this, &WorkerPool::databaseErrorOccurred);
        connect(worker, &QueueWorker::stopped, this, &WorkerPool::workerStopped);
        m_threads.append(thread);
        m_workers.append(worker);
    }
    m_workersRunning = m_options.workers;
    m_supervisorThread->start();
    for (QThread *thread : std::as_const(m_threads))
        thread->start();
}

void WorkerPool::pause() {
    if (m_paused)
        return;
    m_paused = true;
    for (QueueWorker *worker : std::as_const(m_workers))
        worker->setPaused(true);
    Q_EMIT pausedChanged(true);
}

void WorkerPool::resume() {
    if (!m_paused)
        return;
    m_paused = false;
    for (QueueWorker *worker : std::as_const(m_workers)) {
        worker->setPaused(false);
        QMetaObject::invokeMethod(worker, &QueueWorker::wake, Qt::QueuedConnection);
    }
    Q_EMIT pausedChanged(false);
}

void WorkerPool::stop() {
    if (!m_running || m_stopping)
        return;
    m_stopping = true;
    for (QueueWorker *worker : std::as_const(m_workers)) {
        worker->requestStop();
        QMetaObject::invokeMethod(worker, &QueueWorker::stop, Qt::QueuedConnection);
    }
    if (m_workers.isEmpty())
        QMetaObject::invokeMethod(m_supervisor, &QueueSupervisor::stop, Qt::QueuedConnection);
}

void WorkerPool::workerStopped() {
    if (--m_workersRunning == 0)
        QMetaObject::invokeMethod(m_supervisor, &QueueSupervisor::stop, Qt::QueuedConnection);
}

void WorkerPool::finishStop() {
    for (QThread *thread : std::as_const(m_threads)) {
        thread->quit();
        thread->wait();
        delete thread;
    }
    m_supervisorThread->quit();
    m_supervisorThread->wait();
    delete m_supervisorThread;
    m_threads.clear();
    m_workers.clear();
    m_supervisorThread = nullptr;
    m_supervisor = nullptr;
    m_running = false;
    m_stopping = false;
    Q_EMIT stopped();
}

} // namespace pgnotion
