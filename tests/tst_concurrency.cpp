#include "TestDatabase.h"
#include "queue/SyncQueue.h"
#include "queue/WorkerPool.h"

#include <QMutex>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QtConcurrent>

using namespace pgnotion;
using namespace pgnotion::test;
using namespace std::chrono_literals;

// Many workers, one queue: every job is completed exactly once.
class TestConcurrency : public QObject {
    Q_OBJECT

    static bool enqueueMany(const TestDatabase &db, int count) {
        return db.exec(QStringLiteral("SELECT count(pgnotion.enqueue('project', g::text)) "
                                      "FROM generate_series(1, %1) AS g")
                           .arg(count));
    }

private Q_SLOTS:
    void eightThreadsClaimTenThousandJobsEachOnce() {
        TestDatabase db(TestDatabase::Schema::Engine);
        PGNOTION_REQUIRE(db);
        constexpr int kJobs = 10000;
        QVERIFY(enqueueMany(db, kJobs));
        const DatabaseUrl url = db.url();
        QList<QFuture<QList<qint64>>> threads;
        for (int t = 0; t < 8; ++t) {
            threads.append(QtConcurrent::run([url, t]() -> QList<qint64> {
                DatabaseConnection connection(url, QStringLiteral("claimer-%1").arg(t));
                if (!connection.open())
                    return {-1};
                SyncQueue queue(connection.database(), QStringLiteral("worker-%1").arg(t));
                QList<qint64> mine;
                for (;;) {
                    // Batches of varying size interleave differently every run.
                    auto claimed = queue.claim(1 + int(QRandomGenerator::global()->bounded(64)), 60s);
                    if (!claimed)
                        return {-2};
                    if (claimed.value().isEmpty())
                        return mine;
                    QList<CompletedJob> done;
                    for (const SyncJob &job : claimed.value()) {
                        mine.append(job.id);
                        done.append({job.id, 0, 0, 0, {}});
                    }
                    if (!queue.complete(done) ||
                        queue.complete(done).value() != 0) // a second complete is a no-op
                        return {-3};
                }
            }));
        }
        QSet<qint64> seen;
        int total = 0;
        for (auto &thread : threads) {
            const QList<qint64> mine = thread.result();
            QVERIFY2(mine.isEmpty() || mine.first() >= 0, "a claimer failed");
            total += int(mine.size());
            for (qint64 id : mine)
                seen.insert(id);
        }
        QCOMPARE(total, kJobs);
        QCOMPARE(int(seen.size()), kJobs);
        QCOMPARE(
            db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_log WHERE outcome = 'completed'"))
                .toInt(),
            kJobs);
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_log")).toInt(), kJobs);
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue")).toInt(), 0);
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(DISTINCT job_id) FROM pgnotion.sync_log")).toInt(),
                 kJobs);
        QCOMPARE(db.scalar(QStringLiteral("SELECT sum(attempts) FROM pgnotion.sync_stats_minute")).toInt(),
                 kJobs);
    }

    void aWorkerPoolHandlesEachResourceOnce() {
        TestDatabase db(TestDatabase::Schema::Engine);
        PGNOTION_REQUIRE(db);
        constexpr int kJobs = 2000;
        QVERIFY(enqueueMany(db, kJobs));

        struct Counter {
            QMutex mutex;
            QHash<QString, int> handled;
        } counter;
        class CountingHandler : public JobHandler {
        public:
            explicit CountingHandler(Counter *counter)
                : m_counter(counter) {}
            JobResult handle(const SyncJob &job, JobContext &) override {
                QMutexLocker lock(&m_counter->mutex);
                ++m_counter->handled[job.resourceId];
                return JobResult::success();
            }

        private:
            Counter *m_counter;
        };

        WorkerPoolOptions options;
        options.workers = 8;
        options.worker.batchSize = 16;
        WorkerPool pool(
            db.url(), [&counter] { return std::make_unique<CountingHandler>(&counter); }, options);
        int processed = 0;
        connect(&pool, &WorkerPool::jobsProcessed, this,
                [&processed](const QList<JobReport> &reports) { processed += int(reports.size()); });
        pool.start();
        QTRY_COMPARE_WITH_TIMEOUT(processed, kJobs, 60000);
        QSignalSpy stopped(&pool, &WorkerPool::stopped);
        pool.stop();
        QVERIFY(stopped.wait(10000));
        QCOMPARE(int(counter.handled.size()), kJobs);
        for (auto it = counter.handled.cbegin(); it != counter.handled.cend(); ++it)
            QVERIFY2(it.value() == 1, qPrintable(it.key()));
        QCOMPARE(
            db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_log WHERE outcome = 'completed'"))
                .toInt(),
            kJobs);
    }
};

QTEST_GUILESS_MAIN(TestConcurrency)
#include "tst_concurrency.moc"
