#include "QueueCountsModel.h"
#include "QueueListener.h"
#include "TestDatabase.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace pgnotion;

class TestQueueCountsModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void showsCountsPerType() {
        QueueCountsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCounts(
            {{QStringLiteral("milestone"), 1, 2, 3, 4}, {QStringLiteral("project"), 10, 0, 0, 7}});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(QueueCountsModel::ColumnCount));
        QCOMPARE(model.index(1, QueueCountsModel::TypeColumn).data().toString(), QStringLiteral("project"));
        QCOMPARE(model.index(0, QueueCountsModel::RetryingColumn).data().toInt(), 3);
        QCOMPARE(model.total(QueueCountsModel::DeadColumn), 11);
        QCOMPARE(model.headerData(QueueCountsModel::DeadColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Failed (dead)"));
    }

    void updatesInPlaceWhenTheTypesStayTheSame() {
        QueueCountsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCounts({{QStringLiteral("project"), 1, 0, 0, 0}});
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setCounts({{QStringLiteral("project"), 5, 0, 0, 0}});
        QCOMPARE(reset.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.index(0, QueueCountsModel::PendingColumn).data().toInt(), 5);
        model.setCounts({});
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.rowCount(), 0);
    }

    // The dashboard hears every enqueue at once, from any process; a burst arrives as one change.
    void listenerHearsTheQueue() {
        test::TestDatabase db;
        PGNOTION_REQUIRE(db);
        QueueListener listener;
        QSignalSpy listening(&listener, &QueueListener::listening);
        QSignalSpy changed(&listener, &QueueListener::queueChanged);
        listener.listen(db.urlString());
        QVERIFY(listening.wait(10000));
        QVERIFY(db.exec(
            QStringLiteral("INSERT INTO projects (name) SELECT 'p' || g FROM generate_series(1, 50) g")));
        QVERIFY(changed.wait(10000));
        QTest::qWait(600); // longer than the coalescing delay: no second signal for the same burst
        QCOMPARE(changed.count(), 1);
        QVERIFY(db.exec(QStringLiteral("SELECT pgnotion.set_queue_paused(true, 't'), "
                                       "pgnotion.set_queue_paused(false, 't')")));
        QVERIFY(changed.wait(10000)); // a resume too
    }

    void listenerWithoutADatabaseStaysQuiet() {
        QueueListener listener;
        QSignalSpy changed(&listener, &QueueListener::queueChanged);
        listener.listen(QStringLiteral("postgresql://x@127.0.0.1:1/none?connect_timeout=1"));
        QVERIFY(!changed.wait(1500));
    }
};

QTEST_GUILESS_MAIN(TestQueueCountsModel)
#include "tst_queuecountsmodel.moc"
