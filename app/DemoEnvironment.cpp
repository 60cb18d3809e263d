#include "DemoEnvironment.h"

#include "BackgroundMigration.h"
#include "DemoWorkload.h"
#include "EmulatorProcess.h"
#include "engine/WorkspaceSetup.h"
#include "inbound/InboundPoller.h"
#include "mapping/MappingLoader.h"
#include "queue/WorkerPool.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QProcess>
#include <QThread>
#include <QTimer>
#include <QtConcurrent>

namespace pgnotion {
namespace {

const QString kDemoToken = QStringLiteral("secret_demo");

NotionClientOptions demoNotion(const QUrl &baseUrl) {
    NotionClientOptions notion;
    notion.baseUrl = baseUrl;
    notion.token = kDemoToken;
    return notion;
}

} // namespace

DemoEnvironment::DemoEnvironment(QObject *parent)
    : QObject(parent)
    , m_cluster(std::make_unique<LocalPostgresCluster>()) {}

DemoEnvironment::~DemoEnvironment() {
    // In order: nothing writes, nothing syncs, then Notion and Postgres go.
    if (m_workloadThread) {
        QMetaObject::invokeMethod(m_workload, &DemoWorkload::stop, Qt::BlockingQueuedConnection);
        m_workloadThread->quit();
        m_workloadThread->wait();
    }
    m_poller.reset(); // stops and waits for the poll in progress
    if (m_pool && m_pool->isRunning()) {
        QEventLoop stopping;
        connect(m_pool.get(), &WorkerPool::stopped, &stopping, &QEventLoop::quit);
        QTimer::singleShot(15000, &stopping, &QEventLoop::quit);
        m_pool->stop();
        stopping.exec();
    }
    m_pool.reset();
    if (m_emulator) {
        m_emulator->terminate();
        m_emulator->waitForFinished(5000);
    }
    m_starting.waitForFinished();
    m_preparing.waitForFinished();
} // the cluster stops and its directory goes

void DemoEnvironment::start() {
    Q_EMIT progressed(tr("Starting a private PostgreSQL..."));
    auto *watcher = new QFutureWatcher<Result<QString>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        const auto started = watcher->result();
        watcher->deleteLater();
        if (!started) {
            Q_EMIT failed(started.error().message);
            return;
        }
        m_databaseUrl = started.value();
        Q_EMIT ready(m_databaseUrl);
        startEmulator();
    });
    m_starting = QtConcurrent::run([cluster = m_cluster.get()]() -> Result<QString> {
        if (auto up = cluster->start(); !up)
            return up.error();
        if (auto migrated = migrateNow(cluster->url(), false); !migrated)
            return migrated.error();
        return cluster->url();
    });
    watcher->setFuture(m_starting);
}

void DemoEnvironment::startEmulator() {
    Q_EMIT progressed(tr("Starting the Notion emulator..."));
    m_emulator = new QProcess(this);
    m_emulator->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    connect(m_emulator, &QProcess::readyReadStandardOutput, this, [this] {
        if (m_notionUrl.isValid() || !m_emulator->canReadLine())
            return;
        const QString banner = QString::fromUtf8(m_emulator->readLine()).trimmed();
        m_notionUrl = QUrl(banner.section(QLatin1Char(' '), -1));
        prepareNotion();
    });
    connect(m_emulator, &QProcess::errorOccurred, this, [this](QProcess::ProcessError) {
        Q_EMIT failed(tr("The Notion emulator did not start: %1").arg(m_emulator->errorString()));
    });
    // Like Notion: 3 requests/s, some latency, and now and then a failure the engine must ride out.
    m_emulator->start(QCoreApplication::applicationDirPath() + QStringLiteral("/pgnotion-notion-emulator"),
                      {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--token"), kDemoToken,
                       QStringLiteral("--latency-ms"), QStringLiteral("80"), QStringLiteral("--rate-limit"),
                       QStringLiteral("3"), QStringLiteral("--burst"), QStringLiteral("3"),
                       QStringLiteral("--fault-rate"), QStringLiteral("0.05"), QStringLiteral("--faults"),
                       QStringLiteral("503,504,reset")});
}

void DemoEnvironment::prepareNotion() {
    Q_EMIT progressed(tr("Creating the Notion databases of the default mapping..."));
    auto *watcher = new QFutureWatcher<Result<PreparedEngine>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        const auto prepared = watcher->result();
        watcher->deleteLater();
        if (!prepared) {
            Q_EMIT failed(prepared.error().message);
            return;
        }
        startEngine(prepared.value());
    });
    m_preparing = QtConcurrent::run([url = m_notionUrl]() -> Result<PreparedEngine> {
        QString error;
        const QJsonObject seeded = EmulatorProcess::adminCall(
            url, QStringLiteral("/__emulator/seed"), "POST",
            QJsonObject{{QStringLiteral("workspace_name"), QStringLiteral("pgnotion demo")},
                        {QStringLiteral("pages"),
                         QJsonArray{QJsonObject{{QStringLiteral("title"), QStringLiteral("Agency")}}}}},
            error);
        if (!error.isEmpty())
            return Error{QStringLiteral("Seeding the emulator failed: %1").arg(error),
                         QStringLiteral("demo")};
        auto mapping = MappingLoader::defaultMapping();
        if (!mapping)
            return mapping.error();
        for (ResourceMapping &resource : mapping.value().resources)
            resource.enabled = true; // the demo shows the optional CRM too
        auto created = WorkspaceSetup::createDatabases(
            mapping.value(), seeded[QStringLiteral("pages")][0].toString(), demoNotion(url));
        if (!created)
            return created.error();
        for (ResourceMapping &resource : mapping.value().resources)
            resource.notionDatabase = created.value().databases.value(resource.name);
        return EngineSetup::prepare(mapping.value(), demoNotion(url));
    });
    watcher->setFuture(m_preparing);
}

void DemoEnvironment::startEngine(const PreparedEngine &engine) {
    auto url = DatabaseUrl::parse(m_databaseUrl);
    WorkerPoolOptions options;
    options.supervisor.instance = QStringLiteral("pgnotion-demo");
    const NotionClientOptions notion = demoNotion(m_notionUrl);
    m_pool = EngineSetup::createPool(url.value(), engine, notion, options);
    connect(m_pool.get(), &WorkerPool::jobsProcessed, this, [this](const QList<JobReport> &reports) {
        for (const JobReport &report : reports)
            (report.outcome == QLatin1String("completed") ? m_jobsDone : m_jobsFailed) += 1;
        Q_EMIT progressed(tr("Demo: %1 syncs done, %2 retried or failed — Notion is the emulator at %3")
                              .arg(m_jobsDone)
                              .arg(m_jobsFailed)
                              .arg(m_notionUrl.toString()));
    });
    m_pool->start();
    InboundPollerOptions polling;
    polling.interval = std::chrono::seconds(5); // edits made in the emulator's Notion come back quickly
    m_poller =
        std::make_unique<InboundPoller>(url.value(), engine.mapping, engine.dataSources, notion, polling);
    m_poller->start();
    Q_EMIT engineStarted(m_pool.get());
    Q_EMIT notionReady(notion);

    m_workloadThread = new QThread(this);
    m_workloadThread->setObjectName(QStringLiteral("pgnotion-demo-workload"));
    m_workload = new DemoWorkload(url.value(), m_notionUrl, kDemoToken);
    m_workload->moveToThread(m_workloadThread);
    connect(m_workloadThread, &QThread::started, m_workload, &DemoWorkload::start);
    connect(m_workloadThread, &QThread::finished, m_workload, &QObject::deleteLater);
    connect(m_workload, &DemoWorkload::failed, this, &DemoEnvironment::failed);
    m_workloadThread->start();
    Q_EMIT progressed(tr("Demo running: %1 syncs to Notion through the engine").arg(engine.integrationName));
}

} // namespace pgnotion
