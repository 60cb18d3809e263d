#include "webhooks/WebhookCounters.h"

namespace pgnotion {

QString WebhookCounters::name(WebhookOutcome outcome) {
    switch (outcome) {
    case WebhookOutcome::Accepted:
        return QStringLiteral("accepted");
    case WebhookOutcome::Verification:
        return QStringLiteral("verification");
    case WebhookOutcome::Duplicate:
        return QStringLiteral("duplicate");
    case WebhookOutcome::IgnoredOwnWrite:
        return QStringLiteral("ignored_own_write");
    case WebhookOutcome::IgnoredEventType:
        return QStringLiteral("ignored_event_type");
    case WebhookOutcome::MissingSignature:
        return QStringLiteral("rejected_missing_signature");
    case WebhookOutcome::BadSignature:
        return QStringLiteral("rejected_bad_signature");
    case WebhookOutcome::NoVerificationToken:
        return QStringLiteral("rejected_not_verified");
    case WebhookOutcome::VerificationConflict:
        return QStringLiteral("rejected_verification_conflict");
    case WebhookOutcome::Malformed:
        return QStringLiteral("rejected_malformed");
    case WebhookOutcome::Stale:
        return QStringLiteral("rejected_stale");
    case WebhookOutcome::TooLarge:
        return QStringLiteral("rejected_too_large");
    case WebhookOutcome::RateLimited:
        return QStringLiteral("rejected_rate_limited");
    case WebhookOutcome::BadRequest:
        return QStringLiteral("rejected_bad_request");
    case WebhookOutcome::NotFound:
        return QStringLiteral("rejected_not_found");
    case WebhookOutcome::MethodNotAllowed:
        return QStringLiteral("rejected_method_not_allowed");
    case WebhookOutcome::Timeout:
        return QStringLiteral("rejected_timeout");
    case WebhookOutcome::TooManyConnections:
        return QStringLiteral("rejected_too_many_connections");
    }
    return QStringLiteral("unknown");
}

bool WebhookCounters::isRejection(WebhookOutcome outcome) {
    switch (outcome) {
    case WebhookOutcome::Accepted:
    case WebhookOutcome::Verification:
    case WebhookOutcome::Duplicate:
    case WebhookOutcome::IgnoredOwnWrite:
    case WebhookOutcome::IgnoredEventType:
        return false;
    default:
        return true;
    }
}

QMap<QString, qint64> WebhookCounters::snapshot() const {
    QMap<QString, qint64> counts;
    for (int i = 0; i < outcomeCount; ++i)
        counts.insert(name(WebhookOutcome(i)), value(WebhookOutcome(i)));
    return counts;
}

qint64 WebhookCounters::rejected() const {
    qint64 sum = 0;
    for (int i = 0; i < outcomeCount; ++i) {
        if (isRejection(WebhookOutcome(i)))
            sum += value(WebhookOutcome(i));
    }
    return sum;
}

} // namespace pgnotion
