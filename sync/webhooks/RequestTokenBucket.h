#pragma once

#include <QtGlobal>

namespace pgnotion {

// A token bucket bounding the request rate of the webhook endpoint: `burst` at once, then `rate` per
// second. Time is passed in (milliseconds of a monotonic clock) so the arithmetic is testable. Not
// thread-safe: the receiver uses it on its own thread only.
class RequestTokenBucket {
public:
    RequestTokenBucket(double requestsPerSecond, int burst);

    // Takes a token if one is there.
    bool tryTake(qint64 nowMs);
    // How long until a token is there (0 when one is): the Retry-After of a refusal.
    qint64 msUntilNextToken(qint64 nowMs);

private:
    void refill(qint64 nowMs);

    const double m_rate;
    const double m_burst;
    double m_tokens;
    qint64 m_lastRefillMs = -1;
};

} // namespace pgnotion
