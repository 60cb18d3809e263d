#include "DesktopEngine.h"

#include "inbound/InboundPoller.h"
#include "mapping/MappingLoader.h"

#include <QEventLoop>
#include <QTimer>
#include <QtConcurrent>

namespace pgnotion {

DesktopEngine::DesktopEngine(QObject *parent)
    : QObject(parent) {}

DesktopEngine::~DesktopEngine() {
    if (m_preparing)
        m_preparing->waitForFinished(); // it holds no GUI state: only the mapping and Notion checks
    m_poller.reset();                   // stops and waits for the poll in progress
    if (m_pool && m_pool->isRunning()) {
        QEventLoop stopping;
        connect(m_pool.get(), &WorkerPool::stopped, &stopping, &QEventLoop::quit);
        QTimer::singleShot(15000, &stopping, &QEventLoop::quit);
        m_pool->stop();
        stopping.exec();
    }
}

void DesktopEngine::start(const DesktopEngineConfig &config) {
    if (m_preparing || m_pool)
        return;
    m_config = config;
    const auto url = DatabaseUrl::parse(config.databaseUrl);
    if (!url) {
        Q_EMIT failed(url.error().message);
        return;
    }
    m_preparing = new QFutureWatcher<Result<Prepared>>(this);
    connect(m_preparing, &QFutureWatcherBase::finished, this, [this, databaseUrl = url.value()] {
        const auto prepared = m_preparing->result();
        m_preparing->deleteLater();
        m_preparing = nullptr;
        if (!prepared) {
            Q_EMIT failed(prepared.error().message);
            return;
        }
        WorkerPoolOptions options;
        options.workers = m_config.workers;
        m_pool =
            EngineSetup::createPool(databaseUrl, prepared.value().engine, prepared.value().notion, options);
        m_notion = prepared.value().notion;
        m_pool->start();
        InboundPollerOptions polling;
        polling.interval = std::chrono::seconds(m_config.pollingIntervalSeconds);
        m_poller = std::make_unique<InboundPoller>(databaseUrl, prepared.value().engine.mapping,
                                                   prepared.value().engine.dataSources,
                                                   prepared.value().notion, polling);
        m_poller->start();
        Q_EMIT started(m_pool.get(), prepared.value().engine.integrationName);
    });
    m_preparing->setFuture(QtConcurrent::run([config]() -> Result<Prepared> {
        auto mapping = config.mappingFile.isEmpty() ? MappingLoader::defaultMapping()
                                                    : MappingLoader::fromFile(config.mappingFile);
        if (!mapping)
            return mapping.error();
        Prepared prepared;
        if (!config.notionBaseUrl.isEmpty())
            prepared.notion.baseUrl = config.notionBaseUrl;
        prepared.notion.requestsPerSecond = config.requestsPerSecond;
        prepared.notion.token = config.notionToken;
        auto engine = EngineSetup::prepare(mapping.value(), prepared.notion);
        if (!engine)
            return engine.error();
        prepared.engine = engine.value();
        return prepared;
    }));
}

} // namespace pgnotion
