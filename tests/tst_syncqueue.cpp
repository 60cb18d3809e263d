#include "TestDatabase.h"
#include "queue/JobRouter.h"
#include "queue/SyncQueue.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QTest>

using namespace pgnotion;
using namespace pgnotion::test;
using namespace std::chrono_literals;

// The worker's side of the queue: claim, complete, fail, release.
class TestSyncQueue : public QObject {
    Q_OBJECT

    // Back-off of exactly base·2^(attempt-1): 1 s, 2 s, 4 s...
    static BackoffPolicy exactBackoff() {
        return BackoffPolicy(1s, 60s, [] { return 1.0; });
    }

    static SyncJob claimOne(SyncQueue &queue) {
        auto claimed = queue.claim(1, 60s);
        if (!claimed || claimed.value().size() != 1)
            return {};
        return claimed.value().first();
    }
    static double secondsUntilRun(const TestDatabase &db, qint64 id) {
        return db
            .scalar(QStringLiteral("SELECT extract(epoch FROM run_at - now()) FROM pgnotion.sync_queue "
                                   "WHERE id = %1")
                        .arg(id))
            .toDouble();
    }
    static QString status(const TestDatabase &db, qint64 id) {
        return db.scalar(QStringLiteral("SELECT status FROM pgnotion.sync_queue WHERE id = %1").arg(id))
            .toString();
    }
    static void makeRunnable(const TestDatabase &db) {
        db.exec(QStringLiteral(
            "UPDATE pgnotion.sync_queue SET run_at = now() WHERE status IN ('pending', 'retrying')"));
    }
    static JobFailure failure(FailureKind kind, const QString &code = QStringLiteral("service_unavailable"),
                              int http = 503, std::chrono::milliseconds retryAfter = 0ms) {
        return JobFailure{
            kind,      QStringLiteral("Notion said no (%1)").arg(code), code, http, QStringLiteral("req-123"),
            retryAfter};
    }

private Q_SLOTS:
    void claimsByPriorityThenAgeAndSkipsFutureJobs() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        SyncQueue queue(db.database(), QStringLiteral("w"), exactBackoff());
        const qint64 old = queue.enqueue(QStringLiteral("project"), QStringLiteral("old")).value();
        const qint64 urgent =
            queue
                .enqueue(QStringLiteral("project"), QStringLiteral("urgent"), direction::postgresToNotion, -5)
                .value();
        const qint64 later = queue.enqueue(QStringLiteral("project"), QStringLiteral("later")).value();
        QVERIFY(db.exec(
            QStringLiteral("UPDATE pgnotion.sync_queue SET run_at = now() + interval '1 hour' WHERE id = %1")
                .arg(later)));
        auto claimed = queue.claim(10, 60s);
        QVERIFY(claimed.ok());
        QCOMPARE(claimed.value().size(), 2);
        QCOMPARE(claimed.value()[0].id, urgent);
        QCOMPARE(claimed.value()[1].id, old);
        QCOMPARE(claimed.value()[0].attempt, 1);
        QCOMPARE(status(db, later), QStringLiteral("pending"));
        QCOMPARE(db.scalar(QStringLiteral("SELECT locked_by FROM pgnotion.sync_queue WHERE id = %1").arg(old))
                     .toString(),
                 QStringLiteral("w"));
    }

    void claimsOnlyTheAskedDirection() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        SyncQueue queue(db.database(), QStringLiteral("w"));
        queue.enqueue(QStringLiteral("milestone"), QStringLiteral("a"), direction::notionToPostgres).value();
        QCOMPARE(queue.claim(5, 60s, {direction::postgresToNotion}).value().size(), 0);
        QCOMPARE(queue.claim(5, 60s, {direction::notionToPostgres}).value().size(), 1);
    }

    void completingLogsTheAttemptAndRollsItUp() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        SyncQueue queue(db.database(), QStringLiteral("w"));
        for (int i = 0; i < 3; ++i)
            queue.enqueue(QStringLiteral("project"), QString::number(i)).value();
        auto claimed = queue.claim(10, 60s);
        QCOMPARE(claimed.value().size(), 3);
        QList<CompletedJob> done;
        for (const SyncJob &job : claimed.value())
            done.append({job.id, 5, 25, 200, QStringLiteral("req-%1").arg(job.id)});
        QCOMPARE(queue.complete(done).value(), 3);
        // Completed jobs leave the queue; the log is their record.
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue")).toInt(), 0);
        QSqlQuery log(db.database());
        QVERIFY(log.exec(
            QStringLiteral("SELECT outcome, attempt, http_status, notion_request_id, worker, "
                           "extract(epoch FROM finished_at - started_at) * 1000, queue_latency_ms >= 0, "
                           "total_latency_ms >= queue_latency_ms FROM pgnotion.sync_log ORDER BY id")));
        int rows = 0;
        while (log.next()) {
            ++rows;
            QCOMPARE(log.value(0).toString(), QStringLiteral("completed"));
            QCOMPARE(log.value(1).toInt(), 1);
            QCOMPARE(log.value(2).toInt(), 200);
            QVERIFY(log.value(3).toString().startsWith(QStringLiteral("req-")));
            QCOMPARE(log.value(4).toString(), QStringLiteral("w"));
            QCOMPARE(qRound(log.value(5).toDouble()), 20); // ended - began, from the worker's clock
            QVERIFY(log.value(6).toBool());
            QVERIFY(log.value(7).toBool());
        }
        QCOMPARE(rows, 3);
        QCOMPARE(db.scalar(QStringLiteral("SELECT sum(attempts) FROM pgnotion.sync_stats_minute "
                                          "WHERE outcome = 'completed'"))
                     .toInt(),
                 3);
        QCOMPARE(db.scalar(QStringLiteral("SELECT (SELECT sum(x) FROM unnest(latency_buckets) x) "
                                          "FROM pgnotion.sync_stats_minute"))
                     .toInt(),
                 3);
    }

    void aTransientFailureRetriesWithExponentialBackoff() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        SyncQueue queue(db.database(), QStringLiteral("w"), exactBackoff());
        const qint64 id = queue.enqueue(QStringLiteral("project"), QStringLiteral("p")).value();
        for (int attempt = 1; attempt <= 3; ++attempt) {
            makeRunnable(db);
            const SyncJob job = claimOne(queue);
            QCOMPARE(job.id, id);
            QCOMPARE(job.attempt, attempt);
            QCOMPARE(queue.fail(job, failure(FailureKind::Transient), 0, 10).value(),
                     QStringLiteral("retrying"));
            const double expected = double(1 << (attempt - 1));
            QVERIFY2(
                qAbs(secondsUntilRun(db, id) - expected) < 0.5,
                qPrintable(QStringLiteral("attempt %1: %2 s").arg(attempt).arg(secondsUntilRun(db, id))));
        }
        QCOMPARE(db.scalar(QStringLiteral("SELECT attempts FROM pgnotion.sync_queue")).toInt(), 3);
        QCOMPARE(db.scalar(QStringLiteral("SELECT retry_count FROM pgnotion.sync_queue")).toInt(), 2);
        const QJsonArray history =
            QJsonDocument::fromJson(
                db.scalar(QStringLiteral("SELECT error_history::text FROM pgnotion.sync_queue"))
                    .toByteArray())
                .array();
        QCOMPARE(history.size(), 3);
        QCOMPARE(history[2][QStringLiteral("attempt")].toInt(), 3);
        QCOMPARE(history[2][QStringLiteral("code")].toString(), QStringLiteral("service_unavailable"));
        QCOMPARE(history[2][QStringLiteral("http_status")].toInt(), 503);
        QCOMPARE(history[2][QStringLiteral("request_id")].toString(), QStringLiteral("req-123"));
        QCOMPARE(db.scalar(QStringLiteral("SELECT error_message FROM pgnotion.sync_queue")).toString(),
                 QStringLiteral("Notion said no (service_unavailable)"));
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_log WHERE outcome = 'retry' "
                                          "AND http_status = 503 AND error_code = 'service_unavailable'"))
                     .toInt(),
                 3);
    }

    void aJobOutOfAttemptsIsDead() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        SyncQueue queue(db.database(), QStringLiteral("w"), exactBackoff());
        const qint64 id = queue.enqueue(QStringLiteral("project"), QStringLiteral("p")).value();
        QVERIFY(db.exec(QStringLiteral("UPDATE pgnotion.sync_queue SET max_attempts = 3")));
        QStringList statuses;
        for (int attempt = 1; attempt <= 3; ++attempt) {
            makeRunnable(db);
            statuses.append(queue.fail(claimOne(queue), failure(FailureKind::Transient), 0, 1).value());
        }
        QCOMPARE(statuses, (QStringList{QStringLiteral("retrying"), QStringLiteral("retrying"),
                                        QStringLiteral("dead")}));
        QVERIFY(
            db.scalar(QStringLiteral("SELECT processed_at IS NOT NULL FROM pgnotion.sync_queue WHERE id = %1")
                          .arg(id))
                .toBool());
        makeRunnable(db);
        QCOMPARE(queue.claim(5, 60s).value().size(), 0); // the dead stay dead until an admin retries
    }

    void aPermanentErrorIsDeadAtOnce() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        SyncQueue queue(db.database(), QStringLiteral("w"));
        queue.enqueue(QStringLiteral("project"), QStringLiteral("p")).value();
        const SyncJob job = claimOne(queue);
        QCOMPARE(
            queue.fail(job, failure(FailureKind::Permanent, QStringLiteral("validation_error"), 400), 0, 1)
                .value(),
            QStringLiteral("dead"));
        QCOMPARE(db.scalar(QStringLiteral("SELECT outcome FROM pgnotion.sync_log")).toString(),
                 QStringLiteral("dead"));
    }

    void rateLimitsAndOutagesDoNotSpendAttempts_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("retryAfterMs");
        QTest::addColumn<double>("expectedSeconds");
        QTest::newRow("429 with Retry-After") << int(FailureKind::RateLimited) << 7000 << 7.0;
        QTest::newRow("Notion unreachable") << int(FailureKind::Unreachable) << 0 << 15.0;
        QTest::newRow("token rejected") << int(FailureKind::Auth) << 0 << 15.0;
    }
    void rateLimitsAndOutagesDoNotSpendAttempts() {
        QFETCH(int, kind);
        QFETCH(int, retryAfterMs);
        QFETCH(double, expectedSeconds);
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        SyncQueue queue(db.database(), QStringLiteral("w"), exactBackoff());
        const qint64 id = queue.enqueue(QStringLiteral("project"), QStringLiteral("p")).value();
        QVERIFY(db.exec(QStringLiteral("UPDATE pgnotion.sync_queue SET max_attempts = 1")));
        for (int i = 0; i < 5; ++i) { // never dead, however often
            makeRunnable(db);
            const SyncJob job = claimOne(queue);
            QCOMPARE(job.attempt, 1);
            QCOMPARE(queue
                         .fail(job,
                               failure(FailureKind(kind), QStringLiteral("rate_limited"), 429,
                                       std::chrono::milliseconds(retryAfterMs)),
                               0, 1)
                         .value(),
                     QStringLiteral("retrying"));
        }
        QCOMPARE(db.scalar(QStringLiteral("SELECT attempts FROM pgnotion.sync_queue")).toInt(), 0);
        QVERIFY(qAbs(secondsUntilRun(db, id) - expectedSeconds) < 0.5);
        QCOMPARE(
            db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_log WHERE outcome = 'rescheduled'"))
                .toInt(),
            5);
    }

    void aFailureHandsOverToTheWriteThatArrivedMeanwhile() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        SyncQueue queue(db.database(), QStringLiteral("w"), exactBackoff());
        const qint64 first = queue.enqueue(QStringLiteral("project"), QStringLiteral("p")).value();
        const SyncJob job = claimOne(queue);
        const qint64 second = queue.enqueue(QStringLiteral("project"), QStringLiteral("p")).value();
        QVERIFY(second != first);
        QCOMPARE(queue.fail(job, failure(FailureKind::Transient), 0, 1).value(),
                 QStringLiteral("superseded"));
        QCOMPARE(status(db, second), QStringLiteral("retrying"));
        QCOMPARE(
            db.scalar(QStringLiteral("SELECT attempts FROM pgnotion.sync_queue WHERE id = %1").arg(second))
                .toInt(),
            1);
        QVERIFY(secondsUntilRun(db, second) > 0.5); // keeps the back-off
        QCOMPARE(
            db.scalar(QStringLiteral(
                          "SELECT jsonb_array_length(error_history) FROM pgnotion.sync_queue WHERE id = %1")
                          .arg(second))
                .toInt(),
            1);
        QCOMPARE(
            db.scalar(QStringLiteral(
                          "SELECT count(*) FROM pgnotion.sync_queue WHERE status IN ('pending', 'retrying')"))
                .toInt(),
            1);
    }

    void aWorkerThatLostItsLeaseCannotFinishTheJob() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        SyncQueue slow(db.database(), QStringLiteral("slow"));
        const qint64 id = slow.enqueue(QStringLiteral("project"), QStringLiteral("p")).value();
        const SyncJob job = claimOne(slow);
        // Rescued and taken by another worker meanwhile.
        QVERIFY(db.exec(
            QStringLiteral("UPDATE pgnotion.sync_queue SET locked_by = 'fast' WHERE id = %1").arg(id)));
        QCOMPARE(slow.complete({{job.id, 0, 1, 200, {}}}).value(), 0);
        QCOMPARE(slow.fail(job, failure(FailureKind::Transient), 0, 1).value(), QString());
        QCOMPARE(status(db, id), QStringLiteral("running"));
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_log")).toInt(), 0);
    }

    void releasingGivesJobsBackWithoutSpendingAnAttempt() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        SyncQueue queue(db.database(), QStringLiteral("w"));
        for (int i = 0; i < 4; ++i)
            queue.enqueue(QStringLiteral("project"), QString::number(i)).value();
        auto claimed = queue.claim(4, 60s).value();
        QCOMPARE(queue.release({claimed[2].id, claimed[3].id}).value(), 2);
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue WHERE status = 'pending' "
                                          "AND attempts = 0 AND locked_by IS NULL"))
                     .toInt(),
                 2);
    }

    void theErrorHistoryKeepsTheNewest25() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        SyncQueue queue(db.database(), QStringLiteral("w"));
        queue.enqueue(QStringLiteral("project"), QStringLiteral("p")).value();
        for (int i = 0; i < 30; ++i) {
            makeRunnable(db);
            JobFailure limited = failure(FailureKind::RateLimited, QStringLiteral("rate_limited"), 429, 1ms);
            limited.message = QStringLiteral("try %1").arg(i);
            queue.fail(claimOne(queue), limited, 0, 1).value();
        }
        QCOMPARE(
            db.scalar(QStringLiteral("SELECT jsonb_array_length(error_history) FROM pgnotion.sync_queue"))
                .toInt(),
            25);
        QCOMPARE(db.scalar(QStringLiteral("SELECT error_history->0->>'message' FROM pgnotion.sync_queue"))
                     .toString(),
                 QStringLiteral("try 5"));
        QCOMPARE(db.scalar(QStringLiteral("SELECT error_history->24->>'message' FROM pgnotion.sync_queue"))
                     .toString(),
                 QStringLiteral("try 29"));
    }

    void anUnknownResourceTypeIsReportedAndKept() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        SyncQueue queue(db.database(), QStringLiteral("w"));
        const qint64 id = queue.enqueue(QStringLiteral("invoice"), QStringLiteral("INV-7")).value();
        JobRouter router;
        router.route(QStringLiteral("project"), direction::postgresToNotion,
                     [](const SyncJob &, JobContext &) { return JobResult::success(); });
        const SyncJob job = claimOne(queue);
        struct NoDatabase : JobContext {
            QSqlDatabase database() override { return {}; }
        } context;
        const JobResult result = router.handle(job, context);
        QVERIFY(!result.succeeded());
        QCOMPARE(result.failure->code, QStringLiteral("unknown_resource_type"));
        QCOMPARE(queue.fail(job, *result.failure, 0, 1).value(), QStringLiteral("dead"));
        const QString message =
            db.scalar(QStringLiteral("SELECT error_message FROM pgnotion.sync_queue WHERE id = %1").arg(id))
                .toString();
        QVERIFY2(message.contains(QStringLiteral("\"invoice\"")) &&
                     message.contains(QStringLiteral("INV-7")) && message.contains(QStringLiteral("mapping")),
                 qPrintable(message));
    }

    void enqueueRejectsEmptyInputClearly() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        SyncQueue queue(db.database(), QStringLiteral("w"));
        auto noType = queue.enqueue(QString(), QStringLiteral("x"));
        QVERIFY(!noType.ok());
        QVERIFY2(noType.error().message.contains(QStringLiteral("resource type is empty")),
                 qPrintable(noType.error().message));
        auto noId = queue.enqueue(QStringLiteral("project"), QString());
        QVERIFY(!noId.ok());
        QVERIFY(noId.error().message.contains(QStringLiteral("resource id of project is empty")));
        // Huge and odd ids are fine.
        QVERIFY(queue
                    .enqueue(QStringLiteral("project"),
                             QString(5000, QLatin1Char('x')) + QStringLiteral("\"{},'🙂"))
                    .ok());
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue")).toInt(), 1);
    }

    void percentilesComeFromTheHistogram() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QCOMPARE(db.scalar(QStringLiteral(
                               "SELECT pgnotion.histogram_quantile(ARRAY[0,0,90,0,10,0,0,0,0,0,0,0,0], 0.5)"))
                     .toDouble(),
                 50.0);
        QCOMPARE(
            db.scalar(QStringLiteral(
                          "SELECT pgnotion.histogram_quantile(ARRAY[0,0,90,0,10,0,0,0,0,0,0,0,0], 0.95)"))
                .toDouble(),
            250.0);
        QVERIFY(db
                    .scalar(QStringLiteral(
                        "SELECT pgnotion.histogram_quantile(ARRAY[0,0,0,0,0,0,0,0,0,0,0,0,0], 0.5) IS NULL"))
                    .toBool());
    }
};

QTEST_GUILESS_MAIN(TestSyncQueue)
#include "tst_syncqueue.moc"
