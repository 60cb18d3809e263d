#include "queue/QueueConnection.h"

#include "db/DatabaseConnection.h"
#include "queue/SyncQueue.h"

namespace pgnotion {

QueueConnection::QueueConnection(DatabaseUrl url, QString purpose, QString runId, BackoffPolicy backoff)
    : m_url(std::move(url))
    , m_purpose(std::move(purpose))
    , m_runId(std::move(runId))
    , m_backoff(std::move(backoff)) {}

QueueConnection::~QueueConnection() {
    reset();
}

SyncQueue *QueueConnection::queue() {
    if (m_queue && m_connection->isOpen())
        return m_queue.get();
    reset();
    m_connection = std::make_unique<DatabaseConnection>(m_url, m_purpose);
    if (auto opened = m_connection->open(); !opened) {
        m_lastError = opened.error().message;
        m_connection.reset();
        return nullptr;
    }
    m_queue = std::make_unique<SyncQueue>(m_connection->database(), m_runId, m_backoff);
    return m_queue.get();
}

QSqlDatabase QueueConnection::database() {
    return queue() ? m_connection->database() : QSqlDatabase();
}

void QueueConnection::reset() {
    m_queue.reset(); // before the connection: it holds prepared queries on it
    m_connection.reset();
}

} // namespace pgnotion
