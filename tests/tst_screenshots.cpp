#include "DarkPalette.h"
#include "MainWindow.h"
#include "OverviewCharts.h"
#include "StatusColors.h"
#include "TestDatabase.h"
#include "mapping/MappingLoader.h"

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

// The real main window on a database with some history, under a real X server (Xvfb) at 1366×768: a
// screenshot of every page, into $PGNOTION_SCREENSHOT_DIR (the build's screenshots/ by default); then the
// same with a dark palette, as <page>-dark.png, with the charts' dark theme and readable status colours.
class TestScreenshots : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void everyPage() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(db.exec(QStringLiteral("INSERT INTO projects (name, status) SELECT 'Project ' || g, 'active' "
                                       "FROM generate_series(1, 40) g")));
        QVERIFY(db.exec(QStringLiteral(
            "INSERT INTO pgnotion.sync_log (job_id, resource_type, resource_id, direction, attempt, worker, "
            "enqueued_at, started_at, finished_at, outcome, http_status, error_code, error_message) "
            "SELECT g, (ARRAY['project','milestone','deliverable'])[1 + g % 3], g::text, "
            "CASE WHEN g % 7 = 0 THEN 'notion_to_postgres' ELSE 'postgres_to_notion' END, 1, 'demo', "
            "now() - (170 - g) * interval '20 seconds' - interval '900 ms', now() - (170 - g) * interval '20 "
            "seconds' - "
            "interval '400 ms', now() - (170 - g) * interval '20 seconds', "
            "CASE WHEN g % 17 = 0 THEN 'dead' WHEN g % 9 = 0 THEN 'retry' ELSE 'completed' END, "
            "CASE WHEN g % 17 = 0 THEN 400 WHEN g % 9 = 0 THEN 502 ELSE 200 END, "
            "CASE WHEN g % 17 = 0 THEN 'validation_error' WHEN g % 9 = 0 THEN 'bad_gateway' END, "
            "CASE WHEN g % 17 = 0 THEN 'Title is not a property that exists.' END "
            "FROM generate_series(1, 170) g")));
        QVERIFY(db.exec(QStringLiteral(
            "INSERT INTO pgnotion.sync_queue (resource_type, resource_id, status, attempts, coalesce_key, "
            "error_message, last_error, error_history) SELECT 'milestone', 'm-' || g, 'dead', 8, "
            "'milestone:m-' || g, 'Title is not a property that exists.', "
            "'{\"code\": \"validation_error\", \"http_status\": 400}', "
            "jsonb_build_array(jsonb_build_object('at', now() - g * interval '1 hour', 'code', "
            "'validation_error', 'message', 'Title is not a property that exists.')) "
            "FROM generate_series(1, 5) g")));
        QVERIFY(db.exec(QStringLiteral("SELECT pgnotion.snapshot_queue_depth()")));
        QVERIFY(db.exec(QStringLiteral("INSERT INTO pgnotion.sync_workers (id, instance, host, pid, version, "
                                       "threads) VALUES ('demo/1', 'demo', 'desk', 1, '0.1.0', 4)")));

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
