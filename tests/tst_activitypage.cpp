#include "ActivityModel.h"
#include "ActivityPage.h"
#include "TestDatabase.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace pgnotion;
using namespace pgnotion::test;

namespace {

constexpr int kTimeout = 10000;

// `count` attempts finishing now, each `latencyMs` after it was enqueued (a tenth of it in the queue).
QString logRows(int count, const QString &direction, const QString &outcome, const QString &type,
                int latencyMs, const QString &error = QString()) {
    const bool failed = !error.isEmpty();
    return QStringLiteral(
               "INSERT INTO pgnotion.sync_log (job_id, resource_type, resource_id, direction, attempt, "
               "worker, "
               "enqueued_at, started_at, finished_at, outcome, http_status, error_code, error_message, "
               "notion_request_id) SELECT g, '%3', '%3-' || g, '%1', 1, 'desk/host/1', "
               "now() - %4 * interval '1 millisecond', now() - %4 * 0.9 * interval '1 millisecond', now(), "
               "'%2', %5, %6, %7, %8 FROM generate_series(1, %9) g")
        .arg(direction, outcome, type)
        .arg(latencyMs)
        .arg(failed ? QStringLiteral("400") : QStringLiteral("NULL"),
             failed ? QStringLiteral("'validation_error'") : QStringLiteral("NULL"),
             failed ? QStringLiteral("'%1'").arg(error) : QStringLiteral("NULL"),
             failed ? QStringLiteral("'req-' || g") : QStringLiteral("NULL"))
        .arg(count);
}

const QString kOut = QStringLiteral("postgres_to_notion");
const QString kIn = QStringLiteral("notion_to_postgres");

QString text(const QAbstractItemModel *model, int row, int column) {
    return model->index(row, column).data().toString();
}

qint64 logId(const QAbstractItemModel *model, int row) {
    return model->index(row, 0).data(ActivityModel::LogIdRole).toLongLong();
}

} // namespace

// The Activity page and its model against a real Postgres: newest operations of both directions first,
// live rows, pause and resume, server-side filters and chunked loading.
class TestActivityPage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void latencyIsReadable() {
        QCOMPARE(ActivityModel::formatLatency(std::nullopt), QString());
        QCOMPARE(ActivityModel::formatLatency(850.4), QStringLiteral("850 ms"));
        QCOMPARE(ActivityModel::formatLatency(12400), QStringLiteral("12.4 s"));
        QCOMPARE(ActivityModel::formatLatency(185000), QStringLiteral("3 min 5 s"));
        QCOMPARE(ActivityModel::formatLatency(7800000), QStringLiteral("2 h 10 min"));
    }

    void showsBothDirectionsNewestFirstWithLatency() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(db.exec(logRows(1, kOut, QStringLiteral("completed"), QStringLiteral("project"), 40)));
        QVERIFY(db.exec(logRows(1, kIn, QStringLiteral("completed"), QStringLiteral("milestone"), 2500)));
        QVERIFY(db.exec(logRows(1, kOut, QStringLiteral("dead"), QStringLiteral("payment"), 310,
                                QStringLiteral("Amount is not a property"))));

        ActivityPage page;
        page.resize(1200, 600);
        page.show();
        ActivityModel *model = page.model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(model, &ActivityModel::chunkLoaded);
        page.setDatabaseUrl(db.urlString());
        QVERIFY(loaded.wait(kTimeout));
        QCOMPARE(model->rowCount(), 3);
        QVERIFY(logId(model, 0) > logId(model, 1));
        QVERIFY(logId(model, 1) > logId(model, 2));

        QCOMPARE(text(model, 0, ActivityModel::TypeColumn), QStringLiteral("payment"));
        QCOMPARE(text(model, 0, ActivityModel::DirectionColumn), QStringLiteral("Postgres → Notion"));
        QCOMPARE(text(model, 0, ActivityModel::OutcomeColumn), QStringLiteral("dead"));
        QCOMPARE(text(model, 0, ActivityModel::TotalLatencyColumn), QStringLiteral("310 ms"));
        QCOMPARE(text(model, 0, ActivityModel::QueueLatencyColumn), QStringLiteral("31 ms"));
        QCOMPARE(text(model, 0, ActivityModel::ErrorColumn),
                 QStringLiteral("HTTP 400 validation_error: Amount is not a property"));
        QVERIFY(model->index(0, ActivityModel::ErrorColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("req-1")));
        QCOMPARE(text(model, 0, ActivityModel::WorkerColumn), QStringLiteral("desk/host/1"));

        QCOMPARE(text(model, 1, ActivityModel::DirectionColumn), QStringLiteral("Notion → Postgres"));
        QCOMPARE(text(model, 1, ActivityModel::TotalLatencyColumn), QStringLiteral("2.5 s"));
        QCOMPARE(
            model->index(1, ActivityModel::TotalLatencyColumn).data(ActivityModel::LatencyMsRole).toDouble(),
            2500.0);
        QCOMPARE(text(model, 2, ActivityModel::TotalLatencyColumn), QStringLiteral("40 ms"));
        QCOMPARE(text(model, 2, ActivityModel::ErrorColumn), QString());
        QCOMPARE(page.findChild<QLabel *>(QStringLiteral("summaryLabel"))->text(),
                 QStringLiteral("3 operations"));

        if (const QString dir = qEnvironmentVariable("PGNOTION_SCREENSHOT_DIR"); !dir.isEmpty()) {
            QVERIFY(
                db.exec(logRows(12, kOut, QStringLiteral("completed"), QStringLiteral("deliverable"), 820)));
            QVERIFY(db.exec(logRows(2, kIn, QStringLiteral("retry"), QStringLiteral("project"), 12400,
                                    QStringLiteral("Conflict"))));
            QSignalSpy arrived(model, &ActivityModel::rowsArrived);
            page.refresh();
            QVERIFY(arrived.wait(kTimeout));
            QTest::qWait(100);
            QVERIFY(page.grab().save(dir + QStringLiteral("/activity.png")));
        }
    }

    void newRowsAppearLiveAtTheTop() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(db.exec(logRows(2, kOut, QStringLiteral("completed"), QStringLiteral("project"), 40)));
        ActivityPage page;
        ActivityModel *model = page.model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(model, &ActivityModel::chunkLoaded);
        page.setDatabaseUrl(db.urlString());
        QVERIFY(loaded.wait(kTimeout));
        QCOMPARE(model->rowCount(), 2);

        // Written by another process (a headless worker): found by the one-second poll, no refresh() call.
        QSignalSpy arrived(model, &ActivityModel::rowsArrived);
        QVERIFY(db.exec(logRows(1, kIn, QStringLiteral("completed"), QStringLiteral("lead"), 75)));
        QVERIFY(arrived.wait(kTimeout));
        QCOMPARE(arrived.first().first().toInt(), 1);
        QCOMPARE(model->rowCount(), 3);
        QCOMPARE(text(model, 0, ActivityModel::TypeColumn), QStringLiteral("lead"));
        QCOMPARE(text(model, 0, ActivityModel::TotalLatencyColumn), QStringLiteral("75 ms"));

        // And at once when the in-process engine says it did work.
        model->setLiveInterval(0);
        arrived.clear();
        QVERIFY(db.exec(logRows(2, kOut, QStringLiteral("completed"), QStringLiteral("deliverable"), 90)));
        page.refresh();
        QVERIFY(arrived.wait(kTimeout));
        QCOMPARE(model->rowCount(), 5);
        QCOMPARE(text(model, 0, ActivityModel::TypeColumn), QStringLiteral("deliverable"));
        QCOMPARE(text(model, 2, ActivityModel::TypeColumn), QStringLiteral("lead"));
    }

    void rowsOfALateCommitFindTheirPlace() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(db.exec(logRows(3, kOut, QStringLiteral("completed"), QStringLiteral("project"), 40)));
        const qint64 first = db.scalar(QStringLiteral("SELECT min(id) FROM pgnotion.sync_log")).toLongLong();
        // The middle id was taken by a transaction that commits after the poll saw the newer rows.
        QVERIFY(db.exec(QStringLiteral("DELETE FROM pgnotion.sync_log WHERE id = %1").arg(first + 1)));
        ActivityModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setLiveInterval(0);
        QSignalSpy loaded(&model, &ActivityModel::chunkLoaded);
        model.setDatabaseUrl(db.urlString());
        QVERIFY(loaded.wait(kTimeout));
        QCOMPARE(model.rowCount(), 2);

        QSignalSpy arrived(&model, &ActivityModel::rowsArrived);
        QVERIFY(
            db.exec(QStringLiteral("INSERT INTO pgnotion.sync_log (id, job_id, resource_type, resource_id, "
                                   "direction, attempt, enqueued_at, started_at, finished_at, outcome) "
                                   "OVERRIDING SYSTEM VALUE VALUES (%1, 1, 'lead', 'late', "
                                   "'notion_to_postgres', 1, now(), now(), now(), 'completed')")
                        .arg(first + 1)));
        QVERIFY(db.exec(logRows(1, kOut, QStringLiteral("completed"), QStringLiteral("payment"), 40)));
        model.refresh();
        QVERIFY(arrived.wait(kTimeout));
        QCOMPARE(arrived.first().first().toInt(), 2);
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.activity(0).resourceType, QStringLiteral("payment"));
        QCOMPARE(model.activity(2).resourceId, QStringLiteral("late"));
        QCOMPARE(model.activity(2).id, first + 1);

        // Seen once: the next poll brings nothing twice.
        arrived.clear();
        QVERIFY(db.exec(logRows(1, kOut, QStringLiteral("completed"), QStringLiteral("payment"), 40)));
        model.refresh();
        QVERIFY(arrived.wait(kTimeout));
        QCOMPARE(arrived.first().first().toInt(), 1);
        QCOMPARE(model.rowCount(), 5);
    }

    void pauseHoldsNewRowsBackUntilResumed() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(db.exec(logRows(3, kOut, QStringLiteral("completed"), QStringLiteral("project"), 40)));
        ActivityPage page;
        ActivityModel *model = page.model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model->setLiveInterval(0);
        QSignalSpy loaded(model, &ActivityModel::chunkLoaded);
        page.setDatabaseUrl(db.urlString());
        QVERIFY(loaded.wait(kTimeout));

        auto *pause = page.findChild<QPushButton *>(QStringLiteral("pauseButton"));
        auto *held = page.findChild<QLabel *>(QStringLiteral("heldLabel"));
        QSignalSpy arrived(model, &ActivityModel::rowsArrived);
        QTest::mouseClick(pause, Qt::LeftButton);
        QVERIFY(model->isPaused());
        QCOMPARE(pause->text(), QStringLiteral("Resume"));
        QVERIFY(db.exec(logRows(2, kIn, QStringLiteral("completed"), QStringLiteral("milestone"), 60)));
        page.refresh();
        QTRY_COMPARE_WITH_TIMEOUT(model->heldCount(), 2, kTimeout);
        QCOMPARE(held->text(), QStringLiteral("Paused: 2 new operations"));
        QCOMPARE(model->rowCount(), 3);
        QCOMPARE(arrived.count(), 0);

        QTest::mouseClick(pause, Qt::LeftButton);
        QVERIFY(!model->isPaused());
        QVERIFY(arrived.wait(kTimeout));
        QCOMPARE(model->rowCount(), 5);
        QCOMPARE(text(model, 0, ActivityModel::TypeColumn), QStringLiteral("milestone"));
        QCOMPARE(text(model, 1, ActivityModel::TypeColumn), QStringLiteral("milestone"));
        QCOMPARE(held->text(), QString());
        QCOMPARE(pause->text(), QStringLiteral("Pause"));
    }

    void filtersRunOnTheServer() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(db.exec(logRows(4, kOut, QStringLiteral("completed"), QStringLiteral("project"), 40)));
        QVERIFY(db.exec(logRows(3, kIn, QStringLiteral("completed"), QStringLiteral("milestone"), 40)));
        QVERIFY(db.exec(logRows(2, kOut, QStringLiteral("dead"), QStringLiteral("payment"), 40,
                                QStringLiteral("Amount_due is 100% wrong"))));
        ActivityPage page;
        ActivityModel *model = page.model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model->setLiveInterval(0);
        QSignalSpy loaded(model, &ActivityModel::chunkLoaded);
        page.setDatabaseUrl(db.urlString());
        QVERIFY(loaded.wait(kTimeout));
        QCOMPARE(model->rowCount(), 9);

        auto *direction = page.findChild<QComboBox *>(QStringLiteral("directionComboBox"));
        auto *outcome = page.findChild<QComboBox *>(QStringLiteral("outcomeComboBox"));
        auto *type = page.findChild<QLineEdit *>(QStringLiteral("typeLineEdit"));
        auto *search = page.findChild<QLineEdit *>(QStringLiteral("searchLineEdit"));
        auto reloaded = [&] {
            return loaded.wait(kTimeout);
        };

        direction->setCurrentIndex(direction->findData(kIn));
        QVERIFY(reloaded());
        QCOMPARE(model->rowCount(), 3);
        for (int row = 0; row < model->rowCount(); ++row)
            QCOMPARE(model->activity(row).direction, kIn);

        direction->setCurrentIndex(0);
        QVERIFY(reloaded());
        outcome->setCurrentIndex(outcome->findData(QStringLiteral("dead")));
        QVERIFY(reloaded());
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(model->activity(0).resourceType, QStringLiteral("payment"));

        outcome->setCurrentIndex(0);
        QVERIFY(reloaded());
        type->setText(QStringLiteral("project"));
        Q_EMIT type->editingFinished();
        QVERIFY(reloaded());
        QCOMPARE(model->rowCount(), 4);

        type->clear();
        search->setText(QStringLiteral("100%")); // a literal, not a LIKE pattern
        Q_EMIT search->editingFinished();
        QVERIFY(reloaded());
        QCOMPARE(model->rowCount(), 2);
        search->setText(QStringLiteral("milestone-3")); // a resource id
        Q_EMIT search->editingFinished();
        QVERIFY(reloaded());
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(model->activity(0).resourceId, QStringLiteral("milestone-3"));

        // New rows that do not match the filter stay out.
        QSignalSpy arrived(model, &ActivityModel::rowsArrived);
        QVERIFY(db.exec(logRows(1, kOut, QStringLiteral("completed"), QStringLiteral("project"), 40)));
        QVERIFY(db.exec(logRows(3, kIn, QStringLiteral("completed"), QStringLiteral("milestone"), 40)));
        page.refresh();
        QVERIFY(arrived.wait(kTimeout));
        QCOMPARE(arrived.first().first().toInt(), 1); // only the new milestone-3
        QCOMPARE(model->rowCount(), 2);
    }

    void loadsInChunksAndCapsLiveRows() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(db.exec(logRows(230, kOut, QStringLiteral("completed"), QStringLiteral("project"), 40)));
        ActivityModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<int> rowsAfterEachChunk;
        connect(&model, &ActivityModel::chunkLoaded, this,
                [&] { rowsAfterEachChunk.append(model.rowCount()); });
        model.setLiveInterval(0);
        model.setChunkSize(50);
        model.setMaxRows(300);
        model.setDatabaseUrl(db.urlString());
        QVERIFY(model.isLoading());
        QVERIFY(!model.canFetchMore({}));
        QTRY_COMPARE_WITH_TIMEOUT(rowsAfterEachChunk.size(), 1, kTimeout);
        QTest::qWait(200); // the next chunk loads only when asked
        QCOMPARE(rowsAfterEachChunk, QList<int>{50});
        while (model.canFetchMore({})) {
            const qsizetype before = rowsAfterEachChunk.size();
            model.fetchMore({});
            QVERIFY(!model.canFetchMore({})); // one chunk at a time
            QTRY_COMPARE_WITH_TIMEOUT(rowsAfterEachChunk.size(), before + 1, kTimeout);
        }
        QCOMPARE(rowsAfterEachChunk, (QList<int>{50, 100, 150, 200, 230}));
        QSet<qint64> ids;
        for (int row = 0; row < model.rowCount(); ++row) {
            ids.insert(logId(&model, row));
            if (row > 0)
                QVERIFY(logId(&model, row) < logId(&model, row - 1));
        }
        QCOMPARE(ids.size(), 230);

        // 100 new rows: the newest 300 stay, the oldest go and can be fetched again.
        QSignalSpy arrived(&model, &ActivityModel::rowsArrived);
        QVERIFY(db.exec(logRows(100, kIn, QStringLiteral("completed"), QStringLiteral("lead"), 40)));
        model.refresh();
        QVERIFY(arrived.wait(kTimeout));
        QCOMPARE(model.rowCount(), 300);
        QCOMPARE(model.activity(0).resourceType, QStringLiteral("lead"));
        QCOMPARE(model.activity(100).resourceType, QStringLiteral("project"));
        // (The tester may already be fetching them.)
        QVERIFY(model.canFetchMore({}) || model.isLoading());

        // More new rows than the table keeps: the newest replace the table.
        arrived.clear();
        QVERIFY(db.exec(logRows(400, kIn, QStringLiteral("completed"), QStringLiteral("milestone"), 40)));
        model.refresh();
        QVERIFY(arrived.wait(kTimeout));
        QCOMPARE(model.rowCount(), 300);
        QCOMPARE(model.activity(299).resourceType, QStringLiteral("milestone"));
        QVERIFY(model.canFetchMore({}) || model.isLoading());
        if (model.canFetchMore({}))
            model.fetchMore({});
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 350, kTimeout);
        QVERIFY(logId(&model, 300) < logId(&model, 299));
    }

    void anUnreachableDatabaseIsSaid() {
        ActivityPage page;
        QSignalSpy failed(page.model(), &ActivityModel::loadFailed);
        page.setDatabaseUrl(QStringLiteral("postgresql://x@127.0.0.1:1/none?connect_timeout=2"));
        QVERIFY(failed.wait(kTimeout));
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("activityMessageLabel"))
                    ->text()
                    .contains(QStringLiteral("Cannot connect")));
        page.setDatabaseUrl(QString()); // stops polling a database that is not there
    }
};

QTEST_MAIN(TestActivityPage)
#include "tst_activitypage.moc"
