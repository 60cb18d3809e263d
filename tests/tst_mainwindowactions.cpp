#include "FailedJobsModel.h"
#include "FailedSyncsPage.h"
#include "MainWindow.h"
#include "ResourcesModel.h"
#include "ResourcesPage.h"
#include "ResyncProgress.h"
#include "TestDatabase.h"
#include "mapping/MappingLoader.h"
#include "queue/SyncQueue.h"
#include "queue/WorkerPool.h"

#include <QApplication>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace pgnotion;
using namespace pgnotion::test;
using namespace std::chrono_literals;

namespace {

constexpr int kTimeout = 15000;

// Notion always answers: every job it is given completes.
class SucceedingHandler : public JobHandler {
public:
    JobResult handle(const SyncJob &, JobContext &) override { return JobResult::success(200); }
};

qint64 deadJob(SyncQueue &queue, const QString &type, const QString &id) {
    queue.enqueue(type, id).value();
    const SyncJob job = queue.claim(1, 60s).value().first();
    queue
        .fail(job,
              {FailureKind::Permanent, QStringLiteral("%1 failed").arg(id),
               QStringLiteral("validation_error"), 400, QStringLiteral("req-%1").arg(id), 0ms},
              0, 1)
        .value();
    return job.id;
}

QString statusOf(const TestDatabase &db, qint64 id) {
    return db
        .scalar(QStringLiteral("SELECT coalesce((SELECT status FROM pgnotion.sync_queue WHERE id = %1), "
                               "'gone')")
                    .arg(id))
        .toString();
}

int failedRowOf(const QAbstractItemModel *model, qint64 id) {
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(FailedJobsModel::JobIdRole).toLongLong() == id)
            return row;
    }
    return -1;
}

// The real window on a database, showing one of its pages, with an engine of this process attached.
struct ShownWindow {
    MainWindow window;
    std::unique_ptr<WorkerPool> pool;
    QWidget *shownPage = nullptr;

    explicit ShownWindow(const TestDatabase &db, const QString &page) {
        window.setMapping(MappingLoader::defaultMapping().value());
        window.show();
        window.connectToDatabase(db.urlString());
        auto *pages = window.findChild<QTabWidget *>(QStringLiteral("pagesTabWidget"));
        shownPage = window.findChild<QWidget *>(page);
        pages->setCurrentWidget(shownPage);
    }
    ~ShownWindow() { stopEngine(); }
    template <typename T>
    T *find(const QString &name) {
        // Within the page shown: other pages have widgets of the same names (the Activity page's type
        // filter).
        return shownPage->findChild<T *>(name);
    }

    // A real worker pool whose handler succeeds, attached to the window like the demo's engine.
    bool startEngine(const TestDatabase &db) {
        WorkerPoolOptions options;
        options.workers = 2;
        options.worker.pollInterval = 100ms;
        options.supervisor.instance = QStringLiteral("tst_mainwindowactions");
        pool = std::make_unique<WorkerPool>(
            db.url(), [] { return std::make_unique<SucceedingHandler>(); }, options);
        window.attachEngine(pool.get());
        QSignalSpy ready(pool.get(), &WorkerPool::ready);
        pool->start();
        return ready.wait(kTimeout);
    }
    void stopEngine() {
        if (!pool)
            return;
        QSignalSpy stopped(pool.get(), &WorkerPool::stopped);
        pool->stop();
        stopped.wait(kTimeout);
        pool.reset();
    }
};

} // namespace

// Issue 5's GUI tests on the real main window (offscreen) against a real Postgres and a real worker pool:
// Retry on a dead job makes it runnable and it then succeeds; Retry all matching respects the filter;
// Resync enqueues and the progress bar reaches 100 %.
class TestMainWindowActions : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true); // never the admin's own settings
        QSettings().clear();
    }

    void retryOnADeadJobMakesItRunAndSucceed() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        SyncQueue queue(db.database(), QStringLiteral("w"));
        const qint64 kept = deadJob(queue, QStringLiteral("project"), QStringLiteral("p1"));
        const qint64 retried = deadJob(queue, QStringLiteral("project"), QStringLiteral("p2"));

        ShownWindow shown(db, QStringLiteral("failedSyncsPage"));
        auto *view = shown.find<QTableView>(QStringLiteral("failedJobsView"));
        auto *retry = shown.find<QPushButton>(QStringLiteral("retryButton"));
        QVERIFY(view && retry);
        QVERIFY(view->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 2, kTimeout);
        // Nothing runs a dead job by itself.
        QVERIFY(shown.startEngine(db));
        QTest::qWait(300);
        QCOMPARE(statusOf(db, retried), QStringLiteral("dead"));

        const QRect cell = view->visualRect(
            view->model()->index(failedRowOf(view->model(), retried), FailedJobsModel::ResourceColumn));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cell.center());
        QVERIFY(retry->isEnabled());
        QTest::mouseClick(retry, Qt::LeftButton);

        // The engine picks it up and it completes: it leaves the queue with a completed log row.
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(db, retried), QStringLiteral("gone"), kTimeout);
        QCOMPARE(
            db.scalar(QStringLiteral("SELECT string_agg(outcome, ',' ORDER BY id) FROM pgnotion.sync_log "
                                     "WHERE job_id = %1")
                          .arg(retried))
                .toString(),
            QStringLiteral("dead,completed"));
        QCOMPARE(statusOf(db, kept), QStringLiteral("dead"));
        // The page, refreshed, lists only the job left failed.
        qobject_cast<FailedSyncsPage *>(shown.shownPage)->refresh();
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 1, kTimeout);
        QCOMPARE(failedRowOf(view->model(), kept), 0);
    }

    void retryAllMatchingRespectsTheFilter() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        SyncQueue queue(db.database(), QStringLiteral("w"));
        const qint64 p1 = deadJob(queue, QStringLiteral("project"), QStringLiteral("p1"));
        const qint64 p2 = deadJob(queue, QStringLiteral("project"), QStringLiteral("p2"));
        const qint64 m1 = deadJob(queue, QStringLiteral("milestone"), QStringLiteral("m1"));

        ShownWindow shown(db, QStringLiteral("failedSyncsPage"));
        auto *page = qobject_cast<FailedSyncsPage *>(shown.shownPage);
        auto *view = shown.find<QTableView>(QStringLiteral("failedJobsView"));
        auto *type = shown.find<QLineEdit>(QStringLiteral("typeLineEdit"));
        auto *retryMatching = shown.find<QPushButton>(QStringLiteral("retryMatchingButton"));
        QVERIFY(page && view && type && retryMatching);
        page->setConfirmBulkActions(false);
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 3, kTimeout);
        type->setFocus();
        QTest::keyClicks(type, QStringLiteral("project"));
        QTest::keyClick(type, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 2, kTimeout);

        QSignalSpy retried(page, &FailedSyncsPage::jobsRetried);
        QTest::mouseClick(retryMatching, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(retried.size(), 1, kTimeout);
        QCOMPARE(retried.first().first().toInt(), 2);
        QCOMPARE(statusOf(db, m1), QStringLiteral("dead"));
        // The engine runs the two retried jobs, and only them.
        QVERIFY(shown.startEngine(db));
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(db, p1) + statusOf(db, p2), QStringLiteral("gonegone"), kTimeout);
        QCOMPARE(statusOf(db, m1), QStringLiteral("dead"));
        QCOMPARE(
            db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_log WHERE outcome = 'completed'"))
                .toInt(),
            2);
    }

    void resyncEnqueuesAndTheProgressBarReachesTheEnd() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(db.exec(QStringLiteral("INSERT INTO projects (name) SELECT 'Project ' || g FROM "
                                       "generate_series(1, 12) g")));
        QVERIFY(db.exec(QStringLiteral("DELETE FROM pgnotion.sync_queue")));

        ShownWindow shown(db, QStringLiteral("resourcesPage"));
        auto *page = qobject_cast<ResourcesPage *>(shown.shownPage);
        QVERIFY(page);
        page->setConfirmBulkActions(false);
        page->progress()->setPollInterval(100ms);
        QVERIFY(page->setCurrentResourceType(QStringLiteral("project")));
        auto *view = shown.find<QTableView>(QStringLiteral("resourcesView"));
        auto *bar = shown.find<QProgressBar>(QStringLiteral("resyncProgressBar"));
        auto *label = shown.find<QLabel>(QStringLiteral("resyncProgressLabel"));
        QVERIFY(view && bar && label);
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 12, kTimeout);

        QSignalSpy started(page, &ResourcesPage::resyncStarted);
        QSignalSpy finished(page, &ResourcesPage::resyncFinished);
        shown.find<QPushButton>(QStringLiteral("resyncAllButton"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(started.size(), 1, kTimeout);
        QCOMPARE(started.first(), (QList<QVariant>{QStringLiteral("project"), 12}));
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(DISTINCT resource_id) || '/' || count(*) FROM "
                                          "pgnotion.sync_queue WHERE status = 'pending'"))
                     .toString(),
                 QStringLiteral("12/12"));
        QVERIFY(bar->isVisible());
        QCOMPARE(bar->value(), 0);

        QVERIFY(shown.startEngine(db));
        QTRY_COMPARE_WITH_TIMEOUT(bar->value(), 100, kTimeout);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first(), (QList<QVariant>{12, 0}));
        QVERIFY2(label->text().contains(QStringLiteral("12 / 12 done")), qPrintable(label->text()));
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue")).toInt(), 0);
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(DISTINCT resource_id) FROM pgnotion.sync_log WHERE "
                                          "outcome = 'completed'"))
                     .toInt(),
                 12);
    }
};

QTEST_MAIN(TestMainWindowActions)
#include "tst_mainwindowactions.moc"
