#include "queue/QueueWorker.h"

#include "db/DatabaseConnection.h"
#include "queue/SyncQueue.h"

#include <QElapsedTimer>
#include <QTimer>

namespace pgnotion {

QueueWorker::QueueWorker(DatabaseUrl url, QString runId, int index, std::unique_ptr<JobHandler> handler,
                         QueueWorkerOptions options)
    : m_url(std::move(url))
    , m_runId(std::move(runId))
    , m_index(index)
    , m_handler(std::move(handler))
    , m_options(std::move(options)) {}

QueueWorker::~QueueWorker() = default;

void QueueWorker::start() {
    m_pollTimer = new QTimer(this);
    m_pollTimer->setInterval(m_options.pollInterval);
    connect(m_pollTimer, &QTimer::timeout, this, &QueueWorker::runCycle);
    m_pollTimer->start();
    scheduleCycle();
}

void QueueWorker::wake() {
    if (!m_busy)
        scheduleCycle();
}

void QueueWorker::scheduleCycle() {
    if (m_cycleScheduled)
        return;
    m_cycleScheduled = true;
    QMetaObject::invokeMethod(this, &QueueWorker::runCycle, Qt::QueuedConnection);
}

bool QueueWorker::ensureConnected() {
    if (m_connection && m_connection->isOpen())
        return true;
    m_queue.reset();
    m_connection.reset();
    m_connection = std::make_unique<DatabaseConnection>(m_url, QStringLiteral("worker-%1").arg(m_index));
    if (auto opened = m_connection->open(); !opened) {
        Q_EMIT databaseErrorOccurred(opened.error().message);
        m_connection.reset();
        return false;
    }
    m_queue = std::make_unique<SyncQueue>(m_connection->database(), m_runId);
    return true;
}

void QueueWorker::runCycle() {
    m_cycleScheduled = false;
    if (m_stopRequested || m_paused || m_busy || !ensureConnected())
        return;

    m_busy = true;
    auto claimed = m_queue->claim(m_options.batchSize, m_options.lease, m_options.directions);
    if (!claimed) {
        // Most likely the connection dropped: reconnect on the next cycle. The claim was one statement,
        // so nothing is half-claimed.
        Q_EMIT databaseErrorOccurred(claimed.error().message);
        m_connection.reset();
        m_queue.reset();
        m_busy = false;
        return;
    }
    const QList<SyncJob> jobs = claimed.value();
    if (jobs.isEmpty()) {
        m_busy = false;
        return;
    }
    if (m_paused || m_stopRequested) {
        // Paused or stopped while claiming: nothing starts after pause() returned, the jobs go back.
        QList<qint64> ids;
        for (const SyncJob &job : jobs)
            ids.append(job.id);
        if (auto released = m_queue->release(ids); !released)
            Q_EMIT databaseErrorOccurred(released.error().message);
        m_busy = false;
        return;
    }

    QElapsedTimer sinceClaim;
    sinceClaim.start();
    QList<CompletedJob> completed;
    QList<JobReport> reports;
    QList<qint64> unstarted;
    for (const SyncJob &job : jobs) {
        if (m_stopRequested) {
            unstarted.append(job.id);
            continue;
        }
        const qint64 began = sinceClaim.elapsed();
        const JobResult result = m_handler->handle(job);
        const qint64 ended = sinceClaim.elapsed();
        JobReport report{job.id,
                         job.resourceType,
                         job.resourceId,
                         job.direction,
                         job.attempt,
                         QStringLiteral("completed"),
                         {},
                         {},
                         ended - began};
        if (result.succeeded()) {
            completed.append({job.id, began, ended, result.httpStatus, result.requestId});
        } else {
            auto status = m_queue->fail(job, *result.failure, began, ended);
            report.failureKind = failureKindName(result.failure->kind);
            report.message = result.failure->message;
            if (!status) {
                Q_EMIT databaseErrorOccurred(status.error().message);
                report.outcome = QStringLiteral("unrecorded");
            } else {
                report.outcome = status.value().isEmpty() ? QStringLiteral("lease_lost") : status.value();
            }
        }
        reports.append(report);
    }
    if (auto done = m_queue->complete(completed); !done) {
        Q_EMIT databaseErrorOccurred(done.error().message);
        for (JobReport &report : reports) {
            if (report.outcome == QLatin1String("completed"))
                report.outcome = QStringLiteral("unrecorded");
        }
    }
    if (auto released = m_queue->release(unstarted); !released)
        Q_EMIT databaseErrorOccurred(released.error().message);
    m_busy = false;
    Q_EMIT jobsProcessed(reports);

    // There may be more: go again, but through the event loop so that stop and pause get through.
    scheduleCycle();
}

void QueueWorker::stop() {
    m_stopRequested = true;
    if (m_pollTimer)
        m_pollTimer->stop();
    m_queue.reset();
    m_connection.reset();
    Q_EMIT stopped();
}

} // namespace pgnotion
