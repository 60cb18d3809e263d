#pragma once

#include <QHash>
#include <QString>

#include <chrono>

namespace notionemu {

// A token bucket per integration token: `ratePerSecond` on average with bursts of up to `burst` requests.
// Notion documents "an average of three requests per second, some bursts allowed"; the bucket is the
// simplest model of that. Time is passed in so that the behaviour is exact in tests.
class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;

    void configure(double ratePerSecond, int burst);
    double ratePerSecond() const { return m_rate; }
    int burst() const { return m_burst; }
    bool enabled() const { return m_rate > 0; }

    // Takes one request from `token`'s bucket. Returns 0 when allowed, otherwise the whole seconds (>= 1)
    // after which a request will be allowed again: the value of the Retry-After header.
    int admit(const QString &token, Clock::time_point now);
    void reset() { m_buckets.clear(); }

private:
    struct Bucket {
        double tokens = 0;
        Clock::time_point refilledAt;
    };
    double m_rate = 3.0;
    int m_burst = 3;
    QHash<QString, Bucket> m_buckets;
};

} // namespace notionemu
