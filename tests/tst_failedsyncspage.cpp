#include "FailedJobsModel.h"
#include "FailedSyncsPage.h"
#include "TestDatabase.h"
#include "queue/SyncQueue.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace pgnotion;
using namespace pgnotion::test;
using namespace std::chrono_literals;

namespace {

constexpr int kTimeout = 10000;

// A job that failed permanently at once (dead), with a Notion request id per resource.
qint64 deadJob(SyncQueue &queue, const QString &type, const QString &id, const QString &code) {
    queue.enqueue(type, id).value();
    const SyncJob job = queue.claim(1, 60s).value().first();
    queue
        .fail(job,
              {FailureKind::Permanent, QStringLiteral("%1 failed: %2").arg(id, code), code, 400,
               QStringLiteral("req-%1").arg(id), 0ms},
              0, 1)
        .value();
    return job.id;
}

QString statusOf(const TestDatabase &db, qint64 id) {
    return db.scalar(QStringLiteral("SELECT status FROM pgnotion.sync_queue WHERE id = %1").arg(id))
        .toString();
}

int rowOf(const QAbstractItemModel *model, qint64 id) {
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(FailedJobsModel::JobIdRole).toLongLong() == id)
            return row;
    }
    return -1;
}

void clickRow(QTableView *view, int row) {
    const QRect cell = view->visualRect(view->model()->index(row, FailedJobsModel::ResourceColumn));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cell.center());
}

} // namespace

// The failed-syncs page and its model, against a real Postgres: chunked loading, server-side filters,
// and the actions an admin takes on failed jobs.
class TestFailedSyncsPage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void modelLoadsEveryRowInChunks() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        // 23 dead jobs, many sharing one updated_at (keyset ties are broken by id), plus jobs that are
        // not failed and must not show.
        QVERIFY(db.exec(QStringLiteral(
            "INSERT INTO pgnotion.sync_queue (resource_type, resource_id, status, attempts, error_message, "
            "last_error, error_history, coalesce_key, processed_at, updated_at) "
            "SELECT 'project', 'p' || g, 'dead', 8, 'boom ' || g, "
            "jsonb_build_object('code', 'validation_error', 'message', 'boom ' || g), "
            "jsonb_build_array(jsonb_build_object('at', '2024-05-01T10:00:00.000Z', 'message', 'boom ' || "
            "g)), "
            "'postgres_to_notion:project:p' || g, now(), "
            "now() - (g % 3) * interval '1 second' FROM generate_series(1, 23) g")));
        QVERIFY(db.exec(QStringLiteral(
            "INSERT INTO pgnotion.sync_queue (resource_type, resource_id, status, coalesce_key) "
            "SELECT 'project', 'q' || g, 'pending', 'postgres_to_notion:project:q' || g "
            "FROM generate_series(1, 4) g")));
        const QStringList expected =
            db.scalar(QStringLiteral("SELECT string_agg(id::text, ',' ORDER BY updated_at DESC, id DESC) "
                                     "FROM pgnotion.sync_queue WHERE status = 'dead'"))
                .toString()
                .split(QLatin1Char(','));
        QCOMPARE(expected.size(), 23);

        FailedJobsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<int> rowsAfterEachChunk;
        connect(&model, &FailedJobsModel::chunkLoaded, this,
                [&] { rowsAfterEachChunk.append(model.rowCount()); });
        model.setChunkSize(5);
        model.setDatabaseUrl(db.urlString());
        QVERIFY(model.isLoading());
        QVERIFY(!model.canFetchMore({})); // one chunk at a time
        QTRY_COMPARE_WITH_TIMEOUT(rowsAfterEachChunk.size(), 1, kTimeout);
        // The next chunk loads only when asked (by a view scrolled to the end), even with the tester's
        // own fetchMore() calls while rows go in.
        QTest::qWait(200);
        QCOMPARE(rowsAfterEachChunk, QList<int>{5});
        while (model.canFetchMore({})) {
            const qsizetype before = rowsAfterEachChunk.size();
            model.fetchMore({});
            QVERIFY(!model.canFetchMore({}));
            QTRY_COMPARE_WITH_TIMEOUT(rowsAfterEachChunk.size(), before + 1, kTimeout);
        }
        QCOMPARE(rowsAfterEachChunk, (QList<int>{5, 10, 15, 20, 23}));
        QCOMPARE(model.rowCount(), 23);
        QStringList ids;
        for (int row = 0; row < model.rowCount(); ++row)
            ids.append(QString::number(model.jobId(row)));
        QCOMPARE(ids, expected); // every dead job once, newest change first
        QCOMPARE(model.index(0, FailedJobsModel::AttemptsColumn).data().toString(), QStringLiteral("8/8"));

        QVERIFY(model.index(0, FailedJobsModel::LastErrorColumn)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("validation_error: boom ")));
    }

    void viewFetchesTheNextChunkWhenScrolledToTheEnd() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(db.exec(
            QStringLiteral("INSERT INTO pgnotion.sync_queue (resource_type, resource_id, status, "
                           "error_message, coalesce_key) "
                           "SELECT 'project', 'p' || g, 'dead', 'boom', 'postgres_to_notion:project:p' || g "
                           "FROM generate_series(1, 60) g")));
        FailedSyncsPage page;
        page.resize(900, 400);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        auto *view = page.findChild<QTableView *>(QStringLiteral("failedJobsView"));
        QVERIFY(view);
        page.model()->setChunkSize(20);
        page.setDatabaseUrl(db.urlString());
        auto *summary = page.findChild<QLabel *>(QStringLiteral("summaryLabel"));
        QVERIFY(summary);
        QTRY_VERIFY_WITH_TIMEOUT(view->model()->rowCount() >= 20, kTimeout);
        QVERIFY(view->model()->rowCount() < 60);
        QVERIFY2(summary->text().contains(QStringLiteral("scroll for more")), qPrintable(summary->text()));
        QTRY_VERIFY_WITH_TIMEOUT((view->scrollToBottom(), view->model()->rowCount() == 60), kTimeout);
        // 60 is three full chunks: only a fourth, empty one tells that nothing is left.
        QTRY_COMPARE_WITH_TIMEOUT(summary->text(), QStringLiteral("60 jobs"), kTimeout);
        QVERIFY(!page.model()->canFetchMore({}));
        QCOMPARE(view->model()->rowCount(), 60);
    }

    void filtersNarrowTheRowsOnTheServer() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        SyncQueue queue(db.database(), QStringLiteral("w"));
        deadJob(queue, QStringLiteral("project"), QStringLiteral("p1"), QStringLiteral("validation_error"));
        deadJob(queue, QStringLiteral("project"), QStringLiteral("p2"), QStringLiteral("object_not_found"));
        deadJob(queue, QStringLiteral("milestone"), QStringLiteral("m1"), QStringLiteral("validation_error"));
        queue.enqueue(QStringLiteral("lead"), QStringLiteral("l1")).value();
        queue
            .fail(queue.claim(1, 60s).value().first(),
                  {FailureKind::Transient,
                   QStringLiteral("bad gateway"),
                   QStringLiteral("bad_gateway"),
                   502,
                   {},
                   0ms},
                  0, 1)
            .value();
        QCOMPARE(statusOf(db, 4), QStringLiteral("retrying"));

        FailedJobsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&model, &FailedJobsModel::chunkLoaded);
        auto rowsFor = [&](const JobFilter &filter) {
            const qsizetype before = loaded.size();
            model.setFilter(filter);
            if (!QTest::qWaitFor([&] { return loaded.size() > before; }, kTimeout))
                return -1;
            return model.rowCount();
        };
        model.setDatabaseUrl(db.urlString());
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 4, kTimeout); // dead and retrying by default

        JobFilter byType;
        byType.statuses = {QStringLiteral("dead"), QStringLiteral("retrying")};
        byType.resourceType = QStringLiteral("project");
        QCOMPARE(rowsFor(byType), 2);
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.job(row).resourceType, QStringLiteral("project"));

        JobFilter byCode = byType;
        byCode.resourceType.clear();
        byCode.errorCode = QStringLiteral("validation_error");
        QCOMPARE(rowsFor(byCode), 2);

        JobFilter byText = byCode;
        byText.errorCode.clear();
        byText.text = QStringLiteral("m1 failed");
        QCOMPARE(rowsFor(byText), 1);
        QCOMPARE(model.job(0).resourceId, QStringLiteral("m1"));

        JobFilter retrying;
        retrying.statuses = {QStringLiteral("retrying")};
        QCOMPARE(rowsFor(retrying), 1);
        QCOMPARE(model.index(0, FailedJobsModel::StatusColumn).data().toString(), QStringLiteral("retrying"));

        JobFilter old = byType;
        old.resourceType.clear();
        old.updatedBefore = QDateTime::currentDateTimeUtc().addDays(-1);
        QCOMPARE(rowsFor(old), 0);
    }

    void retryMakesTheSelectedJobRunnable() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        SyncQueue queue(db.database(), QStringLiteral("w"));
        const qint64 first = deadJob(queue, QStringLiteral("project"), QStringLiteral("p1"),
                                     QStringLiteral("validation_error"));
        const qint64 second = deadJob(queue, QStringLiteral("project"), QStringLiteral("p2"),
                                      QStringLiteral("validation_error"));

        FailedSyncsPage page;
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        auto *view = page.findChild<QTableView *>(QStringLiteral("failedJobsView"));
        auto *retry = page.findChild<QPushButton *>(QStringLiteral("retryButton"));
        auto *label = page.findChild<QLabel *>(QStringLiteral("statusLabel"));
        QVERIFY(view && retry && label);
        QVERIFY(!retry->isEnabled()); // nothing selected yet
        QSignalSpy retried(&page, &FailedSyncsPage::jobsRetried);
        page.setDatabaseUrl(db.urlString());
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 2, kTimeout);

        clickRow(view, rowOf(view->model(), second));
        QVERIFY(retry->isEnabled());
        QTest::mouseClick(retry, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(retried.size(), 1, kTimeout);
        QCOMPARE(retried.first().first().toInt(), 1);
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue WHERE id = %1 AND "
                                          "status = 'pending' AND run_at <= now()")
                               .arg(second))
                     .toInt(),
                 1);
        QCOMPARE(statusOf(db, first), QStringLiteral("dead"));
        QCOMPARE(label->text(), QStringLiteral("1 job will run again"));
        // The table reloads: the retried job is no longer failed.
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 1, kTimeout);
        QCOMPARE(rowOf(view->model(), first), 0);
    }

    void retryAllMatchingRetriesOnlyTheFilteredType() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        SyncQueue queue(db.database(), QStringLiteral("w"));
        const qint64 p1 = deadJob(queue, QStringLiteral("project"), QStringLiteral("p1"),
                                  QStringLiteral("validation_error"));
        const qint64 p2 = deadJob(queue, QStringLiteral("project"), QStringLiteral("p2"),
                                  QStringLiteral("validation_error"));
        const qint64 m1 = deadJob(queue, QStringLiteral("milestone"), QStringLiteral("m1"),
                                  QStringLiteral("validation_error"));

        FailedSyncsPage page;
        page.setConfirmBulkActions(false);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        auto *view = page.findChild<QTableView *>(QStringLiteral("failedJobsView"));
        auto *type = page.findChild<QLineEdit *>(QStringLiteral("typeLineEdit"));
        auto *retryMatching = page.findChild<QPushButton *>(QStringLiteral("retryMatchingButton"));
        auto *label = page.findChild<QLabel *>(QStringLiteral("statusLabel"));
        QVERIFY(view && type && retryMatching && label);
        page.setDatabaseUrl(db.urlString());
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 3, kTimeout);

        type->setFocus();
        QTest::keyClicks(type, QStringLiteral("project"));
        QTest::keyClick(type, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 2, kTimeout);

        QSignalSpy retried(&page, &FailedSyncsPage::jobsRetried);
        QTest::mouseClick(retryMatching, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(retried.size(), 1, kTimeout);
        QCOMPARE(retried.first().first().toInt(), 2);
        QCOMPARE(statusOf(db, p1), QStringLiteral("pending"));
        QCOMPARE(statusOf(db, p2), QStringLiteral("pending"));
        QCOMPARE(statusOf(db, m1), QStringLiteral("dead"));
        QCOMPARE(label->text(), QStringLiteral("2 jobs will run again"));
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 0, kTimeout);
    }

    void discardDropsTheSelectedJob() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        SyncQueue queue(db.database(), QStringLiteral("w"));
        const qint64 kept = deadJob(queue, QStringLiteral("project"), QStringLiteral("p1"),
                                    QStringLiteral("validation_error"));
        const qint64 dropped = deadJob(queue, QStringLiteral("project"), QStringLiteral("p2"),
                                       QStringLiteral("validation_error"));

        FailedSyncsPage page;
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        auto *view = page.findChild<QTableView *>(QStringLiteral("failedJobsView"));
        auto *discard = page.findChild<QPushButton *>(QStringLiteral("discardButton"));
        QVERIFY(view && discard);
        QSignalSpy discarded(&page, &FailedSyncsPage::jobsDiscarded);
        page.setDatabaseUrl(db.urlString());
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 2, kTimeout);

        clickRow(view, rowOf(view->model(), dropped));
        QTest::mouseClick(discard, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(discarded.size(), 1, kTimeout);
        QCOMPARE(discarded.first().first().toInt(), 1);
        QCOMPARE(statusOf(db, dropped), QStringLiteral("discarded"));
        QCOMPARE(statusOf(db, kept), QStringLiteral("dead"));
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 1, kTimeout);
    }

    void detailPaneShowsTheWholeErrorHistory() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        SyncQueue queue(db.database(), QStringLiteral("w"));
        deadJob(queue, QStringLiteral("milestone"), QStringLiteral("m1"), QStringLiteral("object_not_found"));
        // Two attempts: a 502 that was retried, then a validation error that killed the job.
        const qint64 id = queue.enqueue(QStringLiteral("project"), QStringLiteral("p1")).value();
        queue
            .fail(queue.claim(1, 60s).value().first(),
                  {FailureKind::Transient, QStringLiteral("Notion answered 502"),
                   QStringLiteral("bad_gateway"), 502, QStringLiteral("req-first-attempt"), 0ms},
                  0, 1)
            .value();
        QVERIFY(
            db.exec(QStringLiteral("UPDATE pgnotion.sync_queue SET run_at = now() WHERE id = %1").arg(id)));
        queue
            .fail(queue.claim(1, 60s).value().first(),
                  {FailureKind::Permanent, QStringLiteral("Title is too long"),
                   QStringLiteral("validation_error"), 400, QStringLiteral("req-second-attempt"), 0ms},
                  0, 1)
            .value();
        QCOMPARE(statusOf(db, id), QStringLiteral("dead"));

        FailedSyncsPage page;
        page.resize(1100, 650);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        auto *view = page.findChild<QTableView *>(QStringLiteral("failedJobsView"));
        auto *details = page.findChild<QPlainTextEdit *>(QStringLiteral("detailsPlainTextEdit"));
        auto *copy = page.findChild<QPushButton *>(QStringLiteral("copyDetailsButton"));
        QVERIFY(view && details && copy);
        QVERIFY(details->isReadOnly());
        page.setDatabaseUrl(db.urlString());
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 2, kTimeout);
        QVERIFY(details->toPlainText().isEmpty());

        clickRow(view, rowOf(view->model(), id));
        const QString text = details->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("Notion request id: req-first-attempt")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Notion request id: req-second-attempt")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("Notion answered 502")));
        QVERIFY(text.indexOf(QStringLiteral("bad_gateway")) <
                text.indexOf(QStringLiteral("validation_error  HTTP")));
        QVERIFY(!text.contains(QStringLiteral("m1")));

        QTest::mouseClick(copy, Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), text);

        // The test run's screenshots of each page.
        if (const QString dir = qEnvironmentVariable("PGNOTION_SCREENSHOT_DIR"); !dir.isEmpty()) {
            QVERIFY(QDir().mkpath(dir));
            QVERIFY(page.grab().save(QDir(dir).filePath(QStringLiteral("failed-syncs.png"))));
        }
    }

    void saysWhenTheDatabaseIsUnreachable() {
        FailedSyncsPage page;
        page.show();
        auto *label = page.findChild<QLabel *>(QStringLiteral("statusLabel"));
        QVERIFY(label);
        page.setDatabaseUrl(QStringLiteral("postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=2"));
        QTRY_VERIFY_WITH_TIMEOUT(label->text().contains(QStringLiteral("Cannot connect")), kTimeout);
        QVERIFY(!label->text().contains(QStringLiteral("secret")));
    }
};

QTEST_MAIN(TestFailedSyncsPage)
#include "tst_failedsyncspage.moc"
