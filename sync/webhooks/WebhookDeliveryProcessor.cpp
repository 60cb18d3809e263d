#include "webhooks/WebhookDeliveryProcessor.h"

#include "webhooks/WebhookSignature.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMutexLocker>

namespace pgnotion {

namespace {

const QLatin1String verificationTokenKey("verification_token");

// The page events that may change what the inbound rules read. Locks, comments, transcripts, schema and
// view changes are acknowledged and ignored (the poller and the mapping validation cover schemas).
bool isAboutPageData(const QString &type) {
    static const QStringList types = {
        QStringLiteral("page.created"),         QStringLiteral("page.properties_updated"),
        QStringLiteral("page.content_updated"), QStringLiteral("page.deleted"),
        QStringLiteral("page.undeleted"),       QStringLiteral("page.moved"),
    };
    return types.contains(type);
}

WebhookVerdict verdict(int status, WebhookOutcome outcome, const QString &message) {
    WebhookVerdict result;
    result.httpStatus = status;
    result.outcome = outcome;
    result.message = message;
    return result;
}

} // namespace

WebhookDeliveryProcessor::WebhookDeliveryProcessor(const NotionWebhookOptions &options)
    : m_options(options)
    , m_replayGuard(std::chrono::milliseconds(options.maxEventAge + options.maxClockSkew).count(),
                    options.maxRememberedEvents) {}

void WebhookDeliveryProcessor::setVerificationToken(const QString &token) {
    const QMutexLocker locker(&m_mutex);
    m_verificationToken = token.toUtf8();
}

bool WebhookDeliveryProcessor::hasVerificationToken() const {
    const QMutexLocker locker(&m_mutex);
    return !m_verificationToken.isEmpty();
}

void WebhookDeliveryProcessor::setOwnBotId(const QString &botUserId) {
    const QMutexLocker locker(&m_mutex);
    m_ownBotId = normalizedId(botUserId);
}

QString WebhookDeliveryProcessor::normalizedId(const QString &id) {
    return QString(id).remove(QLatin1Char('-')).trimmed().toLower();
}

WebhookVerdict WebhookDeliveryProcessor::process(const QList<QByteArray> &signatureHeaders,
                                                 const QByteArray &body, const QDateTime &now) {
    QJsonParseError parseError{};
    if (signatureHeaders.isEmpty()) {
        // Only the subscription's verification request comes unsigned: there is no key before it.
        const QJsonObject object = QJsonDocument::fromJson(body, &parseError).object();
        const QString token = object.value(verificationTokenKey).toString();
        if (!token.isEmpty())
            return verification(token);
        return verdict(
            401, WebhookOutcome::MissingSignature,
            QStringLiteral("missing X-Notion-Signature header: every delivery but the verification "
                           "request is signed"));
    }
    if (signatureHeaders.size() > 1)
        return verdict(401, WebhookOutcome::BadSignature,
                       QStringLiteral("more than one X-Notion-Signature header"));

    QByteArray key;
    {
        const QMutexLocker locker(&m_mutex);
        key = m_verificationToken;
    }
    if (key.isEmpty())
        return verdict(401, WebhookOutcome::NoVerificationToken,
                       QStringLiteral("no verification token is configured: the subscription has not been "
                                      "verified with this endpoint"));
    if (!WebhookSignature::verify(key, body, signatureHeaders.first()))
        return verdict(401, WebhookOutcome::BadSignature,
                       QStringLiteral("X-Notion-Signature does not match the body (expected sha256=<hex "
                                      "HMAC-SHA256 of the raw body, keyed with the verification token>)"));

    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return verdict(400, WebhookOutcome::Malformed,
                       QStringLiteral("malformed JSON: %1 at offset %2")
                           .arg(parseError.errorString())
                           .arg(parseError.offset));
    if (!document.isObject())
        return verdict(400, WebhookOutcome::Malformed,
                       QStringLiteral("malformed event: expected one JSON object"));
    const QJsonObject object = document.object();
    // A signed repeat of the verification request (Notion's "resend token"): same answer as unsigned.
    if (object.value(verificationTokenKey).isString() && !object.contains(QLatin1String("type")))
        return verification(object.value(verificationTokenKey).toString());
    return event(object, now);
}

WebhookVerdict WebhookDeliveryProcessor::verification(const QString &token) {
    const QMutexLocker locker(&m_mutex);
    const QByteArray received = token.toUtf8();
    if (!m_verificationToken.isEmpty() &&
        !WebhookSignature::equalInConstantTime(m_verificationToken, received))
        // Anyone can POST an unsigned verification request: replacing the key on that basis would hand
        // the endpoint to whoever asks. A new subscription needs the stored token cleared first.
        return verdict(
            409, WebhookOutcome::VerificationConflict,
            QStringLiteral("another verification token is already configured; clear it in pgnotion "
                           "before verifying a new subscription"));
    m_verificationToken = received;
    WebhookVerdict result =
        verdict(200, WebhookOutcome::Verification,
                QStringLiteral("verification token received: paste it in the integration's Webhooks tab in "
                               "Notion to verify the subscription"));
    result.verificationToken = token;
    return result;
}

WebhookVerdict WebhookDeliveryProcessor::event(const QJsonObject &object, const QDateTime &now) {
    const QString id = object.value(QLatin1String("id")).toString();
    const QString type = object.value(QLatin1String("type")).toString();
    const QString timestampText = object.value(QLatin1String("timestamp")).toString();
    for (const auto &[field, value] : {std::pair{"id", id}, {"type", type}, {"timestamp", timestampText}}) {
        if (value.isEmpty())
            return verdict(400, WebhookOutcome::Malformed,
                           QStringLiteral("malformed event: no \"%1\" string").arg(QLatin1String(field)));
    }
    const QDateTime timestamp = QDateTime::fromString(timestampText, Qt::ISODateWithMs);
    if (!timestamp.isValid())
        return verdict(400, WebhookOutcome::Malformed,
                       QStringLiteral("malformed event: \"timestamp\" is not an ISO 8601 time"));
    const qint64 ageMs = timestamp.msecsTo(now);
    if (ageMs > std::chrono::milliseconds(m_options.maxEventAge).count())
        return verdict(400, WebhookOutcome::Stale,
                       QStringLiteral("stale event: its timestamp %1 is older than the tolerance of %2 s")
                           .arg(timestampText)
                           .arg(m_options.maxEventAge.count()));
    if (-ageMs > std::chrono::milliseconds(m_options.maxClockSkew).count())
        return verdict(
            400, WebhookOutcome::Stale,
            QStringLiteral("event from the future: its timestamp %1 is ahead of this clock by more "
                           "than %2 s")
                .arg(timestampText)
                .arg(m_options.maxClockSkew.count()));

    const QJsonObject entity = object.value(QLatin1String("entity")).toObject();
    const bool aboutPageData =
        isAboutPageData(type) && entity.value(QLatin1String("type")).toString() == QLatin1String("page");
    const QString pageId = entity.value(QLatin1String("id")).toString();
    if (aboutPageData && pageId.isEmpty())
        return verdict(400, WebhookOutcome::Malformed,
                       QStringLiteral("malformed event: no \"entity.id\" string"));

    // Notion delivers at least once: a retry carries the same id. Acknowledged, so Notion stops retrying.
    if (m_replayGuard.checkAndRemember(id, now.toMSecsSinceEpoch()))
        return verdict(200, WebhookOutcome::Duplicate, QStringLiteral("event already received"));
    if (!aboutPageData)
        return verdict(200, WebhookOutcome::IgnoredEventType,
                       QStringLiteral("event type %1 ignored").arg(type));
    if (writtenByThisIntegrationAlone(object))
        return verdict(200, WebhookOutcome::IgnoredOwnWrite, QStringLiteral("this integration's own change"));

    // Events arrive out of order and only signal a change: the inbound sync fetches the page as it is
    // now, so the order in which they are handed on does not matter.
    const QJsonObject parent =
        object.value(QLatin1String("data")).toObject().value(QLatin1String("parent")).toObject();
    NotionPageChange change;
    change.eventId = id;
    change.eventType = type;
    change.pageId = pageId;
    change.parentId = parent.value(QLatin1String("data_source_id")).toString();
    if (change.parentId.isEmpty())
        change.parentId = parent.value(QLatin1String("id")).toString();
    const QJsonArray updated =
        object.value(QLatin1String("data")).toObject().value(QLatin1String("updated_properties")).toArray();
    for (const QJsonValue &property : updated) {
        if (property.isString())
            change.updatedPropertyIds.append(property.toString());
    }
    WebhookVerdict result = verdict(200, WebhookOutcome::Accepted, QStringLiteral("accepted"));
    result.pageChange = change;
    return result;
}

bool WebhookDeliveryProcessor::writtenByThisIntegrationAlone(const QJsonObject &object) const {
    QString ownBotId;
    {
        const QMutexLocker locker(&m_mutex);
        ownBotId = m_ownBotId;
    }
    const QJsonArray authors = object.value(QLatin1String("authors")).toArray();
    // No authors, or an unknown own id: hand it on (fetching a page twice is harmless, missing an edit is
    // not).
    if (ownBotId.isEmpty() || authors.isEmpty())
        return false;
    for (const QJsonValue &author : authors) {
        const QJsonObject fields = author.toObject();
        if (fields.value(QLatin1String("type")).toString() != QLatin1String("bot") ||
            normalizedId(fields.value(QLatin1String("id")).toString()) != ownBotId)
            return false;
    }
    return true;
}

} // namespace pgnotion
