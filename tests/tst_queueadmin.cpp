#include "TestDatabase.h"
#include "queue/QueueAdmin.h"
#include "queue/SyncQueue.h"

#include <QTest>

using namespace pgnotion;
using namespace pgnotion::test;
using namespace std::chrono_literals;

// The admin's side of the queue: retry, discard, resync.
class TestQueueAdmin : public QObject {
    Q_OBJECT

    // A dead job for each id, failed permanently with `code`.
    static QList<qint64> deadJobs(SyncQueue &queue, const QString &type, const QStringList &ids,
                                  const QString &code) {
        QList<qint64> jobs;
        for (const QString &id : ids) {
            queue.enqueue(type, id).value();
            auto claimed = queue.claim(1, 60s).value();
            queue
                .fail(claimed.first(),
                      {FailureKind::Permanent,
                       QStringLiteral("%1 failed: %2").arg(id, code),
                       code,
                       400,
                       {},
                       0ms},
                      0, 1)
                .value();
            jobs.append(claimed.first().id);
        }
        return jobs;
    }
    static int count(const TestDatabase &db, const QString &where) {
        return db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue WHERE %1").arg(where))
            .toInt();
    }

private Q_SLOTS:
    void retryGivesADeadJobOneMoreAttempt() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        SyncQueue queue(db.database(), QStringLiteral("w"));
        QueueAdmin admin(db.database());
        const qint64 id = queue.enqueue(QStringLiteral("project"), QStringLiteral("p")).value();
        QVERIFY(db.exec(QStringLiteral("UPDATE pgnotion.sync_queue SET max_attempts = 1")));
        queue
            .fail(queue.claim(1, 60s).value().first(),
                  {FailureKind::Transient, QStringLiteral("boom"), {}, 500, {}, 0ms}, 0, 1)
            .value();
        QCOMPARE(count(db, QStringLiteral("status = 'dead'")), 1);
        QCOMPARE(admin.retry({id}).value(), 1);
        QCOMPARE(count(db, QStringLiteral("status = 'pending' AND run_at <= now() AND processed_at IS NULL")),
                 1);
        const auto again = queue.claim(1, 60s).value();
        QCOMPARE(again.size(), 1);
        QCOMPARE(again.first().attempt, 2);
        QCOMPARE(again.first().maxAttempts, 2);
    }

    void retryMatchingAppliesToEverythingThatMatches() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        SyncQueue queue(db.database(), QStringLiteral("w"));
        QueueAdmin admin(db.database());
        deadJobs(queue, QStringLiteral("project"),
                 {QStringLiteral("p1"), QStringLiteral("p2"), QStringLiteral("p3")},
                 QStringLiteral("validation_error"));
        deadJobs(queue, QStringLiteral("milestone"), {QStringLiteral("m1"), QStringLiteral("m2")},
                 QStringLiteral("object_not_found"));

        JobFilter byCode;
        byCode.errorCode = QStringLiteral("object_not_found");
        QCOMPARE(admin.matching(byCode).value().size(), 2);

        JobFilter byText;
        byText.text = QStringLiteral("p2 failed");
        QCOMPARE(admin.retryMatching(byText).value(), 1);
        QCOMPARE(count(db, QStringLiteral("status = 'pending'")), 1);

        JobFilter byType;
        byType.resourceType = QStringLiteral("project");
        QCOMPARE(admin.retryMatching(byType).value(), 2);

        JobFilter tooOld;
        tooOld.updatedBefore = QDateTime::currentDateTimeUtc().addDays(-1);
        QCOMPARE(admin.retryMatching(tooOld).value(), 0);

        QCOMPARE(admin.retryAllDead().value(), 2);
        QCOMPARE(count(db, QStringLiteral("status = 'dead'")), 0);
        QCOMPARE(count(db, QStringLiteral("status = 'pending'")), 5);
    }

    void textSearchTreatsWildcardsLiterally() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        SyncQueue queue(db.database(), QStringLiteral("w"));
        QueueAdmin admin(db.database());
        deadJobs(queue, QStringLiteral("project"), {QStringLiteral("a"), QStringLiteral("b")},
                 QStringLiteral("x"));
        JobFilter percent;
        percent.text = QStringLiteral("%");
        QCOMPARE(admin.matching(percent).value().size(), 0);
    }

    void retryKeepsOneWaitingJobPerResource() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        SyncQueue queue(db.database(), QStringLiteral("w"));
        QueueAdmin admin(db.database());
        const QList<qint64> dead =
            deadJobs(queue, QStringLiteral("project"), {QStringLiteral("p"), QStringLiteral("p")},
                     QStringLiteral("validation_error"));
        QCOMPARE(admin.retry(dead).value(), 1); // two dead jobs of one resource: one runs
        QCOMPARE(count(db, QStringLiteral("status = 'pending'")), 1);
        QCOMPARE(count(db, QStringLiteral("status = 'superseded'")), 1);

        // A dead job whose resource already waits: the waiting job runs, now.
        QVERIFY(db.exec(QStringLiteral("DELETE FROM pgnotion.sync_queue")));
        const QList<qint64> more =
            deadJobs(queue, QStringLiteral("lead"), {QStringLiteral("l")}, QStringLiteral("x"));
        const qint64 waiting = queue.enqueue(QStringLiteral("lead"), QStringLiteral("l")).value();
        QVERIFY(db.exec(
            QStringLiteral("UPDATE pgnotion.sync_queue SET run_at = now() + interval '1 hour' WHERE id = %1")
                .arg(waiting)));
        QCOMPARE(admin.retry(more).value(), 1);
        QCOMPARE(count(db, QStringLiteral("resource_type = 'lead' AND status = 'superseded'")), 1);
        QCOMPARE(count(db, QStringLiteral("id = %1 AND status = 'pending' AND run_at <= now()").arg(waiting)),
                 1);
    }

    void discardLeavesRunningJobsAlone() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        SyncQueue queue(db.database(), QStringLiteral("w"));
        QueueAdmin admin(db.database());
        const QList<qint64> dead =
            deadJobs(queue, QStringLiteral("project"), {QStringLiteral("d")}, QStringLiteral("x"));
        const qint64 running = queue.enqueue(QStringLiteral("project"), QStringLiteral("r")).value();
        queue.claim(1, 60s).value();
        const qint64 pending = queue.enqueue(QStringLiteral("project"), QStringLiteral("q")).value();
        QCOMPARE(admin.discard({dead.first(), running, pending}).value(), 2);
        QCOMPARE(count(db, QStringLiteral("status = 'discarded' AND processed_at IS NOT NULL")), 2);
        QCOMPARE(count(db, QStringLiteral("id = %1 AND status = 'running'").arg(running)), 1);
        // Discarded jobs can still be retried.
        QCOMPARE(admin.retry({pending}).value(), 1);

        JobFilter everyDead;
        deadJobs(queue, QStringLiteral("project"), {QStringLiteral("e1"), QStringLiteral("e2")},
                 QStringLiteral("x"));
        QCOMPARE(admin.discardMatching(everyDead).value(), 2);
    }

    void resyncOneAndResyncAll() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QueueAdmin admin(db.database());
        QVERIFY(db.exec(
            QStringLiteral("INSERT INTO projects (name) SELECT 'p' || g FROM generate_series(1, 50) g")));
        QVERIFY(db.exec(
            QStringLiteral("DELETE FROM pgnotion.sync_queue WHERE id % 2 = 0"))); // half still waiting
        QCOMPARE(admin.resyncAll(QStringLiteral("project"), QStringLiteral("public.projects")).value(), 50);
        QCOMPARE(count(db, QStringLiteral("resource_type = 'project' AND status = 'pending'")),
                 50); // coalesced
        QCOMPARE(count(db, QStringLiteral("payload->>'reason' = 'resync'")), 50);
        QCOMPARE(count(db, QStringLiteral("priority = %1").arg(QueueAdmin::kResyncAllPriority)), 25);

        const QString one = db.scalar(QStringLiteral("SELECT id FROM projects LIMIT 1")).toString();
        QVERIFY(db.exec(QStringLiteral("DELETE FROM pgnotion.sync_queue")));
        QVERIFY(admin.resync(QStringLiteral("project"), one).ok());
        QCOMPARE(count(db, QStringLiteral("resource_id = '%1' AND priority = 0").arg(one)), 1);
    }

    void resyncAllOfAMissingTableFailsClearly() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QueueAdmin admin(db.database());
        auto missing = admin.resyncAll(QStringLiteral("order"), QStringLiteral("orders"));
        QVERIFY(!missing.ok());
        QVERIFY2(missing.error().message.contains(QStringLiteral("orders")),
                 qPrintable(missing.error().message));
        auto injected =
            admin.resyncAll(QStringLiteral("project"), QStringLiteral("projects; DROP TABLE projects"));
        QVERIFY(!injected.ok());
        QVERIFY(db.scalar(QStringLiteral("SELECT to_regclass('projects') IS NOT NULL")).toBool());
    }
};

QTEST_GUILESS_MAIN(TestQueueAdmin)
#include "tst_queueadmin.moc"
