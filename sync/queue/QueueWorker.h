#pragma once

#include "db/DatabaseUrl.h"
#include "queue/JobHandler.h"
#include "queue/JobReport.h"

#include <QObject>
#include <QStringList>

#include <atomic>
#include <chrono>
#include <memory>

class QTimer;

namespace pgnotion {

class DatabaseConnection;
class SyncQueue;

struct QueueWorkerOptions {
    // Jobs claimed per round trip. Notion work wants 1 (a lease per job); no-op or local jobs want more.
    int batchSize = 1;
    std::chrono::milliseconds lease{std::chrono::seconds(60)};
    std::chrono::milliseconds pollInterval{std::chrono::seconds(1)};
    QStringList directions; // empty: both
};

// One worker thread's loop: claim, handle, complete or fail, repeat while there is work; then sleep until
// a NOTIFY wakes it or the poll timer fires. Lives in its own QThread and owns its own connection.
class QueueWorker : public QObject {
    Q_OBJECT
public:
    QueueWorker(DatabaseUrl url, QString runId, int index, std::unique_ptr<JobHandler> handler,
                QueueWorkerOptions options);
    ~QueueWorker() override;

    // Thread-safe: asks the loop to stop after the job in hand; the rest of its batch is released.
    void requestStop() { m_stopRequested = true; }
    void setPaused(bool paused) { m_paused = paused; }
    bool isBusy() const { return m_busy; }

public Q_SLOTS:
    void start();
    void wake();
    void stop();

Q_SIGNALS:
    void jobsProcessed(const QList<pgnotion::JobReport> &reports);
    void databaseErrorOccurred(const QString &message);
    void stopped();

private:
    void runCycle();
    bool ensureConnected();
    void scheduleCycle();

    DatabaseUrl m_url;
    QString m_runId;
    int m_index;
    std::unique_ptr<JobHandler> m_handler;
    QueueWorkerOptions m_options;
    std::unique_ptr<DatabaseConnection> m_connection;
    std::unique_ptr<SyncQueue> m_queue;
    QTimer *m_pollTimer = nullptr;
    bool m_cycleScheduled = false;
    std::atomic<bool> m_stopRequested{false};
    std::atomic<bool> m_paused{false};
    std::atomic<bool> m_busy{false};
};

} // namespace pgnotion
