#pragma once

#include <QHash>
#include <QMutex>
#include <QString>

#include <algorithm>
#include <chrono>
#include <memory>

namespace pgnotion {

// A token bucket shared by every thread that talks to Notion with one integration token: Notion's limit
// (about 3 requests/s on average, with small bursts) is per integration, not per connection.
// reserve() hands out send times; nothing blocks. It keeps one request of the burst in reserve and spaces
// sends a little wider than the rate, so that jitter never turns into a 429. A 429 stops everybody until
// its Retry-After has passed and lowers the rate for a while; it recovers step by step while Notion stays
// quiet.
class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;

    RateLimiter(double requestsPerSecond, int burst);

    // The limiter of a token, created on first use: one per integration in the whole process.
    static std::shared_ptr<RateLimiter> forToken(const QString &token, double requestsPerSecond, int burst);

    // Takes a slot and says how long to wait before sending. Thread-safe.
    std::chrono::milliseconds reserve();
    // Notion answered 429: nobody sends before `retryAfter` has passed, and the rate drops. `reason`
    // names the kind of 429 for metrics (see NotionClient).
    void rateLimited(std::chrono::milliseconds retryAfter,
                     const QString &reason = QStringLiteral("rate_limited"));

    // Notion's limit is per integration, and several engine processes (headless workers on other machines,
    // a dashboard's engine) may use the same one: each then keeps to its share of the rate and of the
    // burst. `processes` counts this one too; the queue's heartbeats tell it.
    void shareWith(int processes);
    int sharedBy() const;

    double configuredRate() const { return m_configuredRate; }
    double currentRate() const;

    // For metrics: what the 429s did to every client of this limiter. Thread-safe.
    struct Statistics {
        QHash<QString, qint64> rateLimitedByReason;
        double pausedSeconds = 0; // how long sends were held back by Retry-After pauses, together
        double currentRate = 0;
        double configuredRate = 0;
    };
    Statistics statistics() const;

private:
    // This process's share of the configured rate and burst (called with the mutex held).
    double shareOfRate() const { return m_configuredRate / m_share; }
    int shareOfBurst() const { return std::max(1, m_burst / m_share); }
    void recover(Clock::time_point now);
    // The spacing of sends at the current rate (called with the mutex held).
    Clock::duration currentInterval() const;

    mutable QMutex m_mutex;
    const double m_configuredRate;
    const int m_burst;
    double m_rate;
    int m_share = 1;
    Clock::time_point m_theoreticalArrival; // when the next request would go at the steady rate
    Clock::time_point m_lastPenalty;        // the last 429, or the last recovery step
    Clock::time_point m_pausedUntil;        // Retry-After
    QHash<QString, qint64> m_rateLimitedByReason;
    Clock::duration m_pausedTotal{};
};

} // namespace pgnotion
