#include "queue/JobFeeder.h"

#include <QTimer>

#include <chrono>

namespace pgnotion {

JobFeeder::JobFeeder(DatabaseUrl url, QString runId, QueueWorkerOptions options)
    : m_connection(std::move(url), QStringLiteral("feeder"), std::move(runId))
    , m_options(std::move(options)) {}

JobFeeder::~JobFeeder() = default;

void JobFeeder::start() {
    m_pollTimer = new QTimer(this);
    m_pollTimer->setInterval(m_options.pollInterval);
    connect(m_pollTimer, &QTimer::timeout, this, &JobFeeder::scheduleClaim);
    m_pollTimer->start();
}

void JobFeeder::requestJobs(QueueWorker *worker, int maxJobs) {
    if (m_stopping || m_waiting.contains(QPair<QueueWorker *, int>(worker, maxJobs)))
        return;
    m_waiting.append({worker, maxJobs});
    scheduleClaim();
}

void JobFeeder::withdraw(QueueWorker *worker) {
    m_waiting.removeIf([worker](const auto &request) { return request.first == worker; });
}

void JobFeeder::wake() {
    scheduleClaim();
}

// Requests that arrive together (every idle worker after a NOTIFY) are served by one claim: the claim
// runs once the events already queued have been handled.
void JobFeeder::scheduleClaim() {
    if (m_claimScheduled || m_waiting.isEmpty() || m_stopping)
        return;
    m_claimScheduled = true;
    QMetaObject::invokeMethod(this, &JobFeeder::claimForWaitingWorkers, Qt::QueuedConnection);
}

void JobFeeder::claimForWaitingWorkers() {
    m_claimScheduled = false;
    if (m_waiting.isEmpty() || m_paused || m_stopping)
        return;
    SyncQueue *queue = m_connection.queue();
    if (!queue) {
        Q_EMIT databaseErrorOccurred(m_connection.lastError());
        return;
    }
    int wanted = 0;
    for (const auto &request : std::as_const(m_waiting))
        wanted += request.second;
    auto claimed = queue->claim(wanted, m_options.lease, m_options.directions);
    if (!claimed) {
        Q_EMIT databaseErrorOccurred(claimed.error().message);
        m_connection.reset();
        return;
    }
    QList<SyncJob> jobs = claimed.value();
    if (jobs.isEmpty())
        return;
    if (m_paused) {
        // Paused while claiming: nothing starts after pause() returned.
        QList<qint64> ids;
        for (const SyncJob &job : jobs)
            ids.append(job.id);
        if (auto released = queue->release(ids); !released)
            Q_EMIT databaseErrorOccurred(released.error().message);
        return;
    }
    const qint64 claimedAt = std::chrono::steady_clock::now().time_since_epoch().count();
    for (SyncJob &job : jobs)
        job.claimedAtSteadyNs = claimedAt;
    qsizetype next = 0;
    while (next < jobs.size() && !m_waiting.isEmpty()) {
        const auto [worker, maxJobs] = m_waiting.takeFirst();
        const QList<SyncJob> share = jobs.mid(next, maxJobs);
        next += share.size();
        QMetaObject::invokeMethod(
            worker, [worker, share] { worker->deliver(share); }, Qt::QueuedConnection);
    }
    // A full claim suggests more: go again for whoever is still waiting.
    if (jobs.size() == wanted)
        scheduleClaim();
}

void JobFeeder::stopClaiming() {
    m_stopping = true;
    m_waiting.clear();
    if (m_pollTimer)
        m_pollTimer->stop();
    Q_EMIT claimingStopped();
}

void JobFeeder::stop() {
    stopClaiming();
    m_connection.reset();
    Q_EMIT stopped();
}

} // namespace pgnotion
