#pragma once

#include "common/Result.h"
#include "db/LocalPostgresCluster.h"
#include "engine/EngineSetup.h"
#include "queue/WorkerPool.h"

#include <QFuture>
#include <QObject>
#include <QUrl>

#include <memory>

class QProcess;
class QThread;

namespace pgnotion {

class DemoWorkload;
class InboundPoller;

// The embedded default of `pgnotion --demo`: a private PostgreSQL (migrated), the Notion emulator with the
// default mapping's databases, the engine, and a small workload, so that a newcomer sees everything alive
// within seconds. Every step that waits runs off the GUI thread; everything started is stopped, in order,
// when this goes (window closed, SIGTERM).
class DemoEnvironment : public QObject {
    Q_OBJECT
public:
    explicit DemoEnvironment(QObject *parent = nullptr);
    ~DemoEnvironment() override;

    void start();

Q_SIGNALS:
    // PostgreSQL is up and migrated: the window can watch it.
    void ready(const QString &databaseUrl);
    // The engine runs (in this process): the window can follow it first hand.
    void engineStarted(pgnotion::WorkerPool *pool);
    // How the demo's engine reaches Notion (the emulator): the window's verify action uses the same.
    void notionReady(const pgnotion::NotionClientOptions &notion);
    void progressed(const QString &message);
    void failed(const QString &message);

private:
    void startEmulator();
    void prepareNotion();
    void startEngine(const PreparedEngine &engine);

    std::unique_ptr<LocalPostgresCluster> m_cluster;
    QString m_databaseUrl;
    QFuture<Result<QString>> m_starting;
    QFuture<Result<PreparedEngine>> m_preparing;
    QProcess *m_emulator = nullptr;
    QUrl m_notionUrl;
    std::unique_ptr<WorkerPool> m_pool;
    std::unique_ptr<InboundPoller> m_poller;
    QThread *m_workloadThread = nullptr;
    DemoWorkload *m_workload = nullptr;
    int m_jobsDone = 0;
    int m_jobsFailed = 0;
};

} // namespace pgnotion
