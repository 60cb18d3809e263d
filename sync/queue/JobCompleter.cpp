#include "queue/JobCompleter.h"

#include "db/DatabaseConnection.h"

namespace pgnotion {

JobCompleter::JobCompleter(DatabaseUrl url, QString runId)
    : m_url(std::move(url))
    , m_runId(std::move(runId)) {}

JobCompleter::~JobCompleter() = default;

bool JobCompleter::ensureConnected() {
    if (m_connection && m_connection->isOpen())
        return true;
    m_queue.reset();
    m_connection = std::make_unique<DatabaseConnection>(m_url, QStringLiteral("completer"));
    if (auto opened = m_connection->open(); !opened) {
        Q_EMIT databaseErrorOccurred(opened.error().message);
        m_connection.reset();
        return false;
    }
    m_queue = std::make_unique<SyncQueue>(m_connection->database(), m_runId);
    return true;
}

void JobCompleter::completeJobs(const QList<CompletedJob> &jobs) {
    m_completions += jobs;
    scheduleFlush();
}

void JobCompleter::releaseJobs(const QList<qint64> &jobIds) {
    m_releases += jobIds;
    scheduleFlush();
}

// Completions that arrive together (from every worker) are written by one statement: the flush runs
// once the events already queued have been handled.
void JobCompleter::scheduleFlush() {
    if (m_flushScheduled)
        return;
    m_flushScheduled = true;
    QMetaObject::invokeMethod(this, &JobCompleter::flush, Qt::QueuedConnection);
}

void JobCompleter::flush() {
    m_flushScheduled = false;
    if ((m_completions.isEmpty() && m_releases.isEmpty()) || !ensureConnected())
        return;
    const QList<CompletedJob> completions = std::exchange(m_completions, {});
    const QList<qint64> releases = std::exchange(m_releases, {});
    auto done = m_queue->complete(completions);
    auto released = done ? m_queue->release(releases) : Result<int>(done.error());
    if (!done || !released) {
        // Kept for the next flush after a reconnect. Should this process die first, the jobs stay
        // running under its lease and the rescue returns them to the queue.
        Q_EMIT databaseErrorOccurred(!done ? done.error().message : released.error().message);
        if (!done)
            m_completions = completions + m_completions;
        m_releases = releases + m_releases;
        m_queue.reset();
        m_connection.reset();
    }
}

void JobCompleter::stop() {
    flush();
    m_queue.reset();
    m_connection.reset();
    Q_EMIT stopped();
}

} // namespace pgnotion
