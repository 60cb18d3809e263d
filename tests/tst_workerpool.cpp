#include "TestDatabase.h"
#include "queue/SyncQueue.h"
#include "queue/WorkerPool.h"

#include <QEventLoop>
#include <QMutex>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>
#include <QThread>
#include <QTimer>

using namespace pgnotion;
using namespace pgnotion::test;
using namespace std::chrono_literals;

namespace {

// Succeeds, except for resources named "bad" (a transient failure); can be slowed down.
class ScriptedHandler : public JobHandler {
public:
    explicit ScriptedHandler(std::chrono::milliseconds delay = 0ms)
        : m_delay(delay) {}
    JobResult handle(const SyncJob &job, JobContext &) override {
        QThread::msleep(quint64(m_delay.count()));
        if (job.resourceId == QLatin1String("bad"))
            return JobResult::failed({FailureKind::Transient, QStringLiteral("Notion answered 502"),
                                      QStringLiteral("bad_gateway"), 502, QStringLiteral("r-1"), 0ms});
        return JobResult::success(200);
    }

private:
    std::chrono::milliseconds m_delay;
};

} // namespace

// The worker pool: NOTIFY wake-up, pause, resume, graceful stop, reports.
class TestWorkerPool : public QObject {
    Q_OBJECT

    static WorkerPoolOptions options(int workers, int batch, std::chrono::milliseconds poll) {
        WorkerPoolOptions result;
        result.workers = workers;
        result.worker.batchSize = batch;
        result.worker.pollInterval = poll;
        result.supervisor.instance = QStringLiteral("tst_workerpool");
        return result;
    }
    static bool stopAndWait(WorkerPool &pool) {
        QSignalSpy stopped(&pool, &WorkerPool::stopped);
        pool.stop();
        return stopped.wait(15000);
    }

private Q_SLOTS:
    // Runs on one Notion integration learn how many they are (to share its rate limit); runs of another
    // integration, stopped runs and silent ones do not count.
    void runsOfOneIntegrationCountEachOther() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        auto withIntegration = [](const QString &instance, const QString &integration) {
            WorkerPoolOptions result = options(1, 1, 1s);
            result.supervisor.instance = instance;
            result.supervisor.notionIntegration = integration;
            result.supervisor.heartbeatInterval = 100ms;
            return result;
        };
        auto handler = [] {
            return std::make_unique<ScriptedHandler>();
        };
        QVERIFY(db.exec(QStringLiteral(
            "INSERT INTO pgnotion.sync_workers (id, instance, host, pid, version, notion_integration, "
            "heartbeat_at, stopped_at) VALUES "
            "('stopped', 'a', 'h', 1, 'x', 'bot-1', now(), now()), "
            "('silent', 'b', 'h', 2, 'x', 'bot-1', now() - interval '5 minutes', NULL)")));
        WorkerPool first(db.url(), handler,
                         withIntegration(QStringLiteral("first"), QStringLiteral("bot-1")));
        WorkerPool other(db.url(), handler,
                         withIntegration(QStringLiteral("other"), QStringLiteral("bot-2")));
        QSignalSpy firstShares(&first, &WorkerPool::notionIntegrationSharedBy);
        QSignalSpy otherShares(&other, &WorkerPool::notionIntegrationSharedBy);
        first.start();
        other.start();
        QTest::qWait(500); // several heartbeats: alone on its integration, nothing to say
        QCOMPARE(firstShares.size(), 0);

        WorkerPool second(db.url(), handler,
                          withIntegration(QStringLiteral("second"), QStringLiteral("bot-1")));
        QSignalSpy secondShares(&second, &WorkerPool::notionIntegrationSharedBy);
        second.start();
        QTRY_VERIFY_WITH_TIMEOUT(!firstShares.isEmpty() && !secondShares.isEmpty(), 10000);
        QCOMPARE(firstShares.constLast().constFirst().toInt(), 2);
        QCOMPARE(secondShares.constLast().constFirst().toInt(), 2);
        QVERIFY(stopAndWait(second));
        QTRY_COMPARE_WITH_TIMEOUT(firstShares.constLast().constFirst().toInt(), 1, 10000);
        QCOMPARE(otherShares.size(), 0);
        QVERIFY(stopAndWait(first));
        QVERIFY(stopAndWait(other));
    }

    void notifyWakesIdleWorkers() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        // Polling is pushed out of the test's reach: only NOTIFY can wake the workers in time.
        WorkerPool pool(
            db.url(), [] { return std::make_unique<ScriptedHandler>(); }, options(2, 1, 10min));
        QList<JobReport> reports;
        connect(&pool, &WorkerPool::jobsProcessed, this,
                [&reports](const QList<JobReport> &r) { reports += r; });
        QSignalSpy ready(&pool, &WorkerPool::ready);
        pool.start();
        QVERIFY(ready.wait(10000));
        QTest::qWait(200); // idle
        for (int i = 0; i < 20; ++i)
            QVERIFY(db.exec(QStringLiteral("INSERT INTO leads (name) VALUES ('lead %1')").arg(i)));
        QTRY_COMPARE_WITH_TIMEOUT(reports.size(), 20, 10000);
        for (const JobReport &report : std::as_const(reports)) {
            QCOMPARE(report.outcome, QStringLiteral("completed"));
            QCOMPARE(report.resourceType, QStringLiteral("lead"));
        }
        QVERIFY(stopAndWait(pool));
        QCOMPARE(
            db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_log WHERE outcome = 'completed'"))
                .toInt(),
            20);
        QVERIFY(db.scalar(QStringLiteral(
                              "SELECT stopped_at IS NOT NULL FROM pgnotion.sync_workers WHERE id = '%1'")
                              .arg(pool.runId()))
                    .toBool());
    }

    void theSafetyNetPollFindsJobsWithoutNotify() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        WorkerPool pool(
            db.url(), [] { return std::make_unique<ScriptedHandler>(); }, options(1, 1, 200ms));
        int processed = 0;
        connect(&pool, &WorkerPool::jobsProcessed, this,
                [&processed](const QList<JobReport> &r) { processed += int(r.size()); });
        QSignalSpy ready(&pool, &WorkerPool::ready);
        pool.start();
        QVERIFY(ready.wait(10000));
        // Inserted behind the queue's back: no NOTIFY.
        QVERIFY(db.exec(
            QStringLiteral("INSERT INTO pgnotion.sync_queue (resource_type, resource_id, coalesce_key) "
                           "VALUES ('lead', 'quiet', 'postgres_to_notion:lead:quiet')")));
        QTRY_COMPARE_WITH_TIMEOUT(processed, 1, 5000);
        QVERIFY(stopAndWait(pool));
    }

    void pauseHoldsWorkAndResumeReleasesIt() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        WorkerPool pool(
            db.url(), [] { return std::make_unique<ScriptedHandler>(); }, options(2, 1, 100ms));
        int processed = 0;
        connect(&pool, &WorkerPool::jobsProcessed, this,
                [&processed](const QList<JobReport> &r) { processed += int(r.size()); });
        QSignalSpy paused(&pool, &WorkerPool::pausedChanged);
        QSignalSpy ready(&pool, &WorkerPool::ready);
        pool.start();
        QVERIFY(ready.wait(10000));
        pool.pause();
        QCOMPARE(paused.count(), 1);
        QVERIFY(pool.isPaused());
        for (int i = 0; i < 5; ++i)
            QVERIFY(db.exec(QStringLiteral("INSERT INTO leads (name) VALUES ('x')")));
        QTest::qWait(600);
        QCOMPARE(processed, 0);
        pool.resume();
        QTRY_COMPARE_WITH_TIMEOUT(processed, 5, 5000);
        QVERIFY(stopAndWait(pool));
    }

    void aGracefulStopFinishesTheJobInHandAndReleasesTheRest() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        WorkerPool pool(
            db.url(), [] { return std::make_unique<ScriptedHandler>(200ms); }, options(1, 10, 10min));
        QSignalSpy ready(&pool, &WorkerPool::ready);
        for (int i = 0; i < 10; ++i)
            QVERIFY(db.exec(QStringLiteral("INSERT INTO leads (name) VALUES ('x')")));
        pool.start();
        QVERIFY(ready.wait(10000));
        QTRY_VERIFY_WITH_TIMEOUT(
            db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue WHERE status = 'running'"))
                    .toInt() > 0,
            5000);
        QTest::qWait(300); // one or two jobs in
        QVERIFY(stopAndWait(pool));
        const int completed =
            db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_log WHERE outcome = 'completed'"))
                .toInt();
        const int pending =
            db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue WHERE status = 'pending' "
                                     "AND attempts = 0 AND locked_by IS NULL"))
                .toInt();
        QVERIFY2(completed >= 1 && completed < 10, qPrintable(QString::number(completed)));
        QCOMPARE(completed + pending, 10);
        QCOMPARE(
            db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue WHERE status = 'running'"))
                .toInt(),
            0);
    }

    // The Notion client waits in a nested event loop: a stop that arrives during that wait must let the job
    // finish on its connection (no "connection still in use", the job completed, nothing left running).
    void aStopDuringANestedWaitLetsTheJobFinish() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QTest::failOnWarning(QRegularExpression(QStringLiteral("still in use")));
        class WaitingHandler : public JobHandler {
        public:
            JobResult handle(const SyncJob &, JobContext &context) override {
                QSqlDatabase held = context.database(); // like a handler reading the row
                QEventLoop wait;
                QTimer::singleShot(400, &wait, &QEventLoop::quit);
                wait.exec();
                JobResult done = JobResult::success(200);
                done.completionWrites = [](QSqlDatabase &database) {
                    QSqlQuery query(database);
                    return query.exec(QStringLiteral("SELECT 1"))
                               ? Result<void>()
                               : Result<void>(Error{QStringLiteral("lost"), {}});
                };
                return held.isOpen()
                           ? done
                           : JobResult::failed(
                                 {FailureKind::Transient, QStringLiteral("closed"), {}, 0, {}, 0ms});
            }
        };
        WorkerPool pool(
            db.url(), [] { return std::make_unique<WaitingHandler>(); }, options(1, 1, 10min));
        QList<JobReport> reports;
        connect(&pool, &WorkerPool::jobsProcessed, this,
                [&reports](const QList<JobReport> &r) { reports += r; });
        QSignalSpy ready(&pool, &WorkerPool::ready);
        pool.start();
        QVERIFY(ready.wait(10000));
        QVERIFY(db.exec(QStringLiteral("INSERT INTO leads (name) VALUES ('slow')")));
        QTRY_VERIFY_WITH_TIMEOUT(
            db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue WHERE status = 'running'"))
                    .toInt() == 1,
            5000);
        QVERIFY(stopAndWait(pool)); // arrives while the handler waits
        QCOMPARE(reports.size(), 1);
        QCOMPARE(reports.first().outcome, QStringLiteral("completed"));
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue")).toInt(), 0);
    }

    void failuresAreReportedAndKept() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        WorkerPool pool(
            db.url(), [] { return std::make_unique<ScriptedHandler>(); }, options(1, 1, 100ms));
        QList<JobReport> reports;
        connect(&pool, &WorkerPool::jobsProcessed, this,
                [&reports](const QList<JobReport> &r) { reports += r; });
        SyncQueue producer(db.database(), QStringLiteral("producer"));
        QVERIFY(producer.enqueue(QStringLiteral("lead"), QStringLiteral("bad")).ok());
        pool.start();
        QTRY_COMPARE_WITH_TIMEOUT(reports.size(), 1, 10000);
        QCOMPARE(reports.first().outcome, QStringLiteral("retrying"));
        QCOMPARE(reports.first().failureKind, QStringLiteral("transient"));
        QCOMPARE(reports.first().message, QStringLiteral("Notion answered 502"));
        QVERIFY(stopAndWait(pool));
        QCOMPARE(db.scalar(QStringLiteral("SELECT last_error->>'code' FROM pgnotion.sync_queue")).toString(),
                 QStringLiteral("bad_gateway"));
    }

    void anUnreachableDatabaseIsReportedNotFatal() {
        const auto url =
            DatabaseUrl::parse(QStringLiteral("postgresql://u@127.0.0.1:1/none?connect_timeout=1"));
        QVERIFY(url.ok());
        WorkerPool pool(
            url.value(), [] { return std::make_unique<ScriptedHandler>(); }, options(1, 1, 100ms));
        QSignalSpy errors(&pool, &WorkerPool::databaseErrorOccurred);
        pool.start();
        QVERIFY(errors.wait(10000));
        QVERIFY(errors.first().first().toString().contains(QStringLiteral("Cannot connect")));
        QVERIFY(stopAndWait(pool));
    }
};

QTEST_GUILESS_MAIN(TestWorkerPool)
#include "tst_workerpool.moc"
