#pragma once

#include "webhooks/NotionWebhookOptions.h"
#include "webhooks/WebhookCounters.h"
#include "webhooks/WebhookReplayGuard.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QMutex>
#include <QStringList>

#include <optional>

namespace pgnotion {

// A page event worth fetching the page for.
struct NotionPageChange {
    QString eventId;
    QString eventType; // page.properties_updated, page.created...
    QString pageId;
    QString parentId; // the data source when Notion names it (data.parent.data_source_id), else parent.id
    QStringList updatedPropertyIds; // page.properties_updated only
};

// The answer to one delivery, and what to hand on.
struct WebhookVerdict {
    int httpStatus = 200;
    WebhookOutcome outcome = WebhookOutcome::Accepted;
    QString message;
    std::optional<NotionPageChange> pageChange;
    QString verificationToken; // set: the verification request just delivered it
};

// Decides what a delivery's body is, in this order: the verification request (unsigned, carries
// `verification_token`), else a signed event: signature, JSON shape, timestamp within the tolerance,
// event id not seen before, an event type about a page's data, and authors other than this integration
// alone. Pure decision, no I/O; the receiver answers and signals. Setters are thread-safe.
class WebhookDeliveryProcessor {
public:
    explicit WebhookDeliveryProcessor(const NotionWebhookOptions &options);

    void setVerificationToken(const QString &token);
    bool hasVerificationToken() const;
    void setOwnBotId(const QString &botUserId);

    // `signatureHeaders`: every X-Notion-Signature value of the request.
    WebhookVerdict process(const QList<QByteArray> &signatureHeaders, const QByteArray &body,
                           const QDateTime &now);

    // Ids compared without dashes and case: Notion writes them dashed, users may paste them compact.
    static QString normalizedId(const QString &id);

private:
    WebhookVerdict verification(const QString &token);
    WebhookVerdict event(const QJsonObject &object, const QDateTime &now);
    bool writtenByThisIntegrationAlone(const QJsonObject &object) const;

    const NotionWebhookOptions m_options;
    mutable QMutex m_mutex; // guards the two below (set from any thread)
    QByteArray m_verificationToken;
    QString m_ownBotId;
    WebhookReplayGuard m_replayGuard;
};

} // namespace pgnotion
