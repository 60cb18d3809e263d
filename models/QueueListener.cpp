#include "QueueListener.h"

#include "db/DatabaseConnection.h"
#include "queue/QueueSupervisor.h"

#include <QSqlDriver>
#include <QThread>
#include <QTimer>

namespace pgnotion {

// Lives on the listener's thread: owns the connection, its notifications and the reconnect timer.
class QueueListenerConnection : public QObject {
    Q_OBJECT
public:
    explicit QueueListenerConnection(QString url)
        : m_url(std::move(url)) {}

    void start() {
        m_retry = new QTimer(this);
        m_retry->setInterval(5000);
        connect(m_retry, &QTimer::timeout, this, &QueueListenerConnection::connectAndListen);
        // A burst of writes (a resync of a thousand rows) is one refresh, not a thousand.
        m_coalesce = new QTimer(this);
        m_coalesce->setSingleShot(true);
        m_coalesce->setInterval(250);
        connect(m_coalesce, &QTimer::timeout, this, &QueueListenerConnection::changed);
        connectAndListen();
    }

    void stop() { m_connection.reset(); }

Q_SIGNALS:
    void changed();
    void listening();

private:
    void connectAndListen() {
        if (m_connection && m_connection->isOpen())
            return;
        const auto url = DatabaseUrl::parse(m_url);
        if (!url)
            return;
        m_connection = std::make_unique<DatabaseConnection>(url.value(), QStringLiteral("dashboard listen"));
        const auto opened = m_connection->open();
        QSqlDriver *driver = opened ? m_connection->database().driver() : nullptr;
        if (!driver || !driver->subscribeToNotification(QString::fromLatin1(QueueSupervisor::kChannel))) {
            m_connection.reset();
            m_retry->start();
            return;
        }
        connect(driver, &QSqlDriver::notification, this, [this] {
            if (!m_coalesce->isActive())
                m_coalesce->start();
        });
        m_retry->stop();
        Q_EMIT listening();
    }

    QString m_url;
    std::unique_ptr<DatabaseConnection> m_connection;
    QTimer *m_retry = nullptr;
    QTimer *m_coalesce = nullptr;
};

QueueListener::QueueListener(QObject *parent)
    : QObject(parent) {}

QueueListener::~QueueListener() {
    if (!m_thread)
        return;
    QMetaObject::invokeMethod(m_connection, &QueueListenerConnection::stop, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
}

void QueueListener::listen(const QString &databaseUrl) {
    if (m_thread)
        return;
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("pgnotion-dashboard-listen"));
    m_connection = new QueueListenerConnection(databaseUrl);
    m_connection->moveToThread(m_thread);
    connect(m_thread, &QThread::started, m_connection, &QueueListenerConnection::start);
    connect(m_thread, &QThread::finished, m_connection, &QObject::deleteLater);
    connect(m_connection, &QueueListenerConnection::changed, this, &QueueListener::queueChanged);
    connect(m_connection, &QueueListenerConnection::listening, this, &QueueListener::listening);
    m_thread->start();
}

} // namespace pgnotion

#include "QueueListener.moc"
