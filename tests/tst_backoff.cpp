#include "queue/BackoffPolicy.h"

#include <QTest>

using namespace pgnotion;
using namespace std::chrono_literals;

class TestBackoff : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void doublesUpToTheCap() {
        const BackoffPolicy policy(1s, 60s, [] { return 1.0; });
        const JobFailure transient{FailureKind::Transient, {}, {}, 0, {}, 0ms};
        QCOMPARE(policy.delayAfter(1, transient), 1000ms);
        QCOMPARE(policy.delayAfter(2, transient), 2000ms);
        QCOMPARE(policy.delayAfter(3, transient), 4000ms);
        QCOMPARE(policy.delayAfter(6, transient), 32000ms);
        QCOMPARE(policy.delayAfter(7, transient), 60000ms);
        QCOMPARE(policy.delayAfter(100, transient), 60000ms); // no overflow
    }

    void jitterStaysWithinHalfAndAllOfTheCeiling() {
        const JobFailure transient{FailureKind::Transient, {}, {}, 0, {}, 0ms};
        const BackoffPolicy low(1s, 60s, [] { return 0.0; });
        const BackoffPolicy high(1s, 60s, [] { return 0.999999; });
        for (int attempt = 1; attempt <= 10; ++attempt) {
            const auto ceiling = low.ceilingAfter(attempt);
            QCOMPARE(low.delayAfter(attempt, transient), ceiling / 2);
            QVERIFY(high.delayAfter(attempt, transient) <= ceiling);
            QVERIFY(high.delayAfter(attempt, transient) >= ceiling * 99 / 100);
        }
        // The default policy uses a real random source: delays differ between calls.
        const BackoffPolicy real;
        QSet<qint64> seen;
        for (int i = 0; i < 20; ++i)
            seen.insert(real.delayAfter(5, transient).count());
        QVERIFY(seen.size() > 1);
    }

    void rateLimitsWaitForRetryAfter() {
        const BackoffPolicy policy(1s, 60s, [] { return 0.5; });
        QCOMPARE(policy.delayAfter(1, {FailureKind::RateLimited, {}, {}, 429, {}, 7000ms}), 7000ms);
        QCOMPARE(policy.delayAfter(1, {FailureKind::RateLimited, {}, {}, 429, {}, 0ms}),
                 policy.defaultRateLimitPause);
    }

    void unreachableAndAuthPauseAtLeastTheUnreachablePause() {
        const BackoffPolicy policy;
        QCOMPARE(policy.delayAfter(9, {FailureKind::Unreachable, {}, {}, 0, {}, 0ms}),
                 policy.unreachablePause);
        QCOMPARE(policy.delayAfter(1, {FailureKind::Auth, {}, {}, 401, {}, 0ms}), policy.unreachablePause);
        QCOMPARE(policy.delayAfter(1, {FailureKind::Unreachable, {}, {}, 0, {}, 120s}), 120000ms);
    }

    void permanentFailuresDoNotWait() {
        const BackoffPolicy policy;
        QCOMPARE(policy.delayAfter(1, {FailureKind::Permanent, {}, {}, 400, {}, 0ms}), 0ms);
    }
};

QTEST_GUILESS_MAIN(TestBackoff)
#include "tst_backoff.moc"
