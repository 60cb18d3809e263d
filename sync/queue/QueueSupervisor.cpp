#include "queue/QueueSupervisor.h"

#include "db/DatabaseConnection.h"
#include "queue/WorkerRegistry.h"

#include <QSqlDriver>
#include <QSqlQuery>
#include <QTimer>

#include <algorithm>

namespace pgnotion {

QueueSupervisor::QueueSupervisor(DatabaseUrl url, QString runId, SupervisorOptions options)
    : m_url(std::move(url))
    , m_runId(std::move(runId))
    , m_options(std::move(options)) {}

QueueSupervisor::~QueueSupervisor() = default;

void QueueSupervisor::start() {
    m_heartbeatTimer = new QTimer(this);
    m_heartbeatTimer->setInterval(m_options.heartbeatInterval);
    connect(m_heartbeatTimer, &QTimer::timeout, this, &QueueSupervisor::tick);
    m_heartbeatTimer->start();
    m_snapshotTimer = new QTimer(this);
    m_snapshotTimer->setInterval(m_options.snapshotInterval);
    connect(m_snapshotTimer, &QTimer::timeout, this, &QueueSupervisor::snapshotDepth);
    m_snapshotTimer->start();
    tick();
}

bool QueueSupervisor::connectAndRegister() {
    if (m_connection && m_connection->isOpen())
        return true;
    m_registry.reset();
    m_connection = std::make_unique<DatabaseConnection>(m_url, QStringLiteral("supervisor"));
    if (auto opened = m_connection->open(); !opened) {
        Q_EMIT databaseErrorOccurred(opened.error().message);
        m_connection.reset();
        return false;
    }
    QSqlDriver *driver = m_connection->database().driver();
    if (!driver->subscribeToNotification(QString::fromLatin1(kChannel))) {
        Q_EMIT databaseErrorOccurred(QStringLiteral("Cannot LISTEN on %1; falling back to polling")
                                         .arg(QString::fromLatin1(kChannel)));
    }
    connect(driver, &QSqlDriver::notification, this, &QueueSupervisor::jobsAvailable);
    m_registry = std::make_unique<WorkerRegistry>(m_connection->database(), m_options.instance, m_runId);
    if (!m_registered) {
        auto registered = m_registry->registerRun(m_options.threads, m_options.notionIntegration);
        if (!registered) {
            Q_EMIT databaseErrorOccurred(registered.error().message);
            m_registry.reset();
            m_connection.reset();
            return false;
        }
        m_registered = true;
        Q_EMIT ready(registered.value());
    }
    // A NOTIFY may have been missed while (re)connecting.
    Q_EMIT jobsAvailable();
    return true;
}

void QueueSupervisor::tick() {
    if (!connectAndRegister())
        return;
    auto beat = m_registry->heartbeat(m_options.lease, m_options.maxJobRuntime);
    auto rescued = m_registry->rescueLostJobs(m_options.staleAfter);
    if (!beat || !rescued) {
        Q_EMIT databaseErrorOccurred(!beat ? beat.error().message : rescued.error().message);
        m_registry.reset();
        m_connection.reset();
        return;
    }
    if (rescued.value() > 0) {
        Q_EMIT jobsRescued(rescued.value());
        Q_EMIT jobsAvailable();
    }
    countIntegrationSharers();
}

void QueueSupervisor::countIntegrationSharers() {
    if (m_options.notionIntegration.isEmpty() || !m_registry)
        return;
    auto runs = m_registry->liveRunsSharingIntegration(m_options.notionIntegration, m_options.staleAfter);
    if (!runs) {
        Q_EMIT databaseErrorOccurred(runs.error().message);
        return;
    }
    // This run counts itself even before its first heartbeat is visible.
    const int sharers = std::max(1, runs.value());
    if (sharers == m_integrationSharers)
        return;
    m_integrationSharers = sharers;
    Q_EMIT notionIntegrationSharedBy(sharers);
}

void QueueSupervisor::snapshotDepth() {
    if (!m_connection || !m_connection->isOpen())
        return;
    QSqlQuery query(m_connection->database());
    if (!query.exec(QStringLiteral("SELECT pgnotion.snapshot_queue_depth()")))
        Q_EMIT databaseErrorOccurred(sqlError(query, QStringLiteral("Recording queue depth")).message);
}

void QueueSupervisor::stop() {
    if (m_heartbeatTimer)
        m_heartbeatTimer->stop();
    if (m_snapshotTimer)
        m_snapshotTimer->stop();
    if (m_registry) {
        if (auto marked = m_registry->markStopped(); !marked)
            Q_EMIT databaseErrorOccurred(marked.error().message);
    }
    m_registry.reset();
    m_connection.reset();
    Q_EMIT stopped();
}

} // namespace pgnotion
