#include "RateLimiter.h"

#include <algorithm>
#include <cmath>

namespace notionemu {

void RateLimiter::configure(double ratePerSecond, int burst) {
    m_rate = std::max(0.0, ratePerSecond);
    m_burst = std::max(1, burst);
    m_buckets.clear();
}

int RateLimiter::admit(const QString &token, Clock::time_point now) {
    if (!enabled())
        return 0;
    auto it = m_buckets.find(token);
    if (it == m_buckets.end())
        it = m_buckets.insert(token, Bucket{double(m_burst), now});
    Bucket &bucket = it.value();
    const double elapsed = std::chrono::duration<double>(now - bucket.refilledAt).count();
    bucket.tokens = std::min(double(m_burst), bucket.tokens + elapsed * m_rate);
    bucket.refilledAt = now;
    if (bucket.tokens >= 1.0) {
        bucket.tokens -= 1.0;
        return 0;
    }
    // Rejected requests do not consume: a client that waits Retry-After gets through.
    const double wait = (1.0 - bucket.tokens) / m_rate;
    return std::max(1, int(std::ceil(wait)));
}

} // namespace notionemu
