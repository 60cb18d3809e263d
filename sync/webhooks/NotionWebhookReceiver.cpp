#include "webhooks/NotionWebhookReceiver.h"

#include "webhooks/WebhookHttpConnection.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTcpServer>
#include <QTcpSocket>

#include <algorithm>

namespace pgnotion {

namespace {

Q_LOGGING_CATEGORY(webhookLog, "pgnotion.webhooks")

WebhookOutcome outcomeOfFailure(int status) {
    return status == 413 ? WebhookOutcome::TooLarge : WebhookOutcome::BadRequest;
}

} // namespace

NotionWebhookReceiver::NotionWebhookReceiver(NotionWebhookOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_server(new QTcpServer(this))
    , m_processor(m_options)
    , m_bucket(m_options.requestsPerSecond, m_options.burst) {
    m_clock.start();
    connect(m_server, &QTcpServer::newConnection, this, &NotionWebhookReceiver::acceptConnections);
}

NotionWebhookReceiver::~NotionWebhookReceiver() {
    close();
}

void NotionWebhookReceiver::setVerificationToken(const QString &token) {
    m_processor.setVerificationToken(token);
}

bool NotionWebhookReceiver::hasVerificationToken() const {
    return m_processor.hasVerificationToken();
}

void NotionWebhookReceiver::setOwnBotId(const QString &botUserId) {
    m_processor.setOwnBotId(botUserId);
}

bool NotionWebhookReceiver::listen() {
    if (m_server->isListening())
        return true;
    if (!m_server->listen(m_options.address, m_options.port)) {
        m_errorString = QStringLiteral("the Notion webhook endpoint cannot listen on %1:%2: %3")
                            .arg(m_options.address.toString())
                            .arg(m_options.port)
                            .arg(m_server->errorString());
        return false;
    }
    m_errorString.clear();
    qCInfo(webhookLog, "Notion webhooks: listening on %s%s", qPrintable(url().toString()),
           hasVerificationToken() ? "" : " (waiting for the subscription's verification request)");
    return true;
}

void NotionWebhookReceiver::close() {
    m_server->close();
    qDeleteAll(findChildren<WebhookHttpConnection *>(Qt::FindDirectChildrenOnly));
    m_openConnections = 0;
}

bool NotionWebhookReceiver::isListening() const {
    return m_server->isListening();
}

quint16 NotionWebhookReceiver::serverPort() const {
    return m_server->serverPort();
}

QUrl NotionWebhookReceiver::url() const {
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(m_server->serverAddress().toString());
    url.setPort(serverPort());
    url.setPath(m_options.path);
    return url;
}

void NotionWebhookReceiver::acceptConnections() {
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        auto *connection = new WebhookHttpConnection(socket, m_options.maxHeaderBytes, m_options.maxBodyBytes,
                                                     m_options.requestTimeout, this);
        ++m_openConnections;
        connect(connection, &WebhookHttpConnection::closed, this, [this] { --m_openConnections; });
        if (m_openConnections > m_options.maxConnections) {
            answer(connection, 503, WebhookOutcome::TooManyConnections,
                   QStringLiteral("too many connections"),
                   {{QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1")}});
            continue;
        }
        connect(connection, &WebhookHttpConnection::headersReceived, this,
                &NotionWebhookReceiver::headersReceived);
        connect(connection, &WebhookHttpConnection::requestReceived, this,
                &NotionWebhookReceiver::requestReceived);
        connect(connection, &WebhookHttpConnection::requestFailed, this,
                [this](WebhookHttpConnection *failed, int status, const QString &message) {
                    answer(failed, status, outcomeOfFailure(status), message);
                });
        connect(connection, &WebhookHttpConnection::timedOut, this, [this](WebhookHttpConnection *late) {
            answer(late, 408, WebhookOutcome::Timeout, QStringLiteral("the request did not arrive in time"));
        });
    }
}

void NotionWebhookReceiver::headersReceived(WebhookHttpConnection *connection) {
    // Every request takes a token before anything else is spent on it.
    const qint64 now = m_clock.elapsed();
    if (!m_bucket.tryTake(now)) {
        const qint64 waitSeconds = std::clamp<qint64>((m_bucket.msUntilNextToken(now) + 999) / 1000, 1, 3600);
        answer(connection, 429, WebhookOutcome::RateLimited,
               QStringLiteral("too many requests: at most %1 per second (bursts of %2)")
                   .arg(m_options.requestsPerSecond)
                   .arg(m_options.burst),
               {{QByteArrayLiteral("Retry-After"), QByteArray::number(waitSeconds)}});
        return;
    }
    const HttpRequest &request = connection->request();
    if (QString::fromUtf8(request.path()) != m_options.path) {
        answer(connection, 404, WebhookOutcome::NotFound, QStringLiteral("not the webhook endpoint"));
        return;
    }
    if (request.method != "POST") {
        answer(connection, 405, WebhookOutcome::MethodNotAllowed, QStringLiteral("only POST is accepted"),
               {{QByteArrayLiteral("Allow"), QByteArrayLiteral("POST")}});
        return;
    }
    if (connection->expectsContinue())
        connection->sendContinue();
}

void NotionWebhookReceiver::requestReceived(WebhookHttpConnection *connection) {
    const HttpRequest &request = connection->request();
    const WebhookVerdict verdict =
        m_processor.process(request.headerValues(QByteArrayLiteral("x-notion-signature")), request.body,
                            QDateTime::currentDateTimeUtc());
    // Answer first: Notion wants a quick 2xx, and what follows runs elsewhere (queued to the inbound sync).
    answer(connection, verdict.httpStatus, verdict.outcome, verdict.message);
    if (!verdict.verificationToken.isEmpty()) {
        qCInfo(webhookLog,
               "Notion webhooks: the subscription's verification token arrived; paste it in the "
               "integration's Webhooks tab in Notion to verify the subscription (shown in pgnotion, "
               "never logged)");
        Q_EMIT verificationTokenReceived(verdict.verificationToken);
    }
    if (verdict.pageChange) {
        const NotionPageChange &change = *verdict.pageChange;
        Q_EMIT pageChanged(change.pageId, change.parentId, change.eventType, change.updatedPropertyIds);
    }
}

void NotionWebhookReceiver::answer(WebhookHttpConnection *connection, int status, WebhookOutcome outcome,
                                   const QString &message,
                                   const QList<QPair<QByteArray, QByteArray>> &headers) {
    if (connection->hasResponded())
        return;
    m_counters.add(outcome);
    const QString name = WebhookCounters::name(outcome);
    const QJsonObject body{{QStringLiteral("status"), name}, {QStringLiteral("message"), message}};
    connection->respond(status, QJsonDocument(body).toJson(QJsonDocument::Compact), headers);
    Q_EMIT requestHandled(status, name, message);
}

} // namespace pgnotion
