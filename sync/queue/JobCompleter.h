#pragma once

#include "db/DatabaseUrl.h"
#include "queue/QueueConnection.h"
#include "queue/SyncQueue.h"

#include <QList>
#include <QObject>

#include <memory>

namespace pgnotion {

// Completes (and releases) jobs for every worker of the process: what arrives together is written in one
// statement. Its own thread and connection, so that completions run while the feeder claims.
class JobCompleter : public QObject {
    Q_OBJECT
public:
    JobCompleter(DatabaseUrl url, QString runId);
    ~JobCompleter() override;

public Q_SLOTS:
    void completeJobs(const QList<pgnotion::CompletedJob> &jobs);
    // Claimed jobs a worker did not start (it is stopping): back to the queue, attempt not spent.
    void releaseJobs(const QList<qint64> &jobIds);
    // Writes what is left and closes the connection; `stopped` follows.
    void stop();

Q_SIGNALS:
    void databaseErrorOccurred(const QString &message);
    void stopped();

private:
    void scheduleFlush();
    void flush();

    QueueConnection m_connection;
    QList<CompletedJob> m_completions;
    QList<qint64> m_releases;
    bool m_flushScheduled = false;
};

} // namespace pgnotion
