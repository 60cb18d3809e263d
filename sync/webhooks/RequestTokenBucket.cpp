#include "webhooks/RequestTokenBucket.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace pgnotion {

RequestTokenBucket::RequestTokenBucket(double requestsPerSecond, int burst)
    : m_rate(std::max(requestsPerSecond, 0.0))
    , m_burst(std::max(burst, 1))
    , m_tokens(m_burst) {}

void RequestTokenBucket::refill(qint64 nowMs) {
    if (m_lastRefillMs >= 0 && nowMs > m_lastRefillMs)
        m_tokens = std::min(m_burst, m_tokens + double(nowMs - m_lastRefillMs) * m_rate / 1000.0);
    if (nowMs > m_lastRefillMs)
        m_lastRefillMs = nowMs;
}

bool RequestTokenBucket::tryTake(qint64 nowMs) {
    refill(nowMs);
    if (m_tokens < 1.0)
        return false;
    m_tokens -= 1.0;
    return true;
}

qint64 RequestTokenBucket::msUntilNextToken(qint64 nowMs) {
    refill(nowMs);
    if (m_tokens >= 1.0)
        return 0;
    if (m_rate <= 0.0)
        return std::numeric_limits<qint64>::max();
    return qint64(std::ceil((1.0 - m_tokens) * 1000.0 / m_rate));
}

} // namespace pgnotion
