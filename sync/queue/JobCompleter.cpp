#include "queue/JobCompleter.h"

namespace pgnotion {

JobCompleter::JobCompleter(DatabaseUrl url, QString runId)
    : m_connection(std::move(url), QStringLiteral("completer"), std::move(runId)) {}

JobCompleter::~JobCompleter() = default;

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
    if (m_completions.isEmpty() && m_releases.isEmpty())
        return;
    SyncQueue *queue = m_connection.queue();
    if (!queue) {
        Q_EMIT databaseErrorOccurred(m_connection.lastError());
        return;
    }
    const QList<CompletedJob> completions = std::exchange(m_completions, {});
    const QList<qint64> releases = std::exchange(m_releases, {});
    auto done = queue->complete(completions);
    auto released = done ? queue->release(releases) : Result<int>(done.error());
    if (!done || !released) {
        // Kept for the next flush after a reconnect. Should this process die first, the jobs stay
        // running under its lease and the rescue returns them to the queue.
        Q_EMIT databaseErrorOccurred(!done ? done.error().message : released.error().message);
        if (!done)
            m_completions = completions + m_completions;
        m_releases = releases + m_releases;
        m_connection.reset();
    }
}

void JobCompleter::stop() {
    flush();
    m_connection.reset();
    Q_EMIT stopped();
}

} // namespace pgnotion
