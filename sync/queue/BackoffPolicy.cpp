#include "queue/BackoffPolicy.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

namespace pgnotion {

BackoffPolicy::BackoffPolicy()
    : BackoffPolicy(std::chrono::seconds(2), std::chrono::minutes(10),
                    [] { return QRandomGenerator::global()->generateDouble(); }) {}

BackoffPolicy::BackoffPolicy(std::chrono::milliseconds base, std::chrono::milliseconds cap, Random random)
    : m_base(base)
    , m_cap(cap)
    , m_random(std::move(random)) {}

std::chrono::milliseconds BackoffPolicy::ceilingAfter(int attempt) const {
    const int exponent = std::clamp(attempt - 1, 0, 40);
    const double ceiling = double(m_base.count()) * std::pow(2.0, exponent);
    return std::chrono::milliseconds(qint64(std::min(ceiling, double(m_cap.count()))));
}

std::chrono::milliseconds BackoffPolicy::delayAfter(int attempt, const JobFailure &failure) const {
    switch (failure.kind) {
    case FailureKind::RateLimited:
        return failure.retryAfter.count() > 0 ? failure.retryAfter : defaultRateLimitPause;
    case FailureKind::Unreachable:
    case FailureKind::Auth:
        return std::max(failure.retryAfter, unreachablePause);
    case FailureKind::Permanent:
        return std::chrono::milliseconds(0);
    case FailureKind::Deferred:
        return failure.retryAfter.count() > 0 ? failure.retryAfter
                                              : std::chrono::milliseconds(std::chrono::seconds(1));
    case FailureKind::Transient:
        break;
    }
    // Half fixed, half jitter: never retries at once, and many failing jobs spread out.
    const auto ceiling = ceilingAfter(attempt);
    const double jitter = std::clamp(m_random(), 0.0, 1.0);
    return std::chrono::milliseconds(qint64(double(ceiling.count()) * (0.5 + 0.5 * jitter)));
}

} // namespace pgnotion
