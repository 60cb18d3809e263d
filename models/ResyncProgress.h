#pragma once

#include "ResyncJobs.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <optional>

namespace pgnotion {

// Follows a resync to its end: how many of its jobs are done (completed, failed or dropped), how many
// failed, and about how long the rest takes. It polls the queue about once a second on a pool thread
// with a connection of its own, never blocking the GUI thread. A job is one Notion request or a few, so
// the first estimate is remaining / the Notion rate limit; once jobs finish, the observed rate refines it.
class ResyncProgress : public QObject {
    Q_OBJECT
public:
    static constexpr double kDefaultRequestsPerSecond = 3.0; // Notion's average rate limit
    // The oldest tracked jobs asked about per poll: they run first, and a million-row resync must not
    // send a million ids every second.
    static constexpr int kPollBatch = 20000;

    explicit ResyncProgress(QObject *parent = nullptr);

    void setDatabaseUrl(const QString &url) { m_databaseUrl = url; }
    void setRequestsPerSecond(double rate);
    double requestsPerSecond() const { return m_requestsPerSecond; }
    void setPollInterval(std::chrono::milliseconds interval);

    // Follows these jobs (as ResyncJobs returned them) until every one is done. While a resync is
    // followed, more jobs join it (the total grows); after it ended, a new one starts from zero.
    void track(const QList<qint64> &jobIds);
    // Discards the followed jobs still waiting to run and stops following; running jobs finish.
    void cancel();

    bool isActive() const { return m_active; }
    bool isCancelling() const { return m_cancelling; }
    int total() const { return m_total; }
    int done() const { return m_done; }
    int failed() const { return m_failed; }
    int percent() const;
    // At the observed rate once jobs have been finishing for a while, at the configured rate before.
    double effectiveRate() const;
    std::optional<qint64> secondsLeft() const;
    // "12 / 40 done, 1 failed, about 1 min left at 3 requests/s".
    QString summary() const;

Q_SIGNALS:
    void progressChanged();
    // Every followed job is done; `failed` of them are dead.
    void finished(int total, int failed);
    void cancelled(int discarded, int kept);
    void pollFailed(const QString &message);
    void cancelFailed(const QString &message);

private:
    void poll();
    void applyFinished(const QList<FinishedResyncJob> &finishedJobs);
    void finishIfDone();

    QString m_databaseUrl;
    double m_requestsPerSecond = kDefaultRequestsPerSecond;
    QTimer m_timer;
    QElapsedTimer m_elapsed;
    QList<qint64> m_outstanding; // sorted: the oldest (lowest ids) first
    int m_total = 0;
    int m_done = 0;
    int m_failed = 0;
    bool m_active = false;
    bool m_cancelling = false;
    bool m_polling = false;
    // Bumped by a new resync or a cancel: a poll answering for an older one is dropped.
    quint64 m_generation = 0;
};

} // namespace pgnotion
