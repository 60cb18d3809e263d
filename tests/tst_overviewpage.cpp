#include "OverviewPage.h"
#include "TestDatabase.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChartView>
#include <QComboBox>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTest>

using namespace pgnotion;
using namespace pgnotion::test;

// The Overview page on a database with a known history: its tiles show what the rollups say.
class TestOverviewPage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tilesShowTheRollups() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        // Three syncs completed (40, 60 and 200 ms after they were enqueued) and one dead, this minute.
        QVERIFY(db.exec(QStringLiteral(
            "INSERT INTO pgnotion.sync_log (job_id, resource_type, resource_id, direction, attempt, "
            "enqueued_at, "
            "started_at, finished_at, outcome) SELECT g, 'project', g::text, 'postgres_to_notion', 1, "
            "now() - (ARRAY[40, 60, 200, 30])[g] * interval '1 millisecond', now(), now(), "
            "(ARRAY['completed', 'completed', 'completed', 'dead'])[g] FROM generate_series(1, 4) g")));
        QVERIFY(
            db.exec(QStringLiteral("INSERT INTO projects (name) VALUES ('a'), ('b')"))); // two waiting jobs
        QVERIFY(db.exec(QStringLiteral("INSERT INTO pgnotion.sync_queue (resource_type, resource_id, status, "
                                       "coalesce_key) VALUES ('milestone', 'm', 'dead', 'x')")));
        QVERIFY(db.exec(QStringLiteral("SELECT pgnotion.snapshot_queue_depth()")));

        OverviewPage page;
        page.resize(1200, 700);
        page.show();
        QSignalSpy refreshed(&page, &OverviewPage::refreshed);
        QSignalSpy failed(&page, &OverviewPage::refreshFailed);
        page.setDatabaseUrl(db.urlString());
        QVERIFY(refreshed.wait(10000));
        QCOMPARE(failed.count(), 0);
        auto text = [&page](const char *name) {
            return page.findChild<QLabel *>(QLatin1String(name))->text();
        };
        QCOMPARE(text("successHourLabel"), QStringLiteral("75.0 %"));
        QCOMPARE(text("successDayLabel"), QStringLiteral("75.0 %"));
        // Histogram buckets: 40 and 60 ms fall under 50 and 100, 200 ms under 250.
        QCOMPARE(text("latencyLabel"), QStringLiteral("100 ms / 250 ms"));
        QCOMPARE(text("queueDepthLabel"), QStringLiteral("2"));
        QCOMPARE(text("deadJobsLabel"), QStringLiteral("1"));
        QCOMPARE(text("throughputLabel"), QStringLiteral("0.6"));
        auto chart = [&page](const char *name) {
            return page.findChild<QChartView *>(QLatin1String(name))->chart();
        };
        QCOMPARE(chart("syncsChartView")->series().size(), 2);   // completed, failed
        QCOMPARE(chart("latencyChartView")->series().size(), 2); // p50, p95
        QCOMPARE(chart("depthChartView")->series().size(), 1);
        // Three of the four attempts of this minute completed.
        const auto *success = qobject_cast<QLineSeries *>(chart("successChartView")->series().value(0));
        QVERIFY(success && success->count() == 1);
        QCOMPARE(success->at(0).y(), 75.0);
        // The dead attempt, by type and by code (it had none).
        auto bars = [&chart](const char *name) {
            const auto *series = qobject_cast<QHorizontalBarSeries *>(chart(name)->series().value(0));
            return series ? series->barSets().value(0) : nullptr;
        };
        QVERIFY(bars("failuresByTypeChartView") && bars("failuresByCodeChartView"));
        QCOMPARE(bars("failuresByTypeChartView")->count(), 1);
        QCOMPARE(bars("failuresByTypeChartView")->at(0), 1.0);
        auto *types =
            qobject_cast<QBarCategoryAxis *>(chart("failuresByTypeChartView")->axes(Qt::Vertical).value(0));
        QVERIFY(types);
        QCOMPARE(types->categories(), QStringList{QStringLiteral("project")});
        // The 7-day window reads the hour rollups: the same attempts, in one 3-hour bucket.
        page.findChild<QComboBox *>(QStringLiteral("windowComboBox"))->setCurrentIndex(2);
        QVERIFY(refreshed.wait(10000));
        const auto week = refreshed.last().at(0).value<SyncHealth>();
        int completedInWeek = 0;
        int failedInWeek = 0;
        for (const HealthPoint &point : week.series) {
            completedInWeek += point.completed;
            failedInWeek += point.failed;
        }
        QCOMPARE(completedInWeek, 3);
        QCOMPARE(failedInWeek, 1);
        QCOMPARE(week.successRateDay, std::optional<double>(0.75));
        QCOMPARE(week.failuresByType.size(), 1);
        page.findChild<QComboBox *>(QStringLiteral("windowComboBox"))->setCurrentIndex(0);
        QVERIFY(refreshed.wait(10000));

        if (const QString dir = qEnvironmentVariable("PGNOTION_SCREENSHOT_DIR"); !dir.isEmpty()) {
            QTest::qWait(300); // the chart lays its axes out on a deferred event
            QVERIFY(page.grab().save(dir + QStringLiteral("/overview.png")));
        }
    }

    void anUnreachableDatabaseIsSaidNotHidden() {
        OverviewPage page;
        QSignalSpy failed(&page, &OverviewPage::refreshFailed);
        page.setDatabaseUrl(QStringLiteral("postgresql://x@127.0.0.1:1/none?connect_timeout=2"));
        QVERIFY(failed.wait(10000));
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("overviewMessageLabel"))
                    ->text()
                    .contains(QStringLiteral("Cannot connect")));
    }
};

QTEST_MAIN(TestOverviewPage)
#include "tst_overviewpage.moc"
