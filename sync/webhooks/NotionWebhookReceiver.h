#pragma once

#include "webhooks/NotionWebhookOptions.h"
#include "webhooks/RequestTokenBucket.h"
#include "webhooks/WebhookCounters.h"
#include "webhooks/WebhookDeliveryProcessor.h"

#include <QElapsedTimer>
#include <QObject>
#include <QUrl>

class QTcpServer;

namespace pgnotion {

class WebhookHttpConnection;

// The HTTP endpoint for Notion's integration webhooks. It answers Notion's subscription verification
// request (handing the token on: the admin pastes it in Notion, the app keeps it in the keychain), then
// takes only deliveries signed with that token (X-Notion-Signature, compared in constant time), refuses
// stale and replayed events, ignores this integration's own writes and events not about a page's data,
// answers at once and hands each page change on (pageChanged) for the inbound sync to fetch and apply.
// Polling stays on: webhooks only make changes arrive sooner.
//
// Its own small HTTP/1.1 server rather than QHttpServer: Qt 6.4's QHttpServer reads a whole body into
// memory before a handler can refuse it and has no connection or rate bounds. Plain HTTP on loopback by
// default: Notion delivers to a public HTTPS URL only, so a reverse proxy terminates TLS in front of it.
//
// Lives in the thread that owns it (or is moved to one: everything runs there); setters and counters
// are thread-safe.
//
//   auto receiver = new NotionWebhookReceiver(options, this);
//   receiver->setVerificationToken(tokenFromKeychain);   // empty before the subscription is verified
//   receiver->setOwnBotId(botIdFromUsersMe);
//   connect(receiver, &NotionWebhookReceiver::verificationTokenReceived, this, ...store in the keychain...);
//   connect(receiver, &NotionWebhookReceiver::pageChanged, poller, ...fetch and apply...);
//   if (!receiver->listen()) ...receiver->errorString()...
class NotionWebhookReceiver : public QObject {
    Q_OBJECT
public:
    explicit NotionWebhookReceiver(NotionWebhookOptions options = {}, QObject *parent = nullptr);
    ~NotionWebhookReceiver() override;

    // The subscription's verification token (from the keychain). Empty: the next verification request
    // sets it; set: a verification request with another token is refused (409) until it is cleared.
    void setVerificationToken(const QString &token);
    bool hasVerificationToken() const;
    // The integration's bot user id (users/me): events whose authors are this bot alone are ignored.
    void setOwnBotId(const QString &botUserId);

    // Starts listening on options.address:options.port; false with errorString() when it cannot.
    Q_INVOKABLE bool listen();
    Q_INVOKABLE void close();
    bool isListening() const;
    quint16 serverPort() const;
    // http://address:port/path, what the reverse proxy forwards to.
    QUrl url() const;
    QString errorString() const { return m_errorString; }

    const NotionWebhookOptions &options() const { return m_options; }
    // Every outcome by name ("accepted", "rejected_bad_signature"...); thread-safe.
    QMap<QString, qint64> counters() const { return m_counters.snapshot(); }
    qint64 count(WebhookOutcome outcome) const { return m_counters.value(outcome); }

Q_SIGNALS:
    // Notion's verification request delivered the token. Keep it (keychain) and show it to the admin,
    // who pastes it in the integration's Webhooks tab. Never logged.
    void verificationTokenReceived(const QString &token);
    // A page changed in Notion (not by this integration alone): fetch it and apply the inbound rules.
    // `parentId` is its data source when Notion names one, else its parent's id; may be empty.
    void pageChanged(const QString &pageId, const QString &parentId, const QString &eventType,
                     const QStringList &updatedPropertyIds);
    // Every request answered: for a log or an activity view (no secrets in `message`).
    void requestHandled(int httpStatus, const QString &outcome, const QString &message);

private:
    void acceptConnections();
    void headersReceived(WebhookHttpConnection *connection);
    void requestReceived(WebhookHttpConnection *connection);
    void answer(WebhookHttpConnection *connection, int status, WebhookOutcome outcome, const QString &message,
                const QList<QPair<QByteArray, QByteArray>> &headers = {});

    const NotionWebhookOptions m_options;
    QTcpServer *m_server;
    WebhookDeliveryProcessor m_processor;
    RequestTokenBucket m_bucket;
    QElapsedTimer m_clock;
    WebhookCounters m_counters;
    QString m_errorString;
    int m_openConnections = 0;
};

} // namespace pgnotion
