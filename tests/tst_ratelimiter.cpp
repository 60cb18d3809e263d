#include "notion/RateLimiter.h"

#include <QMutex>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <thread>

using namespace pgnotion;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// The per-integration limiter, alone: the schedule it hands out never exceeds rate and burst.
class TestRateLimiter : public QObject {
    Q_OBJECT

    // The most sends in any window of `window` length.
    static int busiestWindow(QList<Clock::time_point> sends, Clock::duration window) {
        std::sort(sends.begin(), sends.end());
        int most = 0;
        for (qsizetype i = 0; i < sends.size(); ++i) {
            qsizetype j = i;
            while (j < sends.size() && sends[j] - sends[i] < window)
                ++j;
            most = std::max(most, int(j - i));
        }
        return most;
    }

private Q_SLOTS:
    void aBurstThenTheSteadyRate() {
        // A burst of 3 allowed: 2 go at once (one stays in reserve), then one per interval, spaced 1.5 %
        // wider than 1/3 s.
        RateLimiter limiter(3.0, 3);
        QCOMPARE(limiter.reserve(), 0ms);
        QCOMPARE(limiter.reserve(), 0ms);
        const auto third = limiter.reserve();
        QVERIFY2(third >= 334ms && third <= 345ms, qPrintable(QString::number(third.count())));
        const auto fourth = limiter.reserve();
        QVERIFY2(fourth >= 670ms && fourth <= 685ms, qPrintable(QString::number(fourth.count())));
    }

    void aRateLimitedAnswerStopsEveryoneAndSlowsDown() {
        RateLimiter limiter(4.0, 4);
        limiter.rateLimited(2s);
        QCOMPARE(limiter.currentRate(), 2.0);
        const auto first = limiter.reserve();
        QVERIFY2(first >= 1990ms && first <= 2010ms, qPrintable(QString::number(first.count())));
        // No burst after a 429: the next one is an interval (now 500 ms) later.
        const auto second = limiter.reserve();
        QVERIFY2(second >= first + 500ms, qPrintable(QString::number(second.count())));
        QCOMPARE(limiter.configuredRate(), 4.0);
    }

    // Three processes on one integration: each keeps a third of the rate and no burst; when two leave,
    // the rate comes back step by step, as after a 429, never at once.
    void processesSharingAnIntegrationShareItsRate() {
        RateLimiter limiter(3.0, 3);
        limiter.shareWith(3);
        QCOMPARE(limiter.sharedBy(), 3);
        QCOMPARE(limiter.currentRate(), 1.0);
        QCOMPARE(limiter.reserve(), 0ms);
        const auto second = limiter.reserve(); // no burst: one interval of 1/1 s, 1.5 % wider
        QVERIFY2(second >= 1010ms && second <= 1020ms, qPrintable(QString::number(second.count())));
        limiter.shareWith(1);
        QCOMPARE(limiter.sharedBy(), 1);
        QCOMPARE(limiter.currentRate(), 1.0); // recovers by a tenth every quiet 10 s
        limiter.shareWith(0);                 // nonsense counts as this process alone
        QCOMPARE(limiter.sharedBy(), 1);
        // A 429 while shared halves the share, and recovery never goes past the share.
        RateLimiter shared(4.0, 4);
        shared.shareWith(2);
        shared.rateLimited(1s);
        QCOMPARE(shared.currentRate(), 1.0);
    }

    // A Retry-After of a year (a proxy's, or a bug) pauses for five minutes, not a year.
    void anAbsurdRetryAfterIsCapped() {
        RateLimiter limiter(3.0, 3);
        limiter.rateLimited(std::chrono::hours(24 * 365), QStringLiteral("other_429"));
        const auto wait = limiter.reserve();
        QVERIFY2(wait >= 299s && wait <= 300s, qPrintable(QString::number(wait.count())));
    }

    void oneLimiterPerToken() {
        auto a = RateLimiter::forToken(QStringLiteral("secret_a"), 3.0, 3);
        auto again = RateLimiter::forToken(QStringLiteral("secret_a"), 3.0, 3);
        auto b = RateLimiter::forToken(QStringLiteral("secret_b"), 3.0, 3);
        QCOMPARE(a.get(), again.get());
        QVERIFY(a.get() != b.get());
    }

    void eightThreadsStayUnderTheLimit() {
        // 10 requests/s with a burst of 2 keeps the test short; the bound is the same for any rate.
        auto limiter = std::make_shared<RateLimiter>(10.0, 2);
        QMutex mutex;
        QList<Clock::time_point> sends;
        QList<QThread *> threads;
        for (int t = 0; t < 8; ++t) {
            threads.append(QThread::create([&] {
                for (int i = 0; i < 4; ++i) {
                    const auto wait = limiter->reserve();
                    std::this_thread::sleep_for(wait);
                    QMutexLocker lock(&mutex);
                    sends.append(Clock::now());
                }
            }));
            threads.last()->start();
        }
        for (QThread *thread : threads) {
            QVERIFY(thread->wait(30000));
            delete thread;
        }
        QCOMPARE(sends.size(), 32);
        // GCRA: in any window T at most burst + rate·T sends (5 ms of slack for the sleeps' jitter).
        QVERIFY2(busiestWindow(sends, 995ms) <= 2 + 10,
                 qPrintable(QString::number(busiestWindow(sends, 995ms))));
        QVERIFY2(busiestWindow(sends, 295ms) <= 2 + 3,
                 qPrintable(QString::number(busiestWindow(sends, 295ms))));
        const auto span =
            *std::max_element(sends.begin(), sends.end()) - *std::min_element(sends.begin(), sends.end());
        QVERIFY2(span >= 2900ms, "32 sends at 10/s with a burst of 2 take at least 3 s");
    }
};

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "tst_ratelimiter.moc"
