#include "TestDatabase.h"
#include "queue/SyncQueue.h"
#include "queue/WorkerRegistry.h"

#include <QCoreApplication>
#include <QSysInfo>
#include <QTest>

using namespace pgnotion;
using namespace pgnotion::test;
using namespace std::chrono_literals;

// Leases, heartbeats and the rescue of jobs whose worker is gone.
class TestRescue : public QObject {
    Q_OBJECT

    static QString status(const TestDatabase &db, qint64 id) {
        return db.scalar(QStringLiteral("SELECT status FROM pgnotion.sync_queue WHERE id = %1").arg(id))
            .toString();
    }

private Q_SLOTS:
    void anExpiredLeaseReturnsTheJobAfterACrash() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        qint64 id = 0;
        {
            // A worker claims on its own connection, then "crashes": the connection goes, nothing completes.
            DatabaseConnection doomed(db.url(), QStringLiteral("doomed"));
            QVERIFY(doomed.open().ok());
            SyncQueue queue(doomed.database(), QStringLiteral("doomed-worker"));
            id = queue.enqueue(QStringLiteral("project"), QStringLiteral("p")).value();
            QCOMPARE(queue.claim(1, 1ms).value().size(), 1);
        }
        QCOMPARE(status(db, id), QStringLiteral("running"));
        QTest::qWait(20);
        WorkerRegistry registry(db.database(), QStringLiteral("rescuer"), QStringLiteral("rescuer-run"));
        QCOMPARE(registry.rescueLostJobs(30s).value(), 1);
        QCOMPARE(status(db, id), QStringLiteral("retrying"));
        QCOMPARE(db.scalar(QStringLiteral("SELECT outcome FROM pgnotion.sync_log WHERE job_id = %1").arg(id))
                     .toString(),
                 QStringLiteral("lost"));
        QVERIFY(db.scalar(QStringLiteral("SELECT error_message FROM pgnotion.sync_queue"))
                    .toString()
                    .contains(QStringLiteral("doomed-worker")));
        SyncQueue survivor(db.database(), QStringLiteral("survivor"));
        const auto again = survivor.claim(1, 60s).value();
        QCOMPARE(again.size(), 1);
        QCOMPARE(again.first().attempt, 2);
        QCOMPARE(survivor.complete({{id, 0, 1, 200, {}}}).value(), 1);
    }

    void aLiveLeaseIsNotTouched() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        SyncQueue queue(db.database(), QStringLiteral("busy"));
        const qint64 id = queue.enqueue(QStringLiteral("project"), QStringLiteral("p")).value();
        queue.claim(1, 60s).value();
        WorkerRegistry registry(db.database(), QStringLiteral("rescuer"), QStringLiteral("rescuer-run"));
        QCOMPARE(registry.rescueLostJobs(30s).value(), 0);
        QCOMPARE(status(db, id), QStringLiteral("running"));
    }

    void aSilentWorkerLosesItsJobs() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        WorkerRegistry silent(db.database(), QStringLiteral("silent"), QStringLiteral("silent-run"));
        QCOMPARE(silent.registerRun(2).value(), 0);
        SyncQueue queue(db.database(), silent.runId());
        const qint64 id = queue.enqueue(QStringLiteral("project"), QStringLiteral("p")).value();
        queue.claim(1, 1h).value();
        QVERIFY(db.exec(
            QStringLiteral("UPDATE pgnotion.sync_workers SET heartbeat_at = now() - interval '2 minutes'")));
        WorkerRegistry other(db.database(), QStringLiteral("other"), QStringLiteral("other-run"));
        QCOMPARE(other.rescueLostJobs(30s).value(), 1);
        QCOMPARE(status(db, id), QStringLiteral("retrying"));
    }

    void aStoppedRunLosesItsJobs() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        WorkerRegistry run(db.database(), QStringLiteral("a"), QStringLiteral("a-run"));
        QVERIFY(run.registerRun(1).ok());
        SyncQueue queue(db.database(), run.runId());
        const qint64 id = queue.enqueue(QStringLiteral("project"), QStringLiteral("p")).value();
        queue.claim(1, 1h).value();
        QVERIFY(run.markStopped().ok());
        QCOMPARE(run.rescueLostJobs(30s).value(), 1);
        QCOMPARE(status(db, id), QStringLiteral("retrying"));
    }

    void theHeartbeatExtendsLeasesButNotForever() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        WorkerRegistry run(db.database(), QStringLiteral("a"), QStringLiteral("a-run"));
        QVERIFY(run.registerRun(1).ok());
        SyncQueue queue(db.database(), run.runId());
        const qint64 id = queue.enqueue(QStringLiteral("project"), QStringLiteral("p")).value();
        queue.claim(1, 1s).value();
        QCOMPARE(run.heartbeat(60s, 10min).value(), 1);
        const double leaseLeft =
            db.scalar(
                  QStringLiteral("SELECT extract(epoch FROM locked_until - now()) FROM pgnotion.sync_queue"))
                .toDouble();
        QVERIFY2(leaseLeft > 55 && leaseLeft <= 60, qPrintable(QString::number(leaseLeft)));
        // A job running for longer than the maximum is not extended: the rescue takes it.
        QVERIFY(db.exec(
            QStringLiteral("UPDATE pgnotion.sync_queue SET started_at = now() - interval '11 minutes'")));
        QVERIFY(run.heartbeat(60s, 10min).ok());
        QCOMPARE(run.rescueLostJobs(30s).value(), 1);
        QCOMPARE(status(db, id), QStringLiteral("retrying"));
    }

    void aRescuedJobOutOfAttemptsIsDead() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        SyncQueue queue(db.database(), QStringLiteral("w"));
        const qint64 id = queue.enqueue(QStringLiteral("project"), QStringLiteral("p")).value();
        QVERIFY(db.exec(QStringLiteral("UPDATE pgnotion.sync_queue SET max_attempts = 1")));
        queue.claim(1, 1ms).value();
        QTest::qWait(20);
        WorkerRegistry registry(db.database(), QStringLiteral("r"), QStringLiteral("r-run"));
        QCOMPARE(registry.rescueLostJobs(30s).value(), 1);
        QCOMPARE(status(db, id), QStringLiteral("dead"));
    }

    void aRescuedJobWhoseResourceWaitsIsSuperseded() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        SyncQueue queue(db.database(), QStringLiteral("w"));
        const qint64 lost = queue.enqueue(QStringLiteral("project"), QStringLiteral("p")).value();
        queue.claim(1, 1ms).value();
        const qint64 waiting = queue.enqueue(QStringLiteral("project"), QStringLiteral("p")).value();
        QTest::qWait(20);
        WorkerRegistry registry(db.database(), QStringLiteral("r"), QStringLiteral("r-run"));
        QCOMPARE(registry.rescueLostJobs(30s).value(), 1);
        QCOMPARE(status(db, lost), QStringLiteral("superseded"));
        QCOMPARE(status(db, waiting), QStringLiteral("pending"));
    }

    void startingFreesWhatThePreviousRunOfThisInstanceHeld() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        const QString host = QSysInfo::machineHostName();
        // A previous run of this instance on this host whose process is gone (no such pid), and a run of
        // the same instance whose process is alive (pid 1) and must be left alone.
        QVERIFY(db.exec(
            QStringLiteral("INSERT INTO pgnotion.sync_workers (id, instance, host, pid, version) VALUES "
                           "('old-run', 'desk', '%1', 2147483000, '0'), ('live-run', 'desk', '%1', 1, '0')")
                .arg(host)));
        SyncQueue old(db.database(), QStringLiteral("old-run"));
        SyncQueue live(db.database(), QStringLiteral("live-run"));
        const qint64 orphan = old.enqueue(QStringLiteral("project"), QStringLiteral("a")).value();
        old.claim(1, 1h).value();
        const qint64 kept = live.enqueue(QStringLiteral("project"), QStringLiteral("b")).value();
        live.claim(1, 1h).value();

        WorkerRegistry restarted(db.database(), QStringLiteral("desk"),
                                 WorkerRegistry::makeRunId(QStringLiteral("desk")));
        QCOMPARE(restarted.registerRun(4).value(), 1);
        QCOMPARE(status(db, orphan), QStringLiteral("retrying"));
        QCOMPARE(status(db, kept), QStringLiteral("running"));
        QVERIFY(
            db.scalar(QStringLiteral(
                          "SELECT stopped_at IS NOT NULL FROM pgnotion.sync_workers WHERE id = 'old-run'"))
                .toBool());
        QCOMPARE(db.scalar(QStringLiteral("SELECT threads FROM pgnotion.sync_workers WHERE id = '%1'")
                               .arg(restarted.runId()))
                     .toInt(),
                 4);
    }
};

QTEST_GUILESS_MAIN(TestRescue)
#include "tst_rescue.moc"
