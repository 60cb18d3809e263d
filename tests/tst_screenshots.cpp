#include "DarkPalette.h"
#include "MainWindow.h"
#include "OverviewCharts.h"
#include "StatusColors.h"
#include "TestDatabase.h"
#include "mapping/MappingLoader.h"
#include "settings/AppSettings.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QChart>
#include <QDir>
#include <QImage>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>

using namespace pgnotion;
using namespace pgnotion::test;

namespace {

// A page that rendered nothing (one flat colour) is a failure, not a screenshot.
int distinctColours(const QImage &image) {
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 4) {
        for (int x = 0; x < image.width(); x += 4)
            colours.insert(image.pixel(x, y));
    }
    return int(colours.size());
}

// An hour of history as an engine leaves it, so that every page shows what an admin would see (the
// screenshots are the user guide's, docs/images/): varied latencies, the usual failures, rows in every
// sync state, dead jobs with their error history, two open conflicts.
const char *const kHistory[] = {
    // 40 projects (their trigger queues 40 jobs): 1-30 synced, 31-36 waiting, 37-38 failed, 39-40 never.
    "INSERT INTO projects (name, status) SELECT 'Project ' || g, 'active' FROM generate_series(1, 40) g",
    "CREATE TEMP VIEW numbered AS SELECT id, id::text AS key, split_part(name, ' ', 2)::int AS n "
    "FROM projects",
    "DELETE FROM pgnotion.sync_queue q USING numbered p WHERE q.resource_type = 'project' "
    "AND q.resource_id = p.key AND (p.n <= 30 OR p.n >= 39)",
    "UPDATE projects p SET notion_page_id = md5(p.id::text) FROM numbered x WHERE x.id = p.id AND x.n <= 30",
    "INSERT INTO pgnotion.sync_state (resource_type, resource_id, notion_page_id, synced_at) "
    "SELECT 'project', key, md5(key), now() - n * interval '97 seconds' FROM numbered WHERE n <= 30",
    "UPDATE pgnotion.sync_queue q SET status = 'dead', attempts = 1, processed_at = now(), "
    "error_message = 'Updating the page of project ' || p.key || ': HTTP 400 validation_error: Tier is "
    "expected to be select. (request 5b2c61f0-0e1d-4f4a-9d8e-2f1c7a9e4b10)', "
    "last_error = '{\"code\": \"validation_error\", \"http_status\": 400, \"kind\": \"permanent\"}', "
    "error_history = jsonb_build_array(jsonb_build_object('at', now() - interval '4 minutes', 'attempt', 1, "
    "'kind', 'permanent', 'code', 'validation_error', 'http_status', 400, 'request_id', "
    "'5b2c61f0-0e1d-4f4a-9d8e-2f1c7a9e4b10', 'worker', 'sync-1/vm-eu-1', 'message', "
    "'HTTP 400 validation_error: Tier is expected to be select.')) "
    "FROM numbered p WHERE q.resource_type = 'project' AND q.resource_id = p.key AND p.n IN (37, 38)",
    // Milestones out of attempts: Notion answered 503 eight times, with back-off in between.
    "INSERT INTO pgnotion.sync_queue (resource_type, resource_id, status, attempts, coalesce_key, "
    "processed_at, error_message, last_error, error_history) SELECT 'milestone', 'm-' || g, 'dead', 8, "
    "pgnotion.coalesce_key('milestone', 'm-' || g, 'postgres_to_notion'), now() - g * interval '9 minutes', "
    "'Creating the page of milestone m-' || g || ': HTTP 503 service_unavailable: Notion is unavailable, "
    "try again later.', '{\"code\": \"service_unavailable\", \"http_status\": 503, \"kind\": "
    "\"transient\"}', (SELECT jsonb_agg(jsonb_build_object('at', now() - g * interval '9 minutes' - (8 - a) "
    "* interval '40 seconds', 'attempt', a, 'kind', 'transient', 'code', 'service_unavailable', "
    "'http_status', 503, 'request_id', md5(g::text || a::text)::uuid, 'worker', 'sync-2/vm-eu-2', "
    "'message', 'HTTP 503 service_unavailable: Notion is unavailable, try again later.') ORDER BY a) "
    "FROM generate_series(1, 8) a) FROM generate_series(1, 3) g",
    // The log: one attempt every 20 s for an hour, mostly completed, with the usual failures.
    "INSERT INTO pgnotion.sync_log (job_id, resource_type, resource_id, direction, attempt, worker, "
    "enqueued_at, started_at, finished_at, outcome, http_status, error_code, error_message) "
    "SELECT g, (ARRAY['project', 'milestone', 'deliverable'])[1 + g % 3], md5('row' || g)::uuid::text, "
    "CASE WHEN g % 7 = 0 THEN 'notion_to_postgres' ELSE 'postgres_to_notion' END, 1, "
    "(ARRAY['sync-1/vm-eu-1', 'sync-2/vm-eu-2'])[1 + g % 2], f - (f - s) - (20 + g * 37 % 400) * interval "
    "'1 ms', s, f, CASE WHEN g % 29 = 0 THEN 'dead' WHEN g % 11 = 0 THEN 'retry' WHEN g % 13 = 0 THEN "
    "'rescheduled' ELSE 'completed' END, CASE WHEN g % 29 = 0 THEN 400 WHEN g % 11 = 0 THEN 503 WHEN g % 13 "
    "= 0 THEN 429 ELSE 200 END, CASE WHEN g % 29 = 0 THEN 'validation_error' WHEN g % 11 = 0 THEN "
    "'service_unavailable' WHEN g % 13 = 0 THEN 'rate_limited' END, CASE WHEN g % 29 = 0 THEN 'Tier is "
    "expected to be select.' WHEN g % 11 = 0 THEN 'Notion is "
    "unavailable, try again later.' WHEN g % 13 = 0 THEN 'You have been rate limited.' END FROM "
    "generate_series(1, 180) g, LATERAL (SELECT now() "
    "- (180 - g) * interval '20 seconds' AS f, now() - (180 - g) * interval '20 seconds' - (180 + g * 53 % "
    "650) * interval '1 ms' AS s) t",
    // Fields edited on both sides between two syncs; Postgres owns them (the default mapping).
    "INSERT INTO pgnotion.sync_conflicts (resource_type, resource_id, property, base_value, postgres_value, "
    "notion_value, postgres_columns, notion_columns, winner, detected_at) SELECT 'project', key, 'Status', "
    "'{\"type\":\"select\",\"value\":\"planning\"}', '{\"type\":\"select\",\"value\":\"active\"}', "
    "'{\"type\":\"select\",\"value\":\"on hold\"}', '{\"status\": \"active\"}', '{\"status\": \"on "
    "hold\"}', 'postgres', now() - interval '6 minutes' FROM numbered WHERE n = 4",
    "INSERT INTO pgnotion.sync_conflicts (resource_type, resource_id, property, base_value, postgres_value, "
    "notion_value, postgres_columns, notion_columns, winner, detected_at) VALUES ('milestone', 'm-7', "
    "'Status', '{\"type\":\"status\",\"value\":\"Not started\"}', "
    "'{\"type\":\"status\",\"value\":\"In progress\"}', '{\"type\":\"status\",\"value\":\"Done\"}', "
    "'{\"status\": \"in_progress\", \"completed_at\": null}', '{\"status\": \"completed\", \"completed_at\": "
    "\"2026-03-02T10:14:00Z\"}', 'postgres', now() - interval '2 minutes')",
    "SELECT pgnotion.snapshot_queue_depth()",
    "INSERT INTO pgnotion.sync_workers (id, instance, host, pid, version, threads) VALUES "
    "('sync-1/vm-eu-1/811/a1b2c3', 'sync-1', 'vm-eu-1', 811, '0.1.0', 4), "
    "('sync-2/vm-eu-2/902/d4e5f6', 'sync-2', 'vm-eu-2', 902, '0.1.0', 4)",
};

// Pages with a list and a details pane show the details of their first row.
void selectFirstRow(QWidget *page) {
    for (const char *name : {"failedJobsView", "conflictsView"}) {
        auto *view = page->findChild<QAbstractItemView *>(QString::fromLatin1(name));
        if (view && view->model() && view->model()->rowCount() > 0)
            view->setCurrentIndex(view->model()->index(0, 0));
    }
}

double meanLuminance(const QImage &image) {
    double sum = 0;
    int count = 0;
    for (int y = 0; y < image.height(); y += 4) {
        for (int x = 0; x < image.width(); x += 4, ++count)
            sum += StatusColors::relativeLuminance(QColor(image.pixel(x, y)));
    }
    return count == 0 ? 0 : sum / count;
}

// Every coloured cell of the page's item views (the first rows) against its view's base colour: the ones
// that do not read, and how many were checked.
QStringList unreadableCells(QWidget *page, int *checked) {
    QStringList unreadable;
    const auto views = page->findChildren<QAbstractItemView *>();
    for (const QAbstractItemView *view : views) {
        const QAbstractItemModel *model = view->model();
        const QColor base = view->palette().color(QPalette::Base);
        for (int row = 0; model && row < std::min(model->rowCount(), 200); ++row) {
            for (int column = 0; column < model->columnCount(); ++column) {
                const QVariant brush = model->index(row, column).data(Qt::ForegroundRole);
                if (!brush.isValid())
                    continue;
                ++*checked;
                const QColor colour = brush.value<QBrush>().color();
                if (StatusColors::contrastRatio(colour, base) < StatusColors::kMinimumContrast)
                    unreadable.append(QStringLiteral("%1 row %2 column %3: %4 on %5")
                                          .arg(view->objectName())
                                          .arg(row)
                                          .arg(column)
                                          .arg(colour.name(), base.name()));
            }
        }
    }
    return unreadable;
}

} // namespace

// The real main window on a database with an hour of history, under a real X server (Xvfb) at 1366×768: a
// screenshot of every page, into $PGNOTION_SCREENSHOT_DIR (the build's screenshots/ by default); then the
// same with a dark palette, as <page>-dark.png, with the charts' dark theme and readable status colours.
class TestScreenshots : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        // What the Settings page shows: a Supabase database verified with its CA (no secret is saved).
        AppSettings settings;
        settings.databaseUrl =
            QStringLiteral("postgresql://postgres@db.abcdefghijklmnop.supabase.co:5432/postgres");
        settings.sslMode = QStringLiteral("verify-full");
        settings.sslRootCertificate = QStringLiteral("/etc/pgnotion/supabase-ca.crt");
        settings.save();
    }

    void everyPage() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        for (const char *sql : kHistory)
            QVERIFY2(db.exec(QString::fromUtf8(sql)), sql);

        const QString dir = qEnvironmentVariable("PGNOTION_SCREENSHOT_DIR", QDir::currentPath());
        QVERIFY(QDir().mkpath(dir));
        MainWindow window;
        window.resize(1366, 768);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const auto mapping = MappingLoader::defaultMapping();
        QVERIFY(mapping.ok());
        window.setMapping(mapping.value());
        window.connectToDatabase(db.urlString());
        auto *pages = window.findChild<QTabWidget *>(QStringLiteral("pagesTabWidget"));
        QVERIFY(pages);
        int colouredCells = 0;
        for (const bool dark : {false, true}) {
            if (dark) {
                QApplication::setStyle(QStringLiteral("Fusion"));
                QApplication::setPalette(darkPalette()); // after the style: it brings its own palette
            }
            for (int page = 0; page < pages->count(); ++page) {
                pages->setCurrentIndex(page);
                QTest::qWait(1500); // its first rows, its charts laid out
                selectFirstRow(pages->widget(page));
                QTest::qWait(500); // the selected row's details
                const QImage shot = window.grab().toImage();
                const QString name =
                    pages->widget(page)->objectName() + (dark ? QStringLiteral("-dark") : QString());
                QVERIFY2(distinctColours(shot) > 8, qPrintable(name + QStringLiteral(" rendered blank")));
                QVERIFY(shot.save(dir + u'/' + name + QStringLiteral(".png")));
                if (dark)
                    QVERIFY2(meanLuminance(shot) < 0.1, qPrintable(name + QStringLiteral(" is not dark")));
                const QStringList unreadable = unreadableCells(pages->widget(page), &colouredCells);
                QVERIFY2(unreadable.isEmpty(),
                         qPrintable(name + u' ' + unreadable.join(QStringLiteral("; "))));
            }
        }
        QVERIFY(colouredCells > 0); // the check above saw status colours
        const auto *charts = window.findChild<OverviewCharts *>();
        QVERIFY(charts);
        for (const QChart *chart : charts->charts())
            QCOMPARE(chart->theme(), QChart::ChartThemeDark);
    }
};

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
