#pragma once

#include <QObject>
#include <QString>

#include <memory>

class QThread;

namespace pgnotion {

class QueueListenerConnection;

// LISTENs on the queue's channel for the dashboard, on a thread and connection of its own: a write
// enqueued anywhere (the outbox trigger), a retry or a resume reaches the pages at once, wherever the
// engines run. The pages' polling stays as the safety net (a completion sends no NOTIFY).
class QueueListener : public QObject {
    Q_OBJECT
public:
    explicit QueueListener(QObject *parent = nullptr);
    ~QueueListener() override;

    // Starts listening on this database (reconnecting every few seconds when it goes away).
    void listen(const QString &databaseUrl);

Q_SIGNALS:
    // Something changed in the queue; several NOTIFYs within `coalesceMs` arrive as one.
    void queueChanged();
    void listening();

private:
    QThread *m_thread = nullptr;
    QueueListenerConnection *m_connection = nullptr;
};

} // namespace pgnotion
