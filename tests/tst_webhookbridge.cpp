#include "TestDatabase.h"
#include "mapping/MappingLoader.h"
#include "webhooks/NotionWebhookReceiver.h"
#include "webhooks/WebhookInboundBridge.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

#include <memory>

using namespace pgnotion;
using namespace pgnotion::test;

namespace {

constexpr int kTimeout = 10000;
const QString kToken = QStringLiteral("secret_bridgeTestVerificationToken0123456789abcdef");
const QString kDataSourceId = QStringLiteral("248104cd-477e-80af-bc30-000bd28de8f9");

} // namespace

// Webhook deliveries reaching the queue: a real receiver over HTTP (the test signs like Notion does), the
// bridge and a real Postgres whose sync_state knows some pages.
class TestWebhookBridge : public QObject {
    Q_OBJECT

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<NotionWebhookReceiver> m_receiver;
    std::unique_ptr<WebhookInboundBridge> m_bridge;

    const QString projectPage = QStringLiteral("0c1f7cb2-8b6d-4d4b-9c3e-2a1b3c4d5e6f");
    const QString deliverablePage = QStringLiteral("1d2e8dc3-9c7e-4e5c-8d4f-3b2c4d5e6f70");
    const QString unknownPage = QStringLiteral("2e3f9ed4-ad8f-4f6d-9e50-4c3d5e6f7081");

    QByteArray pageEvent(const QString &pageId, const QString &type) const {
        QJsonObject data{
            {QStringLiteral("parent"), QJsonObject{{QStringLiteral("id"), kDataSourceId},
                                                   {QStringLiteral("type"), QStringLiteral("database")},
                                                   {QStringLiteral("data_source_id"), kDataSourceId}}}};
        if (type == QLatin1String("page.properties_updated"))
            data.insert(QStringLiteral("updated_properties"), QJsonArray{QStringLiteral("%3AxZ")});
        const QJsonObject event{
            {QStringLiteral("id"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
            {QStringLiteral("timestamp"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
            {QStringLiteral("workspace_id"), QStringLiteral("13950b26-c203-4f3b-b97d-93ec06319565")},
            {QStringLiteral("subscription_id"), QStringLiteral("29d75c0d-5546-4414-8459-7b7a92f1fc4b")},
            {QStringLiteral("integration_id"), QStringLiteral("0ef104cd-477e-80e1-8571-0037d4e2f4a5")},
            {QStringLiteral("type"), type},
            {QStringLiteral("authors"),
             QJsonArray{
                 QJsonObject{{QStringLiteral("id"), QStringLiteral("c2f20311-9e54-4d11-8c79-7398424ae41e")},
                             {QStringLiteral("type"), QStringLiteral("person")}}}},
            {QStringLiteral("attempt_number"), 1},
            {QStringLiteral("api_version"), QStringLiteral("2025-09-03")},
            {QStringLiteral("entity"),
             QJsonObject{{QStringLiteral("id"), pageId}, {QStringLiteral("type"), QStringLiteral("page")}}},
            {QStringLiteral("data"), data},
        };
        return QJsonDocument(event).toJson(QJsonDocument::Compact);
    }

    // Posts one signed delivery; the HTTP status, once the bridge has handled what the receiver passed on.
    int deliver(const QString &pageId, const QString &type = QStringLiteral("page.properties_updated")) {
        const QByteArray body = pageEvent(pageId, type);
        QNetworkAccessManager network;
        QNetworkRequest request(m_receiver->url());
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        request.setRawHeader(
            "X-Notion-Signature",
            "sha256=" +
                QMessageAuthenticationCode::hash(body, kToken.toUtf8(), QCryptographicHash::Sha256).toHex());
        QNetworkReply *reply = network.post(request, body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            finished.wait(kTimeout);
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        reply->deleteLater();
        QTest::qWait(50); // the signal that follows the answer
        QElapsedTimer timer;
        timer.start();
        while (m_bridge->pendingEvents() > 0 && timer.elapsed() < kTimeout)
            QTest::qWait(20);
        return status;
    }

    int inboundJobs(const QString &type = {}) const {
        return m_db
            ->scalar(
                QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue WHERE direction = "
                               "'notion_to_postgres' AND status = 'pending'%1")
                    .arg(type.isEmpty() ? QString() : QStringLiteral(" AND resource_type = '%1'").arg(type)))
            .toInt();
    }

private Q_SLOTS:
    void init() {
        m_db = std::make_unique<TestDatabase>();
        PGNOTION_REQUIRE(*m_db);
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO pgnotion.sync_state (resource_type, resource_id, "
                                          "notion_page_id, synced_at) VALUES "
                                          "('project', 'p-42', '%1', now()), "
                                          "('deliverable', 'd-7', '%2', now())")
                               .arg(projectPage, deliverablePage)));
        auto mapping = MappingLoader::defaultMapping();
        QVERIFY2(mapping.ok(), qPrintable(mapping.ok() ? QString() : mapping.error().message));
        NotionWebhookOptions options;
        options.port = 0;
        m_receiver = std::make_unique<NotionWebhookReceiver>(options);
        m_receiver->setVerificationToken(kToken);
        m_receiver->setOwnBotId(QStringLiteral("9b6e3c1a-1111-4222-8333-444455556666"));
        QVERIFY2(m_receiver->listen(), qPrintable(m_receiver->errorString()));
        m_bridge = std::make_unique<WebhookInboundBridge>(m_db->urlString(),
                                                          std::make_shared<Mapping>(mapping.value()));
        connect(m_receiver.get(), &NotionWebhookReceiver::pageChanged, m_bridge.get(),
                &WebhookInboundBridge::onPageChanged);
    }

    void cleanup() {
        m_bridge.reset();
        m_receiver.reset();
        m_db.reset();
    }

    void aKnownPageQueuesOneInboundJob() {
        QSignalSpy queued(m_bridge.get(), &WebhookInboundBridge::queued);
        QSignalSpy errors(m_bridge.get(), &WebhookInboundBridge::errorOccurred);
        QCOMPARE(deliver(projectPage), 200);
        QCOMPARE(errors.size(), 0);
        QCOMPARE(queued.size(), 1);
        QCOMPARE(queued.first().at(0).toString(), QStringLiteral("project"));
        QCOMPARE(queued.first().at(1).toString(), QStringLiteral("p-42"));
        QCOMPARE(inboundJobs(QStringLiteral("project")), 1);
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT resource_id || ' ' || priority || ' ' || "
                                             "(payload->>'page_id') FROM pgnotion.sync_queue "
                                             "WHERE direction = 'notion_to_postgres'"))
                     .toString(),
                 QStringLiteral("p-42 -1 ") + projectPage);
    }

    void theSamePageTwiceStillWaitsOnce() {
        QSignalSpy queued(m_bridge.get(), &WebhookInboundBridge::queued);
        QCOMPARE(deliver(projectPage), 200);
        // Notion's dashless spelling names the same page.
        QCOMPARE(
            deliver(QString(projectPage).remove(QLatin1Char('-')), QStringLiteral("page.content_updated")),
            200);
        QCOMPARE(queued.size(), 2);
        QCOMPARE(inboundJobs(), 1);
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT coalesced_count FROM pgnotion.sync_queue "
                                             "WHERE direction = 'notion_to_postgres'"))
                     .toInt(),
                 2); // both deliveries folded into the one job
    }

    void anUnknownPageQueuesNothing() {
        QSignalSpy ignored(m_bridge.get(), &WebhookInboundBridge::ignored);
        QSignalSpy queued(m_bridge.get(), &WebhookInboundBridge::queued);
        QCOMPARE(deliver(unknownPage), 200);
        QCOMPARE(ignored.size(), 1);
        QCOMPARE(queued.size(), 0);
        QCOMPARE(inboundJobs(), 0);
    }

    void aResourceWithoutInboundRulesQueuesNothing() {
        QSignalSpy ignored(m_bridge.get(), &WebhookInboundBridge::ignored);
        QCOMPARE(deliver(deliverablePage), 200);
        QCOMPARE(ignored.size(), 1);
        QVERIFY2(ignored.first().at(1).toString().contains(QLatin1String("no inbound rules")),
                 qPrintable(ignored.first().at(1).toString()));
        QCOMPARE(inboundJobs(), 0);
    }

    void aDeletedPageIsOnlyLogged() {
        QSignalSpy ignored(m_bridge.get(), &WebhookInboundBridge::ignored);
        QCOMPARE(deliver(projectPage, QStringLiteral("page.deleted")), 200);
        QCOMPARE(ignored.size(), 1);
        QCOMPARE(inboundJobs(), 0);
    }

    void anUnreachableDatabaseIsReported() {
        auto mapping = MappingLoader::defaultMapping();
        WebhookInboundBridge bridge(QStringLiteral("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"),
                                    std::make_shared<Mapping>(mapping.value()));
        QSignalSpy errors(&bridge, &WebhookInboundBridge::errorOccurred);
        bridge.onPageChanged(projectPage, kDataSourceId, QStringLiteral("page.properties_updated"));
        QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 1, kTimeout);
        QVERIFY(errors.first().first().toString().contains(projectPage));
    }
};

QTEST_GUILESS_MAIN(TestWebhookBridge)
#include "tst_webhookbridge.moc"
