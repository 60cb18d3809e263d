#include "queue/QueueWorker.h"

#include "queue/JobCompleter.h"
#include "queue/JobFeeder.h"
#include "queue/SyncQueue.h"

#include <QRandomGenerator>

#include <chrono>

namespace pgnotion {
namespace {

// Milliseconds since the feeder claimed the job, on the steady clock shared by every thread.
qint64 msSinceClaim(const SyncJob &job) {
    const auto now = std::chrono::steady_clock::now().time_since_epoch();
    const auto claimed = std::chrono::steady_clock::duration(job.claimedAtSteadyNs);
    return std::chrono::duration_cast<std::chrono::milliseconds>(now - claimed).count();
}

} // namespace

QueueWorker::QueueWorker(DatabaseUrl url, QString runId, int index, std::unique_ptr<JobHandler> handler,
                         QueueWorkerOptions options, JobFeeder *feeder, JobCompleter *completer)
    : m_handler(std::move(handler))
    , m_options(std::move(options))
    , m_feeder(feeder)
    , m_completer(completer)
    // Opened only when needed: a worker whose jobs all succeed does its queue bookkeeping through the
    // feeder and the completer.
    , m_connection(std::move(url), QStringLiteral("worker-%1").arg(index), std::move(runId),
                   BackoffPolicy(m_options.backoffBase, m_options.backoffCap,
                                 [] { return QRandomGenerator::global()->generateDouble(); })) {}

QueueWorker::~QueueWorker() = default;

QSqlDatabase QueueWorker::database() {
    return m_connection.database();
}

void QueueWorker::start() {
    askForJobs();
}

void QueueWorker::askForJobs() {
    if (m_stopRequested)
        return;
    QMetaObject::invokeMethod(
        m_feeder,
        [feeder = m_feeder, self = this, max = m_options.batchSize] { feeder->requestJobs(self, max); },
        Qt::QueuedConnection);
}

void QueueWorker::deliver(const QList<SyncJob> &jobs) {
    m_busy = true;
    QList<CompletedJob> completed;
    QList<JobReport> reports;
    QList<qint64> unstarted;
    for (const SyncJob &job : jobs) {
        if (m_stopRequested) {
            unstarted.append(job.id);
            continue;
        }
        const qint64 began = msSinceClaim(job);
        const JobResult result = m_handler->handle(job, *this);
        const qint64 ended = msSinceClaim(job);
        JobReport report{job.id,
                         job.resourceType,
                         job.resourceId,
                         job.direction,
                         job.attempt,
                         QStringLiteral("completed"),
                         {},
                         {},
                         ended - began};
        const CompletedJob done{job.id, began, ended, result.httpStatus, result.requestId};
        if (result.succeeded() && !result.completionWrites) {
            completed.append(done);
        } else if (result.succeeded()) {
            // Its writes and its completion commit together, on this worker's connection.
            SyncQueue *queue = m_connection.queue();
            auto written = queue ? queue->completeWith(done, result.completionWrites)
                                 : Result<int>(Error{m_connection.lastError(), {}});
            if (!written) {
                // Rolled back: the job stays running under the lease, and runs again once rescued.
                Q_EMIT databaseErrorOccurred(written.error().message);
                report.outcome = QStringLiteral("unrecorded");
                report.message = written.error().message;
                m_connection.reset();
            } else if (written.value() == 0) {
                report.outcome = QStringLiteral("lease_lost");
            }
        } else {
            report.failureKind = failureKindName(result.failure->kind);
            report.message = result.failure->message;
            SyncQueue *queue = m_connection.queue();
            auto status = queue ? queue->fail(job, *result.failure, began, ended)
                                : Result<QString>(Error{m_connection.lastError(), {}});
            if (!status) {
                // The job stays running under the lease: the rescue returns it if nobody records it.
                Q_EMIT databaseErrorOccurred(status.error().message);
                report.outcome = QStringLiteral("unrecorded");
                m_connection.reset();
            } else {
                report.outcome = status.value().isEmpty() ? QStringLiteral("lease_lost") : status.value();
            }
        }
        reports.append(report);
    }
    if (!completed.isEmpty()) {
        QMetaObject::invokeMethod(
            m_completer, [completer = m_completer, completed] { completer->completeJobs(completed); },
            Qt::QueuedConnection);
    }
    if (!unstarted.isEmpty()) {
        QMetaObject::invokeMethod(
            m_completer, [completer = m_completer, unstarted] { completer->releaseJobs(unstarted); },
            Qt::QueuedConnection);
    }
    m_busy = false;
    if (!reports.isEmpty())
        Q_EMIT jobsProcessed(reports);
    if (m_stopPending) {
        finishStop();
        return;
    }
    askForJobs();
}

// A handler may wait in a nested event loop (the Notion client does), so stop() can arrive in the middle of
// a job: then the job in hand finishes first, and deliver() completes the stop. Closing the connection
// under a running job would pull it from under the handler.
void QueueWorker::stop() {
    m_stopRequested = true;
    if (m_busy) {
        m_stopPending = true;
        return;
    }
    finishStop();
}

void QueueWorker::finishStop() {
    m_stopPending = false;
    m_connection.reset();
    Q_EMIT stopped();
}

} // namespace pgnotion
