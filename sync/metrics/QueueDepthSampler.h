#pragma once

#include "db/DatabaseUrl.h"
#include "queue/QueueStats.h"

#include <QDateTime>
#include <QList>
#include <QMutex>
#include <QObject>

#include <chrono>
#include <memory>

class QThread;
class QTimer;

namespace pgnotion {

class DatabaseConnection;

// The shared queue as the newest sample saw it.
struct QueueDepthSnapshot {
    QList<QueueCount> counts; // per resource type: pending, running, retrying, dead
    bool queuePaused = false; // pgnotion.queue_control: every engine sharing the queue is paused
    QString pausedBy;
    QDateTime sampledAt; // of the newest sample that succeeded; invalid when none has yet
    qint64 failures = 0; // samples that failed since the start
    QString lastError;   // of the newest failed sample (cleared by a success)

    QueueCount total() const;
};

// Reads the queue's depth from Postgres every `interval` on a thread and a connection of its own, and keeps
// the newest answer: whoever serves metrics reads the snapshot and never waits on the database (a scrape
// answers at once even when Postgres does not). The connection is opened again after a failure.
class QueueDepthSampler : public QObject {
    Q_OBJECT
public:
    QueueDepthSampler(DatabaseUrl url, std::chrono::milliseconds interval, QObject *parent = nullptr);
    ~QueueDepthSampler() override;

    void start();
    // Waits for a sample in progress, closes the connection on its thread and ends the thread.
    void stop();

    // Thread-safe.
    QueueDepthSnapshot snapshot() const;

Q_SIGNALS:
    // After every sample, successful or not (emitted from the sampler's thread).
    void sampled();

private:
    void sampleOnThread();

    DatabaseUrl m_url;
    std::chrono::milliseconds m_interval;
    QThread *m_thread = nullptr;
    QObject *m_context = nullptr; // lives in m_thread: the timer and the samples run there
    QTimer *m_timer = nullptr;
    std::unique_ptr<DatabaseConnection> m_connection;
    mutable QMutex m_mutex;
    QueueDepthSnapshot m_snapshot;
};

} // namespace pgnotion
