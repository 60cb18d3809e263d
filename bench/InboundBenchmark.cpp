#include "InboundBenchmark.h"

#include "BenchDatabase.h"
#include "BenchNotion.h"
#include "EmulatorProcess.h"
#include "db/DatabaseConnection.h"
#include "engine/EngineSetup.h"
#include "inbound/InboundPoller.h"
#include "notion/NotionApi.h"
#include "webhooks/NotionWebhookReceiver.h"
#include "webhooks/WebhookInboundBridge.h"
#include "webhooks/WebhookSignature.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>

#include <algorithm>

namespace pgnotion::bench {
namespace {

const QString kToken = QStringLiteral("secret_inbound_bench");
const QString kPersonToken = QStringLiteral("secret_inbound_person");
const QByteArray kWebhookSecret = "secret_webhook_verification";

double percentile(QList<double> values, double q) {
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[qsizetype(q * double(values.size() - 1) + 0.5)];
}

void waitFor(int ms) {
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < ms) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(2); // processEvents returns at once when nothing is queued: no spinning
    }
}

class Bench {
public:
    Bench(QSqlDatabase db, EmulatorProcess &notion, QTextStream &err)
        : m_db(std::move(db))
        , m_notion(notion)
        , m_err(err) {}

    QString exec(const QString &sql) {
        QSqlQuery query(m_db);
        if (!query.exec(sql)) {
            m_err << "pgnotion-bench: " << sqlError(query, sql.left(60)).message << Qt::endl;
            return {};
        }
        return query.next() ? query.value(0).toString() : QString();
    }
    int notionRequests() {
        QString error;
        return m_notion
            .get(QStringLiteral("/__emulator/requests"),
                 error)[QStringLiteral("counters")][QStringLiteral("requests_served")]
            .toInt();
    }
    bool waitIdle(int timeoutMs) {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            waitFor(50);
            if (exec(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue WHERE status IN ('pending', "
                                    "'retrying', 'running')")) == QLatin1String("0"))
                return true;
        }
        return false;
    }
    // Milliseconds from now until the project's status is `value` (-1 after the timeout).
    double waitForStatus(const QString &project, const QString &value, const QElapsedTimer &since,
                         int timeoutMs) {
        while (since.elapsed() < timeoutMs) {
            if (exec(QStringLiteral("SELECT status FROM projects WHERE id = '%1'").arg(project)) == value)
                return double(since.nsecsElapsed()) / 1e6;
            waitFor(20);
        }
        return -1;
    }

private:
    QSqlDatabase m_db;
    EmulatorProcess &m_notion;
    QTextStream &m_err;
};

QJsonObject statusEdit(const QString &value) {
    return QJsonObject{
        {QStringLiteral("Status"),
         QJsonObject{{QStringLiteral("select"), QJsonObject{{QStringLiteral("name"), value}}}}}};
}

// The delivery Notion sends for a property edit (docs/NOTION-API.md), signed with the subscription's token.
QByteArray deliveryFor(const QString &pageId, const QString &dataSourceId) {
    const QJsonObject event{
        {QStringLiteral("id"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
        {QStringLiteral("timestamp"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
        {QStringLiteral("workspace_id"), QStringLiteral("13950b26-c203-4f3b-b97d-93ec06319565")},
        {QStringLiteral("subscription_id"), QStringLiteral("29d75c0d-5546-4414-8459-7b7a92f1fc4b")},
        {QStringLiteral("integration_id"), QStringLiteral("0ef104cd-477e-80e1-8571-0037d4e2f4a5")},
        {QStringLiteral("type"), QStringLiteral("page.properties_updated")},
        {QStringLiteral("authors"),
         QJsonArray{
             QJsonObject{{QStringLiteral("id"), QStringLiteral("c2f20311-9e54-4d11-8c79-7398424ae41e")},
                         {QStringLiteral("type"), QStringLiteral("person")}}}},
        {QStringLiteral("attempt_number"), 1},
        {QStringLiteral("entity"),
         QJsonObject{{QStringLiteral("id"), pageId}, {QStringLiteral("type"), QStringLiteral("page")}}},
        {QStringLiteral("data"),
         QJsonObject{
             {QStringLiteral("parent"), QJsonObject{{QStringLiteral("id"), dataSourceId},
                                                    {QStringLiteral("type"), QStringLiteral("database")},
                                                    {QStringLiteral("data_source_id"), dataSourceId}}},
             {QStringLiteral("updated_properties"), QJsonArray{QStringLiteral("Status")}}}},
    };
    return QJsonDocument(event).toJson(QJsonDocument::Compact);
}

} // namespace

int runInboundBenchmark(const DatabaseUrl &server, const InboundBenchmarkOptions &options, QTextStream &out,
                        QTextStream &err) {
    const auto database = BenchDatabase::create(server, QStringLiteral("inbound"), err);
    if (!database)
        return 1;
    const DatabaseUrl &url = database->url();
    const auto workspace = BenchNotion::start(kToken, {}, QStringLiteral("Bench"), err);
    if (!workspace)
        return 1;
    EmulatorProcess &notion = workspace->emulator();
    const NotionClientOptions &client = workspace->client();
    QString error;
    notion.post(QStringLiteral("/__emulator/tokens"),
                QJsonObject{{QStringLiteral("add"), QJsonArray{kPersonToken}}}, error);
    PreparedEngine prepared;
    prepared.mapping = std::make_shared<const Mapping>(workspace->mapping());
    prepared.dataSources = workspace->dataSources();

    Bench bench(database->database(), notion, err);
    bench.exec(QStringLiteral("INSERT INTO tiers (level, name) VALUES (1, 'Basic'), (2, 'Pro')"));
    bench.exec(QStringLiteral("INSERT INTO clients (name) VALUES ('Acme')"));
    bench.exec(
        QStringLiteral("INSERT INTO projects (name, tier, client_id) SELECT 'Inbound ' || g, 2, (SELECT id "
                       "FROM clients LIMIT 1) FROM generate_series(1, %1) g")
            .arg(options.projects));
    WorkerPoolOptions poolOptions;
    poolOptions.workers = 2;
    poolOptions.worker.pollInterval = std::chrono::milliseconds(200);
    poolOptions.supervisor.instance = QStringLiteral("pgnotion-bench-inbound");
    const auto engine = EngineSetup::createPool(url, prepared, client, poolOptions);
    engine->start();
    if (!bench.waitIdle(120000)) {
        err << "pgnotion-bench: the projects did not reach Notion" << Qt::endl;
        return 1;
    }
    QList<QPair<QString, QString>> projects; // id, page
    {
        QSqlQuery query(database->database());
        query.exec(QStringLiteral("SELECT id, notion_page_id FROM projects ORDER BY name"));
        while (query.next())
            projects.append({query.value(0).toString(), query.value(1).toString()});
    }
    NotionClientOptions personOptions = client;
    personOptions.token = kPersonToken;
    NotionClient personClient(personOptions);
    NotionApi person(personClient);
    int edits = 0;
    // Each edit a new value, so that every sample is a change ("active 3", "active 4", ...).
    const auto edit = [&](const QPair<QString, QString> &project, QElapsedTimer &since) -> QString {
        const QString value = QStringLiteral("active %1").arg(++edits);
        since.start();
        if (auto updated = person.updatePage(project.second, statusEdit(value)); !updated) {
            err << "pgnotion-bench: editing a page: " << updated.error().describe() << Qt::endl;
            return {};
        }
        return value;
    };

    // (1) Polling at 5 s.
    InboundPollerOptions pollerOptions;
    pollerOptions.interval = std::chrono::seconds(5);
    InboundPoller poller(url, prepared.mapping, prepared.dataSources, client, pollerOptions);
    int polls = 0;
    QObject::connect(&poller, &InboundPoller::polled, &poller, [&polls] { ++polls; });
    poller.start();
    waitFor(1000);
    QList<double> polling;
    for (int i = 0; i < options.samples; ++i) {
        QElapsedTimer since;
        const auto &project = projects.at(i % projects.size());
        const QString value = edit(project, since);
        const double ms = value.isEmpty() ? -1 : bench.waitForStatus(project.first, value, since, 30000);
        if (ms >= 0)
            polling.append(ms);
        // The next edit lands at another point of the 5 s interval: spread evenly over it, not just after
        // the poll that found the previous one.
        waitFor((i * 1733) % 5000);
    }
    out << "inbound.polling_samples: " << polling.size() << " samples\n";
    out << "inbound.polling_latency_p50: " << QString::number(percentile(polling, 0.5), 'f', 0) << " ms\n";
    out << "inbound.polling_latency_p95: " << QString::number(percentile(polling, 0.95), 'f', 0) << " ms\n";
    out.flush();

    // (2) Requests per poll cycle with nothing changed.
    bench.waitIdle(60000);
    const int pollsBefore = polls + 1;
    while (polls < pollsBefore)
        waitFor(20);
    const int requestsBefore = bench.notionRequests();
    while (polls < pollsBefore + options.idleCycles)
        waitFor(20);
    const double perCycle = double(bench.notionRequests() - requestsBefore) / options.idleCycles;
    int polledSources = 0;
    for (const ResourceMapping &resource : prepared.mapping->resources)
        polledSources +=
            resource.enabled && !resource.inbound.isEmpty() && prepared.dataSources.contains(resource.name);
    out << "inbound.idle_poll_requests: " << QString::number(perCycle, 'f', 2) << " requests/cycle ("
        << polledSources << " data sources polled)\n";
    out.flush();
    QEventLoop pollerStopped;
    QObject::connect(&poller, &InboundPoller::stopped, &pollerStopped, &QEventLoop::quit);
    poller.stop();
    if (poller.isRunning())
        pollerStopped.exec();

    // (3) Webhooks: the signed delivery POSTed right after the edit, the poller off.
    NotionWebhookOptions webhookOptions;
    webhookOptions.port = 0;
    NotionWebhookReceiver receiver(webhookOptions);
    receiver.setVerificationToken(QString::fromLatin1(kWebhookSecret));
    WebhookInboundBridge bridge(url.toString(), prepared.mapping);
    QObject::connect(&receiver, &NotionWebhookReceiver::pageChanged, &bridge,
                     [&bridge](const QString &page, const QString &parent, const QString &type) {
                         bridge.onPageChanged(page, parent, type);
                     });
    if (!receiver.listen()) {
        err << "pgnotion-bench: " << receiver.errorString() << Qt::endl;
        return 1;
    }
    QNetworkAccessManager network;
    QList<double> webhooks;
    for (int i = 0; i < options.samples; ++i) {
        QElapsedTimer since;
        const auto &project = projects.at(i % projects.size());
        const QString value = edit(project, since);
        const QByteArray body =
            deliveryFor(project.second, prepared.dataSources.value(QStringLiteral("project")));
        QNetworkRequest request(receiver.url());
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        request.setRawHeader("X-Notion-Signature", WebhookSignature::sign(kWebhookSecret, body));
        QNetworkReply *reply = network.post(request, body);
        QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
        const double ms = value.isEmpty() ? -1 : bench.waitForStatus(project.first, value, since, 30000);
        if (ms >= 0)
            webhooks.append(ms);
        waitFor(400); // the limiter refills: no backlog
    }
    out << "inbound.webhook_samples: " << webhooks.size() << " samples\n";
    out << "inbound.webhook_latency_p50: " << QString::number(percentile(webhooks, 0.5), 'f', 0) << " ms\n";
    out << "inbound.webhook_latency_p95: " << QString::number(percentile(webhooks, 0.95), 'f', 0) << " ms\n";
    out << "inbound.webhook_accepted: " << receiver.counters().value(QStringLiteral("accepted"))
        << " deliveries\n";
    out.flush();

    QEventLoop stopping;
    QObject::connect(engine.get(), &WorkerPool::stopped, &stopping, &QEventLoop::quit);
    engine->stop();
    stopping.exec();
    return 0;
}

} // namespace pgnotion::bench
