#include "HeadlessWorker.h"

#include "BackgroundMigration.h"
#include "CommandLineConfig.h"
#include "db/DatabaseConnection.h"
#include "engine/EngineSetup.h"
#include "inbound/InboundPoller.h"
#include "metrics/EngineMetricsEndpoint.h"
#include "notion/RateLimiter.h"
#include "queue/WorkerPool.h"
#include "webhooks/NotionWebhookReceiver.h"
#include "webhooks/WebhookInboundBridge.h"

#include <QDir>
#include <QSaveFile>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTimer>

namespace pgnotion {

HeadlessWorker::HeadlessWorker(const CommandLine &command, QTextStream &err, QObject *parent)
    : QObject(parent)
    , m_command(command)
    , m_log(err,
            command.logFormat == QLatin1String("json") ? LogWriter::Format::Json : LogWriter::Format::Text) {}

HeadlessWorker::~HeadlessWorker() = default;

int HeadlessWorker::start() {
    const auto url = DatabaseUrl::parse(m_command.databaseUrl);
    if (!url) {
        m_log.error(url.error().message);
        return 2;
    }
    if (auto migrated = migrateNow(m_command.databaseUrl, !m_command.demoTables); !migrated) {
        m_log.error(migrated.error().message);
        return 1;
    }
    auto loaded = CommandLineConfig::load(m_command);
    if (const auto *failure = std::get_if<CommandLineConfig::Failure>(&loaded)) {
        m_log.error(failure->message);
        return failure->exitCode;
    }
    const CommandLineConfig &config = std::get<CommandLineConfig>(loaded);
    const NotionClientOptions &notion = config.notion;
    auto prepared = EngineSetup::prepare(config.mapping, notion);
    if (!prepared) {
        m_log.error(prepared.error().message);
        return 1;
    }
    m_log.info(QStringLiteral("Notion integration \"%1\", %2 data sources, %3 workers, on %4")
                   .arg(prepared.value().integrationName)
                   .arg(prepared.value().dataSources.size())
                   .arg(m_command.workers)
                   .arg(url.value().redacted()));

    WorkerPoolOptions options;
    options.workers = m_command.workers;
    if (!m_command.instance.isEmpty())
        options.supervisor.instance = m_command.instance;
    m_pool = EngineSetup::createPool(url.value(), prepared.value(), notion, options);
    connect(m_pool.get(), &WorkerPool::jobsProcessed, this, &HeadlessWorker::logReports);
    connect(m_pool.get(), &WorkerPool::databaseErrorOccurred, this,
            [this](const QString &message) { m_log.warning(QStringLiteral("database: ") + message); });
    connect(m_pool.get(), &WorkerPool::notionAuthenticationFailed, this, [this](const QString &message) {
        m_log.error(QStringLiteral("Notion rejected the token; workers paused: ") + message);
    });
    connect(m_pool.get(), &WorkerPool::stopped, this, [this] { Q_EMIT finished(m_exitCode); });
    if (m_command.metricsPort > 0 && !startMetrics(url.value(), notion))
        return 1;
    m_pool->start();
    // Notion -> Postgres: edits made in Notion are polled and queued for the workers.
    m_poller = std::make_unique<InboundPoller>(url.value(), prepared.value().mapping,
                                               prepared.value().dataSources, notion);
    connect(m_poller.get(), &InboundPoller::errorOccurred, this,
            [this](const QString &message) { m_log.warning(QStringLiteral("inbound: ") + message); });
    m_poller->start();
    if (m_command.webhookPort > 0 && !startWebhooks(prepared.value()))
        return 1;

    if (m_command.exitWhenIdle) {
        m_connection = std::make_unique<DatabaseConnection>(url.value(), QStringLiteral("idle-check"));
        if (auto opened = m_connection->open(); !opened) {
            m_log.error(opened.error().message);
            return 1;
        }
        m_idleTimer = new QTimer(this);
        m_idleTimer->setInterval(500);
        connect(m_idleTimer, &QTimer::timeout, this, &HeadlessWorker::checkIdle);
        m_idleTimer->start();
    }
    return 0;
}

bool HeadlessWorker::startWebhooks(const PreparedEngine &engine) {
    NotionWebhookOptions options;
    options.port = quint16(m_command.webhookPort);
    if (!m_command.webhookAddress.isEmpty())
        options.address = QHostAddress(m_command.webhookAddress);
    m_webhooks = std::make_unique<NotionWebhookReceiver>(options);
    m_webhooks->setVerificationToken(qEnvironmentVariable("PGNOTION_WEBHOOK_VERIFICATION_TOKEN"));
    m_webhooks->setOwnBotId(engine.botId);
    m_bridge = std::make_unique<WebhookInboundBridge>(m_command.databaseUrl, engine.mapping);
    connect(m_webhooks.get(), &NotionWebhookReceiver::pageChanged, m_bridge.get(),
            &WebhookInboundBridge::onPageChanged);
    connect(m_webhooks.get(), &NotionWebhookReceiver::verificationTokenReceived, this,
            &HeadlessWorker::keepVerificationToken);
    connect(m_bridge.get(), &WebhookInboundBridge::errorOccurred, this,
            [this](const QString &message) { m_log.warning(QStringLiteral("webhook: ") + message); });
    if (!m_webhooks->listen()) {
        m_log.error(QStringLiteral("webhook endpoint: ") + m_webhooks->errorString());
        return false;
    }
    m_log.info(QStringLiteral("receiving Notion webhooks on ") + m_webhooks->url().toString());
    return true;
}

bool HeadlessWorker::startMetrics(const DatabaseUrl &url, const NotionClientOptions &notion) {
    EngineMetricsEndpoint::Options options;
    options.server.port = quint16(m_command.metricsPort);
    if (!m_command.metricsAddress.isEmpty()) {
        options.server.address = QHostAddress(m_command.metricsAddress);
        if (options.server.address.isNull()) {
            m_log.error(QStringLiteral("--metrics-address is not an IP address: ") +
                        m_command.metricsAddress);
            return false;
        }
    }
    // The limiter every Notion client of this token in this process shares (the same registry entry).
    m_metrics = std::make_unique<EngineMetricsEndpoint>(
        url, m_pool.get(), RateLimiter::forToken(notion.token, notion.requestsPerSecond, notion.burst),
        options);
    if (m_command.webhookPort > 0) {
        m_metrics->metrics().setWebhookCounters(
            [this] { return m_webhooks ? m_webhooks->counters() : QMap<QString, qint64>(); });
    }
    if (!m_metrics->start()) {
        m_log.error(m_metrics->errorString());
        return false;
    }
    m_log.info(QStringLiteral("serving metrics on ") + m_metrics->url().toString());
    return true;
}

// Notion's subscription handshake: the admin pastes the token into Notion to verify the subscription.
// It is a secret (it signs every delivery): written to a file only this user can read, never logged.
void HeadlessWorker::keepVerificationToken(const QString &token) {
    const QString directory = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(directory);
    const QString path = directory + QStringLiteral("/webhook-verification-token");
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        file.write(token.toUtf8()) < 0 || !file.commit()) {
        m_log.error(QStringLiteral("webhook: cannot keep the verification token in ") + path);
        return;
    }
    m_log.info(
        QStringLiteral("webhook: Notion sent the verification token; it is in %1 (readable by this user "
                       "only): paste it in Notion to verify the subscription, and set "
                       "PGNOTION_WEBHOOK_VERIFICATION_TOKEN to it in the worker's environment file")
            .arg(path));
}

// Idle: no job pending, retrying or running, twice in a row (a job may be between two states).
void HeadlessWorker::checkIdle() {
    QSqlQuery query(m_connection->database());
    if (!query.exec(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue "
                                   "WHERE status IN ('pending', 'retrying', 'running')")) ||
        !query.next())
        return;
    m_idleChecks = query.value(0).toInt() == 0 ? m_idleChecks + 1 : 0;
    if (m_idleChecks >= 2) {
        m_idleTimer->stop();
        stop(0);
    }
}

void HeadlessWorker::stop(int exitCode) {
    m_exitCode = exitCode;
    if (m_poller)
        m_poller->stop();
    if (m_pool && m_pool->isRunning())
        m_pool->stop();
    else
        Q_EMIT finished(exitCode);
}

void HeadlessWorker::logReports(const QList<JobReport> &reports) {
    for (const JobReport &report : reports)
        m_log.job(report);
}

} // namespace pgnotion
