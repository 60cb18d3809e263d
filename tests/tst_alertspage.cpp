#include "AlertBanner.h"
#include "AlertHistoryModel.h"
#include "AlertMonitor.h"
#include "AlertsPage.h"
#include "TestDatabase.h"

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace pgnotion;
using namespace pgnotion::test;
using namespace std::chrono_literals;

namespace {

constexpr int kTimeout = 10000;

// `count` attempts of this minute with `outcome`, each `latencyMs` after it was enqueued.
QString logRows(int count, const QString &outcome, int latencyMs, const QString &extra = QString()) {
    return QStringLiteral("INSERT INTO pgnotion.sync_log (job_id, resource_type, resource_id, direction, "
                          "attempt, enqueued_at, started_at, finished_at, outcome%4) "
                          "SELECT g, 'project', g::text, 'postgres_to_notion', 1, "
                          "now() - %2 * interval '1 millisecond', now(), now(), '%1'%5 "
                          "FROM generate_series(1, %3) g")
        .arg(outcome)
        .arg(latencyMs)
        .arg(count)
        .arg(extra.isEmpty() ? QString() : QStringLiteral(", http_status, error_code"),
             extra.isEmpty() ? QString() : QStringLiteral(", ") + extra);
}

const QString kAliveWorker = QStringLiteral("INSERT INTO pgnotion.sync_workers (id, instance, host, pid, "
                                            "version) VALUES ('w1', 'i', 'h', 1, 'test')");

// Evaluates and waits for the result; an evaluation already running re-runs after it: waits for that too.
bool evaluate(AlertMonitor &monitor) {
    QSignalSpy evaluated(&monitor, &AlertMonitor::evaluated);
    monitor.evaluateNow();
    do {
        if (!evaluated.wait(kTimeout))
            return false;
    } while (monitor.isEvaluating());
    return true;
}

QStringList activeIds(const AlertMonitor &monitor) {
    QStringList ids;
    for (const Alert &alert : monitor.activeAlerts())
        ids.append(alert.id);
    std::sort(ids.begin(), ids.end());
    return ids;
}

// A monitor that only evaluates when told.
std::unique_ptr<AlertMonitor> monitorOn(const TestDatabase &db) {
    auto monitor = std::make_unique<AlertMonitor>();
    monitor->setInterval(1h);
    monitor->setSource(QStringLiteral("test@host"));
    QSignalSpy evaluated(monitor.get(), &AlertMonitor::evaluated);
    monitor->setDatabaseUrl(db.urlString());
    evaluated.wait(kTimeout);
    return monitor;
}

} // namespace

// Alerts against a real Postgres: each default threshold raises its alert from planted figures and clears
// it when the figures or the threshold change; the banner, the history and the saved thresholds.
class TestAlertsPage : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_settingsDir.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QCoreApplication::setOrganizationName(QStringLiteral("pgnotion-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_alertspage"));
    }

    void init() { QSettings().clear(); }

    void failureRateRaisesAndClears() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(db.exec(kAliveWorker));
        QVERIFY(db.exec(logRows(8, QStringLiteral("completed"), 40)));
        QVERIFY(db.exec(logRows(2, QStringLiteral("dead"), 40)));
        auto monitor = monitorOn(db);
        QSignalSpy raised(monitor.get(), &AlertMonitor::alertRaised);
        QSignalSpy cleared(monitor.get(), &AlertMonitor::alertCleared);
        QVERIFY(evaluate(*monitor));
        QCOMPARE(activeIds(*monitor), QStringList{QStringLiteral("failure_rate")}); // 20 % > 10 %
        QVERIFY(monitor->activeAlerts().first().message.startsWith(QStringLiteral("20.0 % of syncs failed")));

        AlertThresholds thresholds;
        thresholds.failureRate = 0.25;
        monitor->setThresholds(thresholds);
        QVERIFY(evaluate(*monitor));
        QCOMPARE(activeIds(*monitor), QStringList());
        QCOMPARE(cleared.count(), 1);

        monitor->setThresholds(AlertThresholds{});
        QVERIFY(evaluate(*monitor));
        QCOMPARE(activeIds(*monitor), QStringList{QStringLiteral("failure_rate")});
        QVERIFY(db.exec(logRows(30, QStringLiteral("completed"), 40))); // 2 of 40: 5 %
        QVERIFY(evaluate(*monitor));
        QCOMPARE(activeIds(*monitor), QStringList());
        QCOMPARE(raised.count(), 1); // the first was raised before the spy
        QCOMPARE(cleared.count(), 2);
    }

    void latencyRaisesAndClears() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(db.exec(kAliveWorker));
        QVERIFY(db.exec(logRows(5, QStringLiteral("completed"), 45000)));
        auto monitor = monitorOn(db);
        QCOMPARE(activeIds(*monitor), QStringList{QStringLiteral("latency")}); // p95 bucket: 60 s > 30 s

        AlertThresholds thresholds;
        thresholds.latencyMs = 90000;
        monitor->setThresholds(thresholds);
        QVERIFY(evaluate(*monitor));
        QCOMPARE(activeIds(*monitor), QStringList());

        monitor->setThresholds(AlertThresholds{});
        QVERIFY(evaluate(*monitor));
        QCOMPARE(activeIds(*monitor), QStringList{QStringLiteral("latency")});
        QVERIFY(db.exec(logRows(200, QStringLiteral("completed"), 40))); // the slow five are under 5 %
        QVERIFY(evaluate(*monitor));
        QCOMPARE(activeIds(*monitor), QStringList());
    }

    void queueDepthRaisesAndClears() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(db.exec(kAliveWorker));
        QVERIFY(db.exec(QStringLiteral(
            "INSERT INTO pgnotion.sync_queue (resource_type, resource_id, coalesce_key) "
            "SELECT 'project', g::text, 'postgres_to_notion:project:' || g FROM generate_series(1, 101) g")));
        auto monitor = monitorOn(db);
        QCOMPARE(activeIds(*monitor), QStringList{QStringLiteral("queue_depth")});
        QCOMPARE(monitor->activeAlerts().first().message,
                 QStringLiteral("101 jobs are waiting (alert above 100)"));

        AlertThresholds thresholds;
        thresholds.queueDepth = 500;
        monitor->setThresholds(thresholds);
        QVERIFY(evaluate(*monitor));
        QCOMPARE(activeIds(*monitor), QStringList());

        monitor->setThresholds(AlertThresholds{});
        QVERIFY(evaluate(*monitor));
        QCOMPARE(activeIds(*monitor), QStringList{QStringLiteral("queue_depth")});
        QVERIFY(db.exec(QStringLiteral("DELETE FROM pgnotion.sync_queue WHERE resource_id = '7'")));
        QVERIFY(evaluate(*monitor));
        QCOMPARE(activeIds(*monitor), QStringList());
    }

    void rejectedTokenRaisesAndClears() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(db.exec(kAliveWorker));
        QVERIFY(db.exec(logRows(3, QStringLiteral("completed"), 40)));
        auto monitor = monitorOn(db);
        QCOMPARE(activeIds(*monitor), QStringList());

        // This process's engine says so.
        QSignalSpy evaluated(monitor.get(), &AlertMonitor::evaluated);
        monitor->setNotionTokenRejected(true);
        QVERIFY(evaluated.wait(kTimeout));
        QCOMPARE(activeIds(*monitor), QStringList{QStringLiteral("token_rejected")});
        monitor->setNotionTokenRejected(false);
        QVERIFY(evaluated.wait(kTimeout));
        QCOMPARE(activeIds(*monitor), QStringList());

        // A headless worker's engine: its 401 is the newest attempt, until a sync completes again.
        QVERIFY(
            db.exec(logRows(1, QStringLiteral("rescheduled"), 40, QStringLiteral("401, 'unauthorized'"))));
        QVERIFY(evaluate(*monitor));
        QCOMPARE(activeIds(*monitor), QStringList{QStringLiteral("token_rejected")});
        QVERIFY(db.exec(logRows(1, QStringLiteral("completed"), 40)));
        QVERIFY(evaluate(*monitor));
        QCOMPARE(activeIds(*monitor), QStringList());
    }

    void missingHeartbeatRaisesAndClearsAndShowsOnTheBanner() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        AlertBanner banner;
        auto monitor = monitorOn(db);
        connect(monitor.get(), &AlertMonitor::activeAlertsChanged, &banner, &AlertBanner::setAlerts);
        banner.setAlerts(monitor->activeAlerts()); // raised before the connection
        QVERIFY(evaluate(*monitor));
        QCOMPARE(activeIds(*monitor), QStringList{QStringLiteral("no_heartbeat")}); // no engine at all
        QVERIFY(!banner.isHidden());
        QCOMPARE(banner.text(), QStringLiteral("⚠ No sync engine is running"));

        QVERIFY(db.exec(kAliveWorker));
        QVERIFY(evaluate(*monitor));
        QCOMPARE(activeIds(*monitor), QStringList());
        QVERIFY(banner.isHidden());

        QVERIFY(db.exec(
            QStringLiteral("UPDATE pgnotion.sync_workers SET heartbeat_at = now() - interval '5 minutes'")));
        QVERIFY(evaluate(*monitor));
        QCOMPARE(activeIds(*monitor), QStringList{QStringLiteral("no_heartbeat")});
        QVERIFY(banner.text().contains(QStringLiteral("No sync engine has reported for 30")));
        QVERIFY(!banner.isHidden());

        AlertThresholds thresholds;
        thresholds.heartbeatSeconds = 600;
        monitor->setThresholds(thresholds);
        QVERIFY(evaluate(*monitor));
        QCOMPARE(activeIds(*monitor), QStringList());
        QVERIFY(banner.isHidden());

        // A stopped run does not count as alive.
        QVERIFY(db.exec(
            QStringLiteral("UPDATE pgnotion.sync_workers SET heartbeat_at = now(), stopped_at = now()")));
        QVERIFY(evaluate(*monitor));
        QCOMPARE(activeIds(*monitor), QStringList{QStringLiteral("no_heartbeat")});
    }

    void historyIsKeptAndSurvivesARestart() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        AlertsPage page;
        page.setDesktopNotificationsEnabled(false);
        page.monitor()->setInterval(1h);
        page.monitor()->setSource(QStringLiteral("test@host"));
        QAbstractItemModelTester tester(page.historyModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy notified(&page, &AlertsPage::notified);
        QSignalSpy historyLoaded(page.historyModel(), &AlertHistoryModel::loaded);
        page.setDatabaseUrl(db.urlString());
        QTRY_COMPARE_WITH_TIMEOUT(page.historyModel()->rowCount(), 1, kTimeout);
        QCOMPARE(notified.count(), 1);
        QCOMPARE(notified.first().at(0).toString(), QStringLiteral("pgnotion alert: Engine heartbeat"));
        QCOMPARE(notified.first().at(1).toString(), QStringLiteral("No sync engine is running"));
        auto *active = page.findChild<QListWidget *>(QStringLiteral("activeAlertsList"));
        QCOMPARE(active->count(), 1);
        QCOMPARE(active->item(0)->text(), QStringLiteral("Engine heartbeat: No sync engine is running"));

        QVERIFY(db.exec(kAliveWorker));
        QVERIFY(evaluate(*page.monitor()));
        QTRY_COMPARE_WITH_TIMEOUT(page.historyModel()->rowCount(), 2, kTimeout);
        QCOMPARE(notified.count(), 2);
        QVERIFY(notified.last().at(0).toString().startsWith(QStringLiteral("pgnotion alert cleared")));
        AlertHistoryModel *history = page.historyModel();
        QCOMPARE(history->index(0, AlertHistoryModel::EventColumn).data().toString(),
                 QStringLiteral("cleared"));
        QCOMPARE(history->index(1, AlertHistoryModel::EventColumn).data().toString(),
                 QStringLiteral("raised"));
        QCOMPARE(history->index(1, AlertHistoryModel::AlertColumn).data().toString(),
                 QStringLiteral("Engine heartbeat"));
        QCOMPARE(history->index(1, AlertHistoryModel::SourceColumn).data().toString(),
                 QStringLiteral("test@host"));
        QCOMPARE(active->item(0)->text(), QStringLiteral("No alert: the sync is healthy"));

        // The queue fills up; then the dashboard restarts while the alert is raised.
        QVERIFY(db.exec(QStringLiteral(
            "INSERT INTO pgnotion.sync_queue (resource_type, resource_id, coalesce_key) "
            "SELECT 'project', g::text, 'postgres_to_notion:project:' || g FROM generate_series(1, 150) g")));
        QVERIFY(evaluate(*page.monitor()));
        QTRY_COMPARE_WITH_TIMEOUT(history->rowCount(), 3, kTimeout);

        AlertsPage restarted;
        restarted.setDesktopNotificationsEnabled(false);
        restarted.monitor()->setInterval(1h);
        restarted.monitor()->setSource(QStringLiteral("test@host"));
        QSignalSpy notifiedAgain(&restarted, &AlertsPage::notified);
        QSignalSpy evaluated(restarted.monitor(), &AlertMonitor::evaluated);
        restarted.setDatabaseUrl(db.urlString());
        QVERIFY(evaluated.wait(kTimeout));
        QTRY_COMPARE_WITH_TIMEOUT(restarted.historyModel()->rowCount(), 3, kTimeout);
        QCOMPARE(activeIds(*restarted.monitor()), QStringList{QStringLiteral("queue_depth")});
        QCOMPARE(notifiedAgain.count(), 0); // still raised: not raised a second time
        QCOMPARE(evaluated.first().first().toInt(), 0);

        // Cleared after the restart: recorded and notified once.
        QVERIFY(db.exec(QStringLiteral("DELETE FROM pgnotion.sync_queue")));
        QVERIFY(evaluate(*restarted.monitor()));
        QCOMPARE(notifiedAgain.count(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(restarted.historyModel()->rowCount(), 4, kTimeout);
        QCOMPARE(
            db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.alert_events WHERE NOT raised")).toInt(),
            2);

        if (const QString dir = qEnvironmentVariable("PGNOTION_SCREENSHOT_DIR"); !dir.isEmpty()) {
            QVERIFY(
                db.exec(QStringLiteral("UPDATE pgnotion.sync_workers SET heartbeat_at = now() - interval '5 "
                                       "minutes'")));
            QVERIFY(db.exec(logRows(8, QStringLiteral("completed"), 40)));
            QVERIFY(db.exec(logRows(2, QStringLiteral("dead"), 40)));
            QVERIFY(evaluate(*restarted.monitor()));
            QTRY_COMPARE_WITH_TIMEOUT(restarted.historyModel()->rowCount(), 6, kTimeout);
            AlertBanner banner;
            banner.setAlerts(restarted.monitor()->activeAlerts());
            restarted.resize(1100, 600);
            restarted.show();
            banner.resize(1100, banner.sizeHint().height());
            QTest::qWait(100);
            QVERIFY(restarted.grab().save(dir + QStringLiteral("/alerts.png")));
            QVERIFY(banner.grab().save(dir + QStringLiteral("/alert-banner.png")));
        }
    }

    void editedThresholdsAreSaved() {
        AlertsPage page;
        auto *failureRate = page.findChild<QDoubleSpinBox *>(QStringLiteral("failureRateSpinBox"));
        auto *latency = page.findChild<QDoubleSpinBox *>(QStringLiteral("latencySpinBox"));
        auto *depth = page.findChild<QSpinBox *>(QStringLiteral("queueDepthSpinBox"));
        auto *heartbeat = page.findChild<QSpinBox *>(QStringLiteral("heartbeatSpinBox"));
        QCOMPARE(failureRate->value(), 10.0); // the seed's defaults
        QCOMPARE(latency->value(), 30.0);
        QCOMPARE(depth->value(), 100);
        QCOMPARE(heartbeat->value(), 60);

        failureRate->setValue(25);
        latency->setValue(12.5);
        depth->setValue(5000);
        heartbeat->setValue(120);
        QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("applyThresholdsButton")),
                          Qt::LeftButton);
        QCOMPARE(page.monitor()->thresholds().queueDepth, 5000);
        QCOMPARE(page.monitor()->thresholds().failureRate, 0.25);
        QCOMPARE(page.monitor()->thresholds().latencyMs, 12500.0);
        QCOMPARE(page.monitor()->thresholds().heartbeatSeconds, 120);

        AlertsPage reopened; // reads them back from the settings
        QCOMPARE(reopened.findChild<QDoubleSpinBox *>(QStringLiteral("failureRateSpinBox"))->value(), 25.0);
        QCOMPARE(reopened.findChild<QDoubleSpinBox *>(QStringLiteral("latencySpinBox"))->value(), 12.5);
        QCOMPARE(reopened.findChild<QSpinBox *>(QStringLiteral("queueDepthSpinBox"))->value(), 5000);
        QCOMPARE(reopened.findChild<QSpinBox *>(QStringLiteral("heartbeatSpinBox"))->value(), 120);
        QCOMPARE(reopened.monitor()->thresholds().queueDepth, 5000);
        QVERIFY(QFile::exists(m_settingsDir.path() + QStringLiteral("/pgnotion-tests/tst_alertspage.conf")));

        QTest::mouseClick(reopened.findChild<QPushButton *>(QStringLiteral("restoreDefaultsButton")),
                          Qt::LeftButton);
        QCOMPARE(reopened.findChild<QSpinBox *>(QStringLiteral("queueDepthSpinBox"))->value(), 100);
        QCOMPARE(AlertsPage::savedThresholds().queueDepth, 100);
        QCOMPARE(AlertsPage::savedThresholds().failureRate, 0.10);
        QCOMPARE(reopened.monitor()->thresholds().latencyMs, 30000.0);
    }

    void anUnreachableDatabaseIsSaid() {
        AlertsPage page;
        page.setDesktopNotificationsEnabled(false);
        QSignalSpy failed(page.monitor(), &AlertMonitor::evaluationFailed);
        page.setDatabaseUrl(QStringLiteral("postgresql://x@127.0.0.1:1/none?connect_timeout=2"));
        QVERIFY(failed.wait(kTimeout));
        QTRY_VERIFY_WITH_TIMEOUT(page.findChild<QLabel *>(QStringLiteral("alertsMessageLabel"))
                                     ->text()
                                     .contains(QStringLiteral("Cannot connect")),
                                 kTimeout);
        QVERIFY(page.monitor()->activeAlerts().isEmpty());
    }
};

QTEST_MAIN(TestAlertsPage)
#include "tst_alertspage.moc"
