#pragma once

#include "queue/JobFailure.h"

#include <chrono>
#include <functional>

namespace pgnotion {

// When a failed job runs again: capped exponential back-off with full jitter for transient failures
// (base · 2^(attempt-1), at most `cap`), Retry-After for rate limits, a short fixed pause when Notion is
// unreachable. The random source is injectable so that tests can check the schedule exactly.
class BackoffPolicy {
public:
    using Random = std::function<double()>; // uniform in [0, 1)

    BackoffPolicy();
    BackoffPolicy(std::chrono::milliseconds base, std::chrono::milliseconds cap, Random random);

    // The delay before the next run after `attempt` (1-based) failed in this way.
    std::chrono::milliseconds delayAfter(int attempt, const JobFailure &failure) const;
    // Without jitter: the upper bound of the delay after a transient failure of `attempt`.
    std::chrono::milliseconds ceilingAfter(int attempt) const;

    std::chrono::milliseconds unreachablePause{std::chrono::seconds(15)};
    std::chrono::milliseconds defaultRateLimitPause{std::chrono::seconds(1)};

private:
    std::chrono::milliseconds m_base;
    std::chrono::milliseconds m_cap;
    Random m_random;
};

} // namespace pgnotion
