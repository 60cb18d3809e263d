#pragma once

#include "db/DatabaseUrl.h"

#include <QObject>

#include <chrono>
#include <memory>

class QTimer;

namespace pgnotion {

class DatabaseConnection;
class WorkerRegistry;

struct SupervisorOptions {
    QString instance;
    // The Notion integration this run's workers use (its bot id): the runs sharing it share its rate.
    QString notionIntegration;
    int threads = 0;
    std::chrono::milliseconds heartbeatInterval{std::chrono::seconds(5)};
    std::chrono::milliseconds lease{std::chrono::seconds(60)};
    std::chrono::milliseconds maxJobRuntime{std::chrono::minutes(10)};
    std::chrono::milliseconds staleAfter{std::chrono::seconds(30)};
    std::chrono::milliseconds snapshotInterval{std::chrono::seconds(60)};
};

// The engine run's housekeeping, on its own thread and connection: registers the run (freeing what its
// previous run held), LISTENs for new jobs and wakes the workers, heartbeats (extending leases), rescues
// jobs of vanished workers, and records queue depth for the charts.
class QueueSupervisor : public QObject {
    Q_OBJECT
public:
    static constexpr const char *kChannel = "pgnotion_sync";

    QueueSupervisor(DatabaseUrl url, QString runId, SupervisorOptions options);
    ~QueueSupervisor() override;

public Q_SLOTS:
    void start();
    void stop();

Q_SIGNALS:
    void ready(int freedFromPreviousRun);
    void jobsAvailable();
    void jobsRescued(int count);
    // The number of live runs (this one included) using this run's Notion integration, when it changes.
    void notionIntegrationSharedBy(int runs);
    void databaseErrorOccurred(const QString &message);
    void stopped();

private:
    void tick();
    void snapshotDepth();
    bool connectAndRegister();
    void countIntegrationSharers();

    DatabaseUrl m_url;
    QString m_runId;
    SupervisorOptions m_options;
    std::unique_ptr<DatabaseConnection> m_connection;
    std::unique_ptr<WorkerRegistry> m_registry;
    QTimer *m_heartbeatTimer = nullptr;
    QTimer *m_snapshotTimer = nullptr;
    int m_integrationSharers = 1;
    bool m_registered = false;
};

} // namespace pgnotion
