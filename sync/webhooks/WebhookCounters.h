#pragma once

#include <QMap>
#include <QString>

#include <array>
#include <atomic>

namespace pgnotion {

// What became of one request to the webhook endpoint.
enum class WebhookOutcome {
    Accepted,             // a page event handed on (pageChanged)
    Verification,         // the subscription's verification request
    Duplicate,            // an event id seen before: acknowledged, not handed on again
    IgnoredOwnWrite,      // made by this integration alone: no echo
    IgnoredEventType,     // not about a page's data (comments, schemas, locks...)
    MissingSignature,     // 401
    BadSignature,         // 401
    NoVerificationToken,  // 401: signed, but the subscription was never verified here
    VerificationConflict, // 409: another verification token while one is configured
    Malformed,            // 400: not JSON, or not an event
    Stale,                // 400: timestamp outside the tolerance
    TooLarge,             // 413
    RateLimited,          // 429
    BadRequest,           // 400/431/501: broken HTTP
    NotFound,             // 404: another path
    MethodNotAllowed,     // 405
    Timeout,              // 408: the request did not arrive in time
    TooManyConnections,   // 503
};

// Counters of outcomes for metrics. Lock-free: written on the receiver's thread, read from any.
class WebhookCounters {
public:
    static constexpr int outcomeCount = int(WebhookOutcome::TooManyConnections) + 1;

    void add(WebhookOutcome outcome) {
        m_counts[std::size_t(outcome)].fetch_add(1, std::memory_order_relaxed);
    }
    qint64 value(WebhookOutcome outcome) const {
        return m_counts[std::size_t(outcome)].load(std::memory_order_relaxed);
    }
    // Every outcome by name ("accepted", "rejected_bad_signature"...), zeros included.
    QMap<QString, qint64> snapshot() const;
    // Sum of the outcomes that refused a request (4xx and 5xx).
    qint64 rejected() const;

    static QString name(WebhookOutcome outcome);
    static bool isRejection(WebhookOutcome outcome);

private:
    std::array<std::atomic<qint64>, outcomeCount> m_counts{};
};

} // namespace pgnotion
