#include "notion/RateLimiter.h"

#include <QCryptographicHash>

#include <algorithm>

namespace pgnotion {
namespace {

using namespace std::chrono_literals;

// After a 429 the rate halves (never below this), and comes back by a tenth of the configured rate for
// every quiet interval.
constexpr double kMinimumRate = 0.25;
// Sends are spaced 1.5 % wider than the limit: a request that arrives a few milliseconds early (thread
// scheduling, the network) would otherwise find Notion's bucket just short of a token.
constexpr double kSafetyMargin = 0.985;
constexpr auto kRecoveryInterval = 10s;
constexpr auto kLongestPause = std::chrono::minutes(5);

std::chrono::steady_clock::duration secondsToDuration(double seconds) {
    return std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(seconds));
}

} // namespace

RateLimiter::RateLimiter(double requestsPerSecond, int burst)
    : m_configuredRate(std::max(requestsPerSecond, 0.01))
    , m_burst(std::max(burst, 1))
    , m_rate(m_configuredRate)
    , m_theoreticalArrival(Clock::now()) {}

std::shared_ptr<RateLimiter> RateLimiter::forToken(const QString &token, double requestsPerSecond,
                                                   int burst) {
    static QMutex mutex;
    static QHash<QByteArray, std::weak_ptr<RateLimiter>> limiters;
    // Keyed by a hash: the registry never holds the token itself.
    const QByteArray key = QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256) +
                           QByteArray::number(requestsPerSecond) + '/' + QByteArray::number(burst);
    QMutexLocker lock(&mutex);
    if (auto existing = limiters.value(key).lock())
        return existing;
    auto limiter = std::make_shared<RateLimiter>(requestsPerSecond, burst);
    limiters.insert(key, limiter);
    return limiter;
}

// GCRA (virtual scheduling): m_theoreticalArrival is when the next request would go at the steady rate;
// a request may go up to (burst - 1) intervals early. Reservations always succeed and return the wait.
std::chrono::milliseconds RateLimiter::reserve() {
    QMutexLocker lock(&m_mutex);
    const auto now = Clock::now();
    recover(now);
    const auto interval = currentInterval();
    // One request of the server's burst stays in reserve: a send that arrives up to a whole interval
    // early (a late send just before it, a busy machine) still finds a token. Steady throughput is the
    // same; only the first burst is one request shorter.
    const auto tolerance = interval * std::max(0, shareOfBurst() - 2);
    m_theoreticalArrival = std::max(m_theoreticalArrival, now);
    const auto sendAt = std::max({now, m_theoreticalArrival - tolerance, m_pausedUntil});
    m_theoreticalArrival += interval;
    return std::chrono::ceil<std::chrono::milliseconds>(sendAt - now);
}

void RateLimiter::rateLimited(std::chrono::milliseconds retryAfter, const QString &reason) {
    QMutexLocker lock(&m_mutex);
    const auto now = Clock::now();
    const auto pausedBefore = std::max(m_pausedUntil, now);
    // Notion asks for seconds; a Retry-After of hours comes from something in between (a proxy) or a bug,
    // and must not stop every worker for that long: past the cap, the next 429 says again.
    const auto pause = std::clamp<Clock::duration>(retryAfter, 1s, kLongestPause);
    m_pausedUntil = std::max(m_pausedUntil, now + pause);
    // Overlapping 429s (several threads hit at once) extend one pause: only the extension counts.
    m_pausedTotal += m_pausedUntil - pausedBefore;
    ++m_rateLimitedByReason[reason];
    m_rate = std::max(kMinimumRate, m_rate / 2);
    m_lastPenalty = now;
    // No burst right after a 429: the first request goes when the pause ends, the rest at the new rate.
    const auto interval = currentInterval();
    m_theoreticalArrival =
        std::max(m_theoreticalArrival, m_pausedUntil + interval * std::max(0, shareOfBurst() - 2));
}

RateLimiter::Clock::duration RateLimiter::currentInterval() const {
    return secondsToDuration(1.0 / (m_rate * kSafetyMargin));
}

void RateLimiter::recover(Clock::time_point now) {
    if (m_rate >= shareOfRate() || now - m_lastPenalty < kRecoveryInterval)
        return;
    const auto quietIntervals = (now - m_lastPenalty) / kRecoveryInterval;
    m_rate = std::min(shareOfRate(), m_rate + shareOfRate() * 0.1 * double(quietIntervals));
    m_lastPenalty = now;
}

void RateLimiter::shareWith(int processes) {
    QMutexLocker lock(&m_mutex);
    const int share = std::max(1, processes);
    if (share == m_share)
        return;
    // More processes: the smaller share applies at once. Fewer: the rate comes back at the pace it
    // recovers after a 429, so that a departure one process sees before the others never adds up to more
    // than the limit.
    const bool fewerProcesses = share < m_share;
    m_share = share;
    m_rate = std::min(m_rate, shareOfRate());
    if (fewerProcesses)
        m_lastPenalty = Clock::now();
}

int RateLimiter::sharedBy() const {
    QMutexLocker lock(&m_mutex);
    return m_share;
}

double RateLimiter::currentRate() const {
    QMutexLocker lock(&m_mutex);
    return m_rate;
}

RateLimiter::Statistics RateLimiter::statistics() const {
    QMutexLocker lock(&m_mutex);
    return {m_rateLimitedByReason, std::chrono::duration<double>(m_pausedTotal).count(), m_rate,
            m_configuredRate};
}

} // namespace pgnotion
