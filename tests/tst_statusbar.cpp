#include "EngineStatusPanel.h"
#include "TestDatabase.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace pgnotion;
using namespace pgnotion::test;

namespace {

QString labelText(const QWidget &panel, const char *name) {
    return panel.findChild<QLabel *>(QLatin1String(name))->text();
}

int claimable(const TestDatabase &db) {
    return db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.claim_jobs('probe', 100, 60000)")).toInt();
}

} // namespace

// The status bar's engine panel: what it reads of the engines sharing the queue, and Pause/Resume for all.
class TestStatusBar : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void showsLiveEnginesAndBusyWorkers() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        // One live run with 4 threads, one whose heartbeat stopped 10 minutes ago, one that stopped.
        QVERIFY(db.exec(QStringLiteral(
            "INSERT INTO pgnotion.sync_workers (id, instance, host, pid, version, threads, heartbeat_at, "
            "stopped_at) VALUES ('a', 'i', 'h', 1, 'v', 4, now(), NULL), "
            "('b', 'i', 'h', 2, 'v', 8, now() - interval '10 minutes', NULL), "
            "('c', 'i', 'h', 3, 'v', 8, now(), now())")));
        QVERIFY(db.exec(QStringLiteral("INSERT INTO projects (name) VALUES ('a'), ('b'), ('c')")));
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.claim_jobs('a', 2, 60000)")).toInt(),
                 2);

        EngineStatusPanel panel;
        QSignalSpy refreshed(&panel, &EngineStatusPanel::refreshed);
        panel.setDatabaseUrl(db.urlString());
        QVERIFY(refreshed.wait(10000));
        QCOMPARE(labelText(panel, "engineStateLabel"), QStringLiteral("1 engine, 2 of 4 workers busy"));
        QCOMPARE(labelText(panel, "notionStateLabel"), QStringLiteral("Notion: no syncs yet"));
        QCOMPARE(panel.findChild<QPushButton *>(QStringLiteral("pauseButton"))->text(),
                 QStringLiteral("Pause"));
    }

    void pauseStopsEveryClaimAndResumeRestartsThem() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(db.exec(QStringLiteral("INSERT INTO projects (name) VALUES ('a'), ('b'), ('c')")));
        EngineStatusPanel panel;
        panel.setOperatorName(QStringLiteral("ada@desk"));
        QSignalSpy refreshed(&panel, &EngineStatusPanel::refreshed);
        QSignalSpy pauseChanged(&panel, &EngineStatusPanel::pauseChanged);
        QSignalSpy resumed(&panel, &EngineStatusPanel::resumed);
        panel.setDatabaseUrl(db.urlString());
        QVERIFY(refreshed.wait(10000));
        auto *button = panel.findChild<QPushButton *>(QStringLiteral("pauseButton"));
        QVERIFY(button->isEnabled());

        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(pauseChanged.wait(10000));
        QCOMPARE(pauseChanged.last().at(0).toBool(), true);
        QCOMPARE(db.scalar(QStringLiteral("SELECT changed_by FROM pgnotion.queue_control")).toString(),
                 QStringLiteral("ada@desk"));
        QCOMPARE(claimable(db), 0); // every engine, whatever process it runs in
        QTRY_COMPARE_WITH_TIMEOUT(button->text(), QStringLiteral("Resume"), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            labelText(panel, "engineStateLabel").startsWith(QStringLiteral("Paused by ada@desk")), 10000);

        QTRY_VERIFY(button->isEnabled());
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(pauseChanged.wait(10000));
        QCOMPARE(pauseChanged.last().at(0).toBool(), false);
        QCOMPARE(resumed.count(), 1);
        QCOMPARE(claimable(db), 3);
    }

    void pausingTwiceChangesNothing() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QCOMPARE(db.scalar(QStringLiteral("SELECT pgnotion.set_queue_paused(true, 'x')")).toBool(), true);
        QCOMPARE(db.scalar(QStringLiteral("SELECT pgnotion.set_queue_paused(true, 'y')")).toBool(), false);
        QCOMPARE(db.scalar(QStringLiteral("SELECT changed_by FROM pgnotion.queue_control")).toString(),
                 QStringLiteral("x"));
    }

    void notionStateFollowsTheNewestOutboundAttempt() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        auto log = [&db](const QString &outcome, const QString &code) {
            return db.exec(
                QStringLiteral("INSERT INTO pgnotion.sync_log (job_id, resource_type, resource_id, "
                               "direction, attempt, enqueued_at, started_at, finished_at, outcome, "
                               "error_code, error_message) VALUES (1, 'project', '1', "
                               "'postgres_to_notion', 1, now(), now(), now(), '%1', %2, %3)")
                    .arg(outcome, code.isEmpty() ? QStringLiteral("NULL") : u'\'' + code + u'\'',
                         code.isEmpty() ? QStringLiteral("NULL")
                                        : QStringLiteral("'API token is invalid.'")));
        };
        EngineStatusPanel panel;
        panel.setRefreshInterval(100);
        panel.setDatabaseUrl(db.urlString());
        QVERIFY(log(QStringLiteral("rescheduled"), QStringLiteral("unauthorized")));
        QTRY_COMPARE_WITH_TIMEOUT(labelText(panel, "notionStateLabel"),
                                  QStringLiteral("Notion: token rejected"), 10000);
        QCOMPARE(panel.findChild<QLabel *>(QStringLiteral("notionStateLabel"))->toolTip(),
                 QStringLiteral("API token is invalid."));
        QVERIFY(log(QStringLiteral("rescheduled"), QStringLiteral("notion_unreachable")));
        QTRY_COMPARE_WITH_TIMEOUT(labelText(panel, "notionStateLabel"), QStringLiteral("Notion: unreachable"),
                                  10000);
        QVERIFY(log(QStringLiteral("completed"), QString()));
        QTRY_COMPARE_WITH_TIMEOUT(labelText(panel, "notionStateLabel"), QStringLiteral("Notion: connected"),
                                  10000);

        // This process's engine saw the token rejected first hand: said until the admin resumes.
        panel.setLocalNotionError(QStringLiteral("Notion rejected the token"));
        QCOMPARE(labelText(panel, "notionStateLabel"), QStringLiteral("Notion: token rejected"));
    }

    void anUnreachableDatabaseIsReported() {
        EngineStatusPanel panel;
        QSignalSpy failed(&panel, &EngineStatusPanel::refreshFailed);
        panel.setDatabaseUrl(QStringLiteral("postgresql://x:secret@127.0.0.1:1/none?connect_timeout=2"));
        QVERIFY(failed.wait(10000));
        QVERIFY(failed.first().at(0).toString().contains(QStringLiteral("Cannot connect")));
        QVERIFY(!failed.first().at(0).toString().contains(QStringLiteral("secret")));
        QCOMPARE(labelText(panel, "engineStateLabel"), QStringLiteral("Engines: unknown"));
    }
};

QTEST_MAIN(TestStatusBar)
#include "tst_statusbar.moc"
