#include "webhooks/HttpRequestReader.h"
#include "webhooks/NotionWebhookReceiver.h"
#include "webhooks/RequestTokenBucket.h"
#include "webhooks/WebhookReplayGuard.h"
#include "webhooks/WebhookSignature.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

#include <memory>

using namespace pgnotion;

// The webhook endpoint, with the test acting as Notion: it signs bodies itself (HMAC-SHA256 keyed with
// the verification token, as Notion documents) and posts them over real HTTP. No Postgres needed: event
// ids seen are kept in memory.
class TestWebhooks : public QObject {
    Q_OBJECT

    const QString token = QStringLiteral("secret_tMrlL1qK5vuQAh1b6cZGhFChZTSYJlce98V0pYn7yBl");
    const QString ownBotId = QStringLiteral("9b6e3c1a-1111-4222-8333-444455556666");
    const QString personId = QStringLiteral("c2f20311-9e54-4d11-8c79-7398424ae41e");
    const QString pageId = QStringLiteral("0c1f7cb2-8b6d-4d4b-9c3e-2a1b3c4d5e6f");
    const QString dataSourceId = QStringLiteral("248104cd-477e-80af-bc30-000bd28de8f9");
    const QString databaseId = QStringLiteral("248104cd-477e-80fd-b757-e945d38000bd");

    struct Reply {
        int status = 0;
        QByteArray body;
        QByteArray retryAfter;
        QString message() const {
            return QJsonDocument::fromJson(body).object().value(QLatin1String("message")).toString();
        }
        QString outcome() const {
            return QJsonDocument::fromJson(body).object().value(QLatin1String("status")).toString();
        }
    };

    static NotionWebhookOptions testOptions() {
        NotionWebhookOptions options;
        options.port = 0; // any free port
        return options;
    }

    std::unique_ptr<NotionWebhookReceiver> startReceiver(const NotionWebhookOptions &options = testOptions(),
                                                         bool verified = true) {
        auto receiver = std::make_unique<NotionWebhookReceiver>(options);
        if (verified)
            receiver->setVerificationToken(token);
        receiver->setOwnBotId(ownBotId);
        if (!receiver->listen())
            qWarning("%s", qPrintable(receiver->errorString()));
        return receiver;
    }

    static QByteArray sign(const QString &key, const QByteArray &body) {
        return "sha256=" +
               QMessageAuthenticationCode::hash(body, key.toUtf8(), QCryptographicHash::Sha256).toHex();
    }

    static Reply post(const QUrl &url, const QByteArray &body, const QByteArray &signature,
                      const QByteArray &method = QByteArrayLiteral("POST")) {
        QNetworkAccessManager network;
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        if (!signature.isEmpty())
            request.setRawHeader("X-Notion-Signature", signature);
        QNetworkReply *reply = network.sendCustomRequest(request, method, body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            finished.wait(10000);
        Reply result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
        result.retryAfter = reply->rawHeader("Retry-After");
        reply->deleteLater();
        return result;
    }

    Reply postSigned(NotionWebhookReceiver &receiver, const QByteArray &body) {
        return post(receiver.url(), body, sign(token, body));
    }

    // Bytes straight on a socket, for what an HTTP client library would not send; the whole answer (it
    // ends with its Content-Length, or when the server closes).
    static QByteArray exchange(quint16 port, const QByteArray &bytes, int timeoutMs = 10000) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
        socket.write(bytes);
        QByteArray answer;
        QDeadlineTimer deadline(timeoutMs);
        while (!deadline.hasExpired()) {
            answer += socket.readAll();
            const qsizetype headEnd = answer.indexOf("\r\n\r\n");
            const qsizetype lengthAt = answer.indexOf("Content-Length: ");
            if (headEnd >= 0 && lengthAt >= 0 && lengthAt < headEnd) {
                const qsizetype lineEnd = answer.indexOf("\r\n", lengthAt);
                const qsizetype length = answer.mid(lengthAt + 16, lineEnd - lengthAt - 16).toLongLong();
                if (answer.size() >= headEnd + 4 + length)
                    break;
            }
            if (socket.state() == QAbstractSocket::UnconnectedState)
                break;
            QTest::qWait(10);
        }
        return answer;
    }

    static int statusOf(const QByteArray &answer) {
        return answer.startsWith("HTTP/1.1 ") ? answer.mid(9, 3).toInt() : 0;
    }

    QByteArray pageEvent(const QString &eventId,
                         const QString &type = QStringLiteral("page.properties_updated"),
                         const QDateTime &timestamp = QDateTime::currentDateTimeUtc(),
                         QJsonArray authors = {}) const {
        if (authors.isEmpty())
            authors.append(QJsonObject{{QStringLiteral("id"), personId},
                                       {QStringLiteral("type"), QStringLiteral("person")}});
        const bool aboutPage = type.startsWith(QLatin1String("page."));
        QJsonObject data{
            {QStringLiteral("parent"), QJsonObject{{QStringLiteral("id"), databaseId},
                                                   {QStringLiteral("type"), QStringLiteral("database")},
                                                   {QStringLiteral("data_source_id"), dataSourceId}}}};
        if (type == QLatin1String("page.properties_updated"))
            data.insert(QStringLiteral("updated_properties"),
                        QJsonArray{QStringLiteral("title"), QStringLiteral("%3AxZ")});
        const QJsonObject event{
            {QStringLiteral("id"), eventId},
            {QStringLiteral("timestamp"), timestamp.toString(Qt::ISODateWithMs)},
            {QStringLiteral("workspace_id"), QStringLiteral("13950b26-c203-4f3b-b97d-93ec06319565")},
            {QStringLiteral("workspace_name"), QStringLiteral("Acme")},
            {QStringLiteral("subscription_id"), QStringLiteral("29d75c0d-5546-4414-8459-7b7a92f1fc4b")},
            {QStringLiteral("integration_id"), QStringLiteral("0ef104cd-477e-80e1-8571-0037d4e2f4a5")},
            {QStringLiteral("type"), type},
            {QStringLiteral("authors"), authors},
            {QStringLiteral("attempt_number"), 1},
            {QStringLiteral("api_version"), QStringLiteral("2025-09-03")},
            {QStringLiteral("entity"),
             QJsonObject{{QStringLiteral("id"), aboutPage ? pageId : dataSourceId},
                         {QStringLiteral("type"),
                          aboutPage ? QStringLiteral("page") : QStringLiteral("data_source")}}},
            {QStringLiteral("data"), data},
        };
        return QJsonDocument(event).toJson(QJsonDocument::Compact);
    }

    static QJsonObject author(const QString &id, const QString &type) {
        return QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("type"), type}};
    }

private Q_SLOTS:
    void signatureMatchesHmacSha256() {
        // A published HMAC-SHA256 test vector.
        const QByteArray body("The quick brown fox jumps over the lazy dog");
        const QByteArray expected("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
        QCOMPARE(WebhookSignature::sign("key", body), expected);
        QVERIFY(WebhookSignature::verify("key", body, expected));
        QVERIFY(WebhookSignature::verify("key", body, expected.toUpper().replace("SHA256=", "sha256=")));
        QVERIFY(!WebhookSignature::verify("key", body + ' ', expected));
        QVERIFY(!WebhookSignature::verify("other", body, expected));
        QVERIFY(!WebhookSignature::verify("key", body, expected.mid(7)));               // no "sha256="
        QVERIFY(!WebhookSignature::verify("key", body, expected.chopped(2)));           // short
        QVERIFY(!WebhookSignature::verify("key", body, expected.chopped(1) + "z"));     // not hex
        QVERIFY(!WebhookSignature::verify("", body, WebhookSignature::sign("", body))); // no key, no trust
    }

    void tokenBucketAllowsABurstThenTheRate() {
        RequestTokenBucket bucket(2.0, 3);
        for (int i = 0; i < 3; ++i)
            QVERIFY(bucket.tryTake(1000));
        QVERIFY(!bucket.tryTake(1000));
        QCOMPARE(bucket.msUntilNextToken(1000), 500);
        QVERIFY(!bucket.tryTake(1499));
        QVERIFY(bucket.tryTake(1500));
        QVERIFY(!bucket.tryTake(1500));
        // Idle time refills up to the burst, not beyond.
        for (int i = 0; i < 3; ++i)
            QVERIFY(bucket.tryTake(60000));
        QVERIFY(!bucket.tryTake(60000));
    }

    void replayGuardForgetsAfterItsWindowAndBeyondItsCapacity() {
        WebhookReplayGuard guard(1000, 3);
        QVERIFY(!guard.checkAndRemember(QStringLiteral("a"), 0));
        QVERIFY(guard.checkAndRemember(QStringLiteral("a"), 999));
        QVERIFY(!guard.checkAndRemember(QStringLiteral("a"), 1000)); // the window passed: new again
        QVERIFY(!guard.checkAndRemember(QStringLiteral("b"), 1001));
        QVERIFY(!guard.checkAndRemember(QStringLiteral("c"), 1002));
        QVERIFY(!guard.checkAndRemember(QStringLiteral("d"), 1003)); // over capacity: "a" goes
        QCOMPARE(guard.size(), 3);
        QVERIFY(!guard.checkAndRemember(QStringLiteral("a"), 1004));
        QVERIFY(guard.checkAndRemember(QStringLiteral("d"), 1005));
    }

    void handshakeHandsTheTokenOn() {
        auto receiver = startReceiver(testOptions(), false);
        QVERIFY(receiver->isListening());
        QVERIFY(!receiver->hasVerificationToken());
        QSignalSpy tokens(receiver.get(), &NotionWebhookReceiver::verificationTokenReceived);
        QSignalSpy pages(receiver.get(), &NotionWebhookReceiver::pageChanged);
        const QByteArray verification =
            QJsonDocument(QJsonObject{{QStringLiteral("verification_token"), token}}).toJson();

        const Reply first = post(receiver->url(), verification, {});
        QCOMPARE(first.status, 200);
        QCOMPARE(tokens.count(), 1);
        QCOMPARE(tokens.at(0).at(0).toString(), token);
        QVERIFY(receiver->hasVerificationToken());
        QVERIFY(first.body.indexOf(token.toUtf8()) < 0); // never echoed

        // From now on deliveries signed with that token are taken at once.
        QCOMPARE(postSigned(*receiver, pageEvent(QStringLiteral("evt-after-handshake"))).status, 200);
        QCOMPARE(pages.count(), 1);

        // Notion's "resend token": the same token again is fine.
        QCOMPARE(post(receiver->url(), verification, {}).status, 200);
        QCOMPARE(tokens.count(), 2);
        // Anybody else's token does not replace the key.
        const QByteArray other = QJsonDocument(QJsonObject{{QStringLiteral("verification_token"),
                                                            QStringLiteral("secret_attacker")}})
                                     .toJson();
        const Reply conflict = post(receiver->url(), other, {});
        QCOMPARE(conflict.status, 409);
        QCOMPARE(tokens.count(), 2);
        QCOMPARE(postSigned(*receiver, pageEvent(QStringLiteral("evt-still-old-key"))).status, 200);
        QCOMPARE(receiver->count(WebhookOutcome::Verification), 2);
        QCOMPARE(receiver->count(WebhookOutcome::VerificationConflict), 1);

        // The admin clears the token (a new subscription): the next verification request sets it.
        receiver->setVerificationToken({});
        QCOMPARE(post(receiver->url(), other, {}).status, 200);
        QCOMPARE(tokens.count(), 3);
        const QByteArray signedWithNewKey = pageEvent(QStringLiteral("evt-new-key"));
        QCOMPARE(
            post(receiver->url(), signedWithNewKey, sign(QStringLiteral("secret_attacker"), signedWithNewKey))
                .status,
            200);
    }

    void aGoodSignedEventIsHandedOnOnce() {
        auto receiver = startReceiver();
        QSignalSpy pages(receiver.get(), &NotionWebhookReceiver::pageChanged);
        const Reply reply = postSigned(*receiver, pageEvent(QStringLiteral("evt-1")));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.outcome(), QStringLiteral("accepted"));
        QCOMPARE(pages.count(), 1);
        QCOMPARE(pages.at(0).at(0).toString(), pageId);
        QCOMPARE(pages.at(0).at(1).toString(), dataSourceId); // the data source, when Notion names it
        QCOMPARE(pages.at(0).at(2).toString(), QStringLiteral("page.properties_updated"));
        QCOMPARE(pages.at(0).at(3).toStringList(),
                 (QStringList{QStringLiteral("title"), QStringLiteral("%3AxZ")}));
        QCOMPARE(receiver->counters().value(QStringLiteral("accepted")), 1);
        QCOMPARE(receiver->counters().value(QStringLiteral("rejected_bad_signature")), 0);

        // Every page event about data is handed on: created, content, deleted...
        for (const QString &type : {QStringLiteral("page.created"), QStringLiteral("page.content_updated"),
                                    QStringLiteral("page.deleted"), QStringLiteral("page.undeleted")})
            QCOMPARE(postSigned(*receiver, pageEvent(QStringLiteral("evt-") + type, type)).status, 200);
        QCOMPARE(pages.count(), 5);
        QCOMPARE(pages.at(4).at(2).toString(), QStringLiteral("page.undeleted"));
    }

    void aBadSignatureIsRefused() {
        auto receiver = startReceiver();
        QSignalSpy pages(receiver.get(), &NotionWebhookReceiver::pageChanged);
        const QByteArray body = pageEvent(QStringLiteral("evt-bad"));
        // Signed with another key.
        QCOMPARE(post(receiver->url(), body, sign(QStringLiteral("secret_other"), body)).status, 401);
        // Signed right, then tampered with.
        QByteArray tampered = body;
        tampered.replace(pageId.toUtf8(), "00000000-0000-0000-0000-000000000000");
        QCOMPARE(post(receiver->url(), tampered, sign(token, body)).status, 401);
        // Not even the format.
        const Reply garbage = post(receiver->url(), body, "sha256=not-hex");
        QCOMPARE(garbage.status, 401);
        QVERIFY2(garbage.message().contains(QLatin1String("X-Notion-Signature")),
                 qPrintable(garbage.message()));
        QCOMPARE(pages.count(), 0);
        QCOMPARE(receiver->count(WebhookOutcome::BadSignature), 3);
        // The refused id was not remembered: the genuine delivery still counts.
        QCOMPARE(postSigned(*receiver, body).status, 200);
        QCOMPARE(pages.count(), 1);
    }

    void aMissingSignatureIsRefused() {
        auto receiver = startReceiver();
        QSignalSpy pages(receiver.get(), &NotionWebhookReceiver::pageChanged);
        const Reply reply = post(receiver->url(), pageEvent(QStringLiteral("evt-unsigned")), {});
        QCOMPARE(reply.status, 401);
        QVERIFY2(reply.message().contains(QLatin1String("missing X-Notion-Signature")),
                 qPrintable(reply.message()));
        QCOMPARE(pages.count(), 0);
        QCOMPARE(receiver->count(WebhookOutcome::MissingSignature), 1);
    }

    void signedEventsNeedAVerifiedSubscription() {
        auto receiver = startReceiver(testOptions(), false);
        QSignalSpy pages(receiver.get(), &NotionWebhookReceiver::pageChanged);
        const Reply reply = postSigned(*receiver, pageEvent(QStringLiteral("evt-early")));
        QCOMPARE(reply.status, 401);
        QVERIFY2(reply.message().contains(QLatin1String("verification token")), qPrintable(reply.message()));
        QCOMPARE(pages.count(), 0);
    }

    void aReplayedEventIsAcknowledgedOnly() {
        auto receiver = startReceiver();
        QSignalSpy pages(receiver.get(), &NotionWebhookReceiver::pageChanged);
        const QByteArray body = pageEvent(QStringLiteral("evt-twice"));
        QCOMPARE(postSigned(*receiver, body).status, 200);
        const Reply again = postSigned(*receiver, body);
        QCOMPARE(again.status, 200); // acknowledged: Notion stops retrying
        QCOMPARE(again.outcome(), QStringLiteral("duplicate"));
        // A retry is a new body (attempt_number) with the same event id.
        QCOMPARE(postSigned(*receiver,
                            pageEvent(QStringLiteral("evt-twice"), QStringLiteral("page.content_updated")))
                     .status,
                 200);
        QCOMPARE(pages.count(), 1);
        QCOMPARE(receiver->count(WebhookOutcome::Duplicate), 2);
    }

    void staleOrFutureTimestampsAreRefused() {
        auto receiver = startReceiver();
        QSignalSpy pages(receiver.get(), &NotionWebhookReceiver::pageChanged);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const Reply stale =
            postSigned(*receiver, pageEvent(QStringLiteral("evt-old"), QStringLiteral("page.created"),
                                            now.addSecs(-25 * 3600)));
        QCOMPARE(stale.status, 400);
        QVERIFY2(stale.message().contains(QLatin1String("stale event")), qPrintable(stale.message()));
        const Reply future =
            postSigned(*receiver, pageEvent(QStringLiteral("evt-future"), QStringLiteral("page.created"),
                                            now.addSecs(600)));
        QCOMPARE(future.status, 400);
        QCOMPARE(pages.count(), 0);
        QCOMPARE(receiver->count(WebhookOutcome::Stale), 2);
        // A late retry within the tolerance (Notion retries with back-off) is still taken.
        QCOMPARE(postSigned(*receiver, pageEvent(QStringLiteral("evt-late-retry"),
                                                 QStringLiteral("page.created"), now.addSecs(-23 * 3600)))
                     .status,
                 200);
        QCOMPARE(pages.count(), 1);
    }

    void thisIntegrationsOwnWritesAreIgnored() {
        auto receiver = startReceiver();
        QSignalSpy pages(receiver.get(), &NotionWebhookReceiver::pageChanged);
        const QString now = QStringLiteral("page.properties_updated");
        const QDateTime at = QDateTime::currentDateTimeUtc();
        const Reply own = postSigned(*receiver, pageEvent(QStringLiteral("evt-own"), now, at,
                                                          {author(ownBotId, QStringLiteral("bot"))}));
        QCOMPARE(own.status, 200);
        QCOMPARE(own.outcome(), QStringLiteral("ignored_own_write"));
        // The same id written compact and upper-case is still this bot.
        QString compact = ownBotId.toUpper();
        compact.remove(QLatin1Char('-'));
        QCOMPARE(postSigned(*receiver, pageEvent(QStringLiteral("evt-own-compact"), now, at,
                                                 {author(compact, QStringLiteral("bot"))}))
                     .outcome(),
                 QStringLiteral("ignored_own_write"));
        QCOMPARE(pages.count(), 0);
        // A person editing too, or another integration: handed on.
        QCOMPARE(postSigned(*receiver, pageEvent(QStringLiteral("evt-mixed"), now, at,
                                                 {author(ownBotId, QStringLiteral("bot")),
                                                  author(personId, QStringLiteral("person"))}))
                     .status,
                 200);
        QCOMPARE(
            postSigned(*receiver, pageEvent(QStringLiteral("evt-other-bot"), now, at,
                                            {author(QStringLiteral("77777777-1111-4222-8333-444455556666"),
                                                    QStringLiteral("bot"))}))
                .status,
            200);
        QCOMPARE(pages.count(), 2);
        QCOMPARE(receiver->count(WebhookOutcome::IgnoredOwnWrite), 2);
    }

    void eventsNotAboutPageDataAreIgnored() {
        auto receiver = startReceiver();
        QSignalSpy pages(receiver.get(), &NotionWebhookReceiver::pageChanged);
        for (const QString &type : {QStringLiteral("data_source.schema_updated"),
                                    QStringLiteral("comment.created"), QStringLiteral("page.locked")}) {
            const Reply reply = postSigned(*receiver, pageEvent(QStringLiteral("evt-") + type, type));
            QCOMPARE(reply.status, 200);
            QCOMPARE(reply.outcome(), QStringLiteral("ignored_event_type"));
        }
        QCOMPARE(pages.count(), 0);
        QCOMPARE(receiver->count(WebhookOutcome::IgnoredEventType), 3);
    }

    void malformedJsonIsA400WithAClearMessage() {
        auto receiver = startReceiver();
        QSignalSpy pages(receiver.get(), &NotionWebhookReceiver::pageChanged);
        const Reply broken = postSigned(*receiver, "{\"id\": \"evt\", ");
        QCOMPARE(broken.status, 400);
        QVERIFY2(broken.message().startsWith(QLatin1String("malformed JSON: ")),
                 qPrintable(broken.message()));
        QVERIFY2(broken.message().contains(QLatin1String("offset")), qPrintable(broken.message()));
        const Reply array = postSigned(*receiver, "[]");
        QCOMPARE(array.status, 400);
        QVERIFY2(array.message().contains(QLatin1String("one JSON object")), qPrintable(array.message()));
        QJsonObject noId = QJsonDocument::fromJson(pageEvent(QStringLiteral("evt-x"))).object();
        noId.remove(QStringLiteral("id"));
        const Reply missing = postSigned(*receiver, QJsonDocument(noId).toJson());
        QCOMPARE(missing.status, 400);
        QCOMPARE(missing.message(), QStringLiteral("malformed event: no \"id\" string"));
        QCOMPARE(pages.count(), 0);
        QCOMPARE(receiver->count(WebhookOutcome::Malformed), 3);
    }

    void anOversizedBodyIsRefusedBeforeItIsRead() {
        NotionWebhookOptions options = testOptions();
        options.maxBodyBytes = 4096;
        auto receiver = startReceiver(options);
        // Announced: 2 MiB that never come. The answer comes from the head alone.
        const QByteArray announced = exchange(
            receiver->serverPort(), "POST /notion/webhook HTTP/1.1\r\nHost: localhost\r\n"
                                    "Content-Type: application/json\r\nContent-Length: 2097152\r\n\r\n");
        QCOMPARE(statusOf(announced), 413);
        QVERIFY(announced.contains("larger than the limit of 4096 bytes"));
        // Chunked: refused as soon as the chunks add up past the limit.
        const QByteArray chunk(3000, 'x');
        const QByteArray chunked =
            exchange(receiver->serverPort(), "POST /notion/webhook HTTP/1.1\r\nHost: localhost\r\n"
                                             "Transfer-Encoding: chunked\r\n\r\nbb8\r\n" +
                                                 chunk + "\r\nbb8\r\n" + chunk + "\r\n");
        QCOMPARE(statusOf(chunked), 413);
        // Through an ordinary client too.
        QCOMPARE(postSigned(*receiver, QByteArray(5000, ' ')).status, 413);
        QCOMPARE(receiver->count(WebhookOutcome::TooLarge), 3);
        // Just under the limit, chunked, signed: fine.
        const QByteArray body = pageEvent(QStringLiteral("evt-chunked"));
        const QByteArray request =
            "POST /notion/webhook HTTP/1.1\r\nHost: localhost\r\nX-Notion-Signature: " + sign(token, body) +
            "\r\nTransfer-Encoding: chunked\r\n\r\n" + QByteArray::number(body.size() / 2, 16) + "\r\n" +
            body.left(body.size() / 2) + "\r\n" + QByteArray::number(body.size() - body.size() / 2, 16) +
            "\r\n" + body.mid(body.size() / 2) + "\r\n0\r\n\r\n";
        QCOMPARE(statusOf(exchange(receiver->serverPort(), request)), 200);
        QCOMPARE(receiver->count(WebhookOutcome::Accepted), 1);
    }

    void aFloodIsBounded() {
        NotionWebhookOptions options = testOptions();
        options.requestsPerSecond = 0.01; // no refill within the test
        options.burst = 5;
        auto receiver = startReceiver(options);
        QSignalSpy pages(receiver.get(), &NotionWebhookReceiver::pageChanged);
        QList<int> statuses;
        QByteArray retryAfter;
        for (int i = 0; i < 12; ++i) {
            const Reply reply = postSigned(*receiver, pageEvent(QStringLiteral("evt-flood-%1").arg(i)));
            statuses.append(reply.status);
            if (reply.status == 429)
                retryAfter = reply.retryAfter;
        }
        QCOMPARE(statuses, (QList<int>{200, 200, 200, 200, 200, 429, 429, 429, 429, 429, 429, 429}));
        QVERIFY(retryAfter.toInt() >= 1);
        QCOMPARE(pages.count(), 5);
        QCOMPARE(receiver->count(WebhookOutcome::RateLimited), 7);
        // Junk takes tokens too: it cannot be used to spend the endpoint's CPU for free.
        QCOMPARE(post(receiver->url(), "junk", "sha256=00").status, 429);
    }

    void httpItselfIsChecked() {
        NotionWebhookOptions options = testOptions();
        options.requestTimeout = std::chrono::milliseconds(300);
        auto receiver = startReceiver(options);
        QUrl elsewhere = receiver->url();
        elsewhere.setPath(QStringLiteral("/other"));
        QCOMPARE(post(elsewhere, pageEvent(QStringLiteral("evt-path")), {}).status, 404);
        QCOMPARE(post(receiver->url(), {}, {}, "GET").status, 405);
        // Request smuggling shapes are refused.
        QCOMPARE(statusOf(exchange(receiver->serverPort(), "POST /notion/webhook HTTP/1.1\r\nContent-Length: "
                                                           "2\r\nTransfer-Encoding: chunked\r\n\r\n{}")),
                 400);
        QCOMPARE(statusOf(exchange(
                     receiver->serverPort(),
                     "POST /notion/webhook HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}")),
                 400);
        QCOMPARE(statusOf(exchange(receiver->serverPort(),
                                   "POST /notion/webhook HTTP/1.1\nContent-Length: 2\n\n{}")),
                 400);
        // A client that stops half-way gets 408 after the timeout, not a connection held forever.
        const QByteArray slow =
            exchange(receiver->serverPort(), "POST /notion/webhook HTTP/1.1\r\nContent-Len");
        QCOMPARE(statusOf(slow), 408);
        QCOMPARE(receiver->count(WebhookOutcome::Timeout), 1);
        // Heads beyond their limit.
        QCOMPARE(statusOf(exchange(receiver->serverPort(), "POST /notion/webhook HTTP/1.1\r\nX-Filler: " +
                                                               QByteArray(20000, 'a') + "\r\n\r\n")),
                 431);
    }

    void openConnectionsAreBounded() {
        NotionWebhookOptions options = testOptions();
        options.maxConnections = 2;
        auto receiver = startReceiver(options);
        // Two clients hold their connections with half a request each.
        QTcpSocket first;
        QTcpSocket second;
        for (QTcpSocket *holder : {&first, &second}) {
            holder->connectToHost(QHostAddress(QHostAddress::LocalHost), receiver->serverPort());
            holder->write("POST /notion/webhook HTTP/1.1\r\n");
        }
        QTRY_COMPARE(first.state(), QAbstractSocket::ConnectedState);
        QTRY_COMPARE(second.state(), QAbstractSocket::ConnectedState);
        QTest::qWait(100);
        QCOMPARE(statusOf(exchange(receiver->serverPort(), "POST /notion/webhook HTTP/1.1\r\n\r\n")), 503);
        QCOMPARE(receiver->count(WebhookOutcome::TooManyConnections), 1);
        // Once they are gone, there is room again.
        first.abort();
        second.abort();
        QTest::qWait(100);
        QCOMPARE(postSigned(*receiver, pageEvent(QStringLiteral("evt-room-again"))).status, 200);
    }

    void expectContinueIsHonoured() {
        auto receiver = startReceiver();
        const QByteArray body = pageEvent(QStringLiteral("evt-continue"));
        QTcpSocket socket;
        QSignalSpy readable(&socket, &QTcpSocket::readyRead);
        QSignalSpy closed(&socket, &QTcpSocket::disconnected);
        socket.connectToHost(QHostAddress(QHostAddress::LocalHost), receiver->serverPort());
        socket.write(
            "POST /notion/webhook HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\nContent-Length: " +
            QByteArray::number(body.size()) + "\r\nX-Notion-Signature: " + sign(token, body) + "\r\n\r\n");
        QVERIFY(readable.wait(5000));
        QCOMPARE(socket.readAll(), QByteArray("HTTP/1.1 100 Continue\r\n\r\n"));
        socket.write(body);
        QVERIFY(closed.wait(5000));
        QCOMPARE(statusOf(socket.readAll()), 200);
    }

    void theReceiverRunsOnItsOwnThread() {
        QThread thread;
        auto *receiver = new NotionWebhookReceiver(testOptions());
        receiver->setVerificationToken(token);
        receiver->moveToThread(&thread);
        connect(&thread, &QThread::finished, receiver, &QObject::deleteLater);
        thread.start();
        bool listening = false;
        QMetaObject::invokeMethod(receiver, &NotionWebhookReceiver::listen, Qt::BlockingQueuedConnection,
                                  &listening);
        QVERIFY(listening);
        QStringList received;
        QThread *receivedOn = nullptr;
        connect(receiver, &NotionWebhookReceiver::pageChanged, this, [&](const QString &page) {
            received.append(page);
            receivedOn = QThread::currentThread();
        });
        QCOMPARE(postSigned(*receiver, pageEvent(QStringLiteral("evt-thread"))).status, 200);
        QTRY_COMPARE(received.size(), 1);
        QCOMPARE(receivedOn, QThread::currentThread()); // queued to the owner of the slot
        QCOMPARE(receiver->count(WebhookOutcome::Accepted), 1);
        thread.quit();
        QVERIFY(thread.wait(5000));
    }

    void httpReaderStopsAtItsLimits() {
        HttpRequestReader reader(64, 8);
        QCOMPARE(reader.feed("POST /x HTTP/1.1\r\nContent-Length: 4\r\n\r\nab"),
                 HttpRequestReader::Status::HeadersReady);
        QCOMPARE(reader.feed({}), HttpRequestReader::Status::NeedMore);
        QCOMPARE(reader.feed("cdEXTRA"), HttpRequestReader::Status::Complete);
        QCOMPARE(reader.request().body, QByteArray("abcd"));
        QCOMPARE(reader.request().path(), QByteArray("/x"));

        HttpRequestReader tooLong(64, 8);
        QCOMPARE(tooLong.feed("POST /x HTTP/1.1\r\nX-A: " + QByteArray(80, 'a')),
                 HttpRequestReader::Status::Failed);
        QCOMPARE(tooLong.errorStatus(), 431);
    }

    // Found by fuzz_http_request: trailers over the limit, or a chunk size line with long extensions, were
    // accepted when they arrived in one read and refused when they arrived in pieces.
    void httpReaderLimitsDoNotDependOnHowBytesArrive_data() {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        const QByteArray head = "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        QTest::newRow("long trailer") << head + "1\r\na\r\n0\r\nX-T: " + QByteArray(80, 't') + "\r\n\r\n"
                                      << 431;
        QTest::newRow("trailers adding up")
            << head + "1\r\na\r\n0\r\n" + QByteArray("X: 0123456789\r\n").repeated(5) + "\r\n"
            << 431;
        QTest::newRow("long chunk extension") << head + "1;" + QByteArray(1100, 'e') + "\r\na\r\n0\r\n\r\n"
                                              << 400;
        QTest::newRow("within the limits") << head + "1;ext\r\na\r\n0\r\nX: 1\r\n\r\n" << 0;
    }

    void httpReaderLimitsDoNotDependOnHowBytesArrive() {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        for (const qsizetype piece : {request.size(), qsizetype(1), qsizetype(7)}) {
            HttpRequestReader reader(64, 8);
            HttpRequestReader::Status last = HttpRequestReader::Status::NeedMore;
            for (qsizetype at = 0; at < request.size() && last != HttpRequestReader::Status::Failed &&
                                   last != HttpRequestReader::Status::Complete;
                 at += piece) {
                last = reader.feed(request.mid(at, piece));
                while (last == HttpRequestReader::Status::HeadersReady)
                    last = reader.feed({});
            }
            QCOMPARE(last,
                     status == 0 ? HttpRequestReader::Status::Complete : HttpRequestReader::Status::Failed);
            QCOMPARE(reader.errorStatus(), status);
        }
    }
};

QTEST_GUILESS_MAIN(TestWebhooks)
#include "tst_webhooks.moc"
