#include "ResyncProgress.h"

#include "PoolTask.h"
#include "db/DatabaseConnection.h"

#include <QFutureWatcher>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <memory>

namespace pgnotion {
namespace {

// The observed rate says little until some jobs finished over some seconds.
constexpr int kMinimumJobsObserved = 3;
constexpr qint64 kMinimumObservedMs = 5000;

QString rateText(double rate) {
    return QString::number(rate, 'g', rate < 10 ? 2 : 3);
}

} // namespace

ResyncProgress::ResyncProgress(QObject *parent)
    : QObject(parent) {
    m_timer.setInterval(std::chrono::milliseconds(1000));
    connect(&m_timer, &QTimer::timeout, this, &ResyncProgress::poll);
}

void ResyncProgress::setRequestsPerSecond(double rate) {
    m_requestsPerSecond = rate > 0 ? rate : kDefaultRequestsPerSecond;
    Q_EMIT progressChanged();
}

void ResyncProgress::setPollInterval(std::chrono::milliseconds interval) {
    m_timer.setInterval(interval);
}

void ResyncProgress::track(const QList<qint64> &jobIds) {
    if (!m_active) {
        ++m_generation;
        m_outstanding.clear();
        m_total = m_done = m_failed = 0;
        m_active = true;
        m_cancelling = false;
        m_elapsed.start();
    }
    // A row resynced twice while its job waits is one job: counted once.
    QSet<qint64> known(m_outstanding.cbegin(), m_outstanding.cend());
    for (qint64 id : jobIds) {
        if (!known.contains(id)) {
            known.insert(id);
            m_outstanding.append(id);
            ++m_total;
        }
    }
    std::sort(m_outstanding.begin(), m_outstanding.end());
    Q_EMIT progressChanged();
    finishIfDone();
    if (m_active) {
        m_timer.start();
        poll();
    }
}

void ResyncProgress::cancel() {
    if (!m_active || m_cancelling)
        return;
    m_cancelling = true;
    m_timer.stop();
    ++m_generation; // a poll in flight no longer counts
    auto *watcher = new QFutureWatcher<Result<ResyncCancelOutcome>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        const Result<ResyncCancelOutcome> outcome = watcher->result();
        m_cancelling = false;
        if (!outcome) {
            // Still following: the jobs are still there and will run.
            m_timer.start();
            Q_EMIT cancelFailed(outcome.error().message);
            return;
        }
        m_active = false;
        m_outstanding.clear();
        Q_EMIT progressChanged();
        Q_EMIT cancelled(outcome.value().discarded, outcome.value().kept);
    });
    watcher->setFuture(runInPool<Result<ResyncCancelOutcome>>([url = m_databaseUrl, ids = m_outstanding] {
        return withConnection(url, QStringLiteral("dashboard"), [&ids](QSqlDatabase database) {
            return ResyncJobs(database).discardWaiting(ids);
        });
    }));
    Q_EMIT progressChanged();
}

void ResyncProgress::poll() {
    if (!m_active || m_cancelling || m_polling || m_outstanding.isEmpty())
        return;
    m_polling = true;
    const QList<qint64> batch = m_outstanding.mid(0, kPollBatch);
    auto *watcher = new QFutureWatcher<Result<QList<FinishedResyncJob>>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation = m_generation] {
        watcher->deleteLater();
        m_polling = false;
        if (generation != m_generation)
            return;
        const Result<QList<FinishedResyncJob>> result = watcher->result();
        if (!result) {
            Q_EMIT pollFailed(result.error().message); // the next poll tries again
            return;
        }
        applyFinished(result.value());
    });
    watcher->setFuture(runInPool<Result<QList<FinishedResyncJob>>>([url = m_databaseUrl, batch] {
        return withConnection(url, QStringLiteral("dashboard"), [&batch](QSqlDatabase database) {
            return ResyncJobs(database).finished(batch);
        });
    }));
}

void ResyncProgress::applyFinished(const QList<FinishedResyncJob> &finishedJobs) {
    if (finishedJobs.isEmpty())
        return;
    QSet<qint64> gone;
    for (const FinishedResyncJob &job : finishedJobs) {
        gone.insert(job.id);
        if (job.failed)
            ++m_failed;
    }
    m_outstanding.removeIf([&gone](qint64 id) { return gone.contains(id); });
    m_done = m_total - int(m_outstanding.size());
    Q_EMIT progressChanged();
    finishIfDone();
}

void ResyncProgress::finishIfDone() {
    if (!m_active || !m_outstanding.isEmpty())
        return;
    m_active = false;
    m_timer.stop();
    Q_EMIT finished(m_total, m_failed);
}

int ResyncProgress::percent() const {
    if (m_total == 0)
        return m_active ? 0 : 100;
    return int(qint64(m_done) * 100 / m_total);
}

double ResyncProgress::effectiveRate() const {
    const qint64 elapsedMs = m_elapsed.isValid() ? m_elapsed.elapsed() : 0;
    if (m_done >= kMinimumJobsObserved && elapsedMs >= kMinimumObservedMs)
        return m_done * 1000.0 / double(elapsedMs);
    return m_requestsPerSecond;
}

std::optional<qint64> ResyncProgress::secondsLeft() const {
    const int remaining = m_total - m_done;
    if (!m_active || remaining <= 0)
        return std::nullopt;
    return qint64(std::ceil(remaining / effectiveRate()));
}

QString ResyncProgress::summary() const {
    QString text = tr("%1 / %2 done").arg(m_done).arg(m_total);
    if (m_failed > 0)
        text += tr(", %1 failed").arg(m_failed);
    if (const std::optional<qint64> seconds = secondsLeft()) {
        const QString left =
            *seconds < 60 ? tr("less than a minute left") : tr("about %1 min left").arg((*seconds + 59) / 60);
        text += tr(", %1 at %2 requests/s").arg(left, rateText(effectiveRate()));
    }
    return text;
}

} // namespace pgnotion
