#pragma once

#include "db/DatabaseUrl.h"
#include "queue/BackoffPolicy.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace pgnotion {

class DatabaseConnection;
class SyncQueue;

// A thread's connection to the queue, opened when first needed and again after it failed. Owned and used
// by one thread (the feeder, the completer, a worker).
class QueueConnection {
public:
    QueueConnection(DatabaseUrl url, QString purpose, QString runId, BackoffPolicy backoff = BackoffPolicy());
    ~QueueConnection();
    QueueConnection(const QueueConnection &) = delete;
    QueueConnection &operator=(const QueueConnection &) = delete;

    // The queue on an open connection; nullptr when the database cannot be reached (see lastError()).
    SyncQueue *queue();
    // The open connection itself (for a handler's reads and writes); invalid when it cannot be opened.
    QSqlDatabase database();
    QString lastError() const { return m_lastError; }
    // After a failed statement (the connection may be gone): the next queue() reconnects.
    void reset();

private:
    DatabaseUrl m_url;
    QString m_purpose;
    QString m_runId;
    BackoffPolicy m_backoff;
    std::unique_ptr<DatabaseConnection> m_connection;
    std::unique_ptr<SyncQueue> m_queue;
    QString m_lastError;
};

} // namespace pgnotion
