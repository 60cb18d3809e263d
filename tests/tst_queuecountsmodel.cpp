#include "QueueCountsModel.h"

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
};

QTEST_GUILESS_MAIN(TestQueueCountsModel)
#include "tst_queuecountsmodel.moc"
