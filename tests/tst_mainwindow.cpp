#include "MainWindow.h"
#include "TestDatabase.h"

#include <QAbstractItemModel>
#include <QLabel>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace pgnotion;
using namespace pgnotion::test;

// The real main window, offscreen: it shows the queue of the database it watches.
class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void showsTheQueueOfItsDatabase() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(db.exec(
            QStringLiteral("INSERT INTO projects (name) SELECT 'p' || g FROM generate_series(1, 3) g")));
        QVERIFY(db.exec(QStringLiteral("INSERT INTO leads (name) VALUES ('Ada')")));

        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *view = window.findChild<QTableView *>(QStringLiteral("queueCountsView"));
        auto *label = window.findChild<QLabel *>(QStringLiteral("connectionLabel"));
        QVERIFY(view && label);
        QCOMPARE(label->text(), QStringLiteral("Not connected"));

        window.connectToDatabase(db.urlString());
        window.findChild<QTabWidget *>(QStringLiteral("pagesTabWidget"))->setCurrentIndex(2);
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 2, 10000);
        QCOMPARE(view->model()->index(0, 0).data().toString(), QStringLiteral("lead"));
        QCOMPARE(view->model()->index(1, 1).data().toInt(), 3); // three pending projects
        QTRY_VERIFY(label->text().contains(QStringLiteral("4 waiting")));
    }

    void thePagesAreTabsReachableByShortcut() {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *pages = window.findChild<QTabWidget *>(QStringLiteral("pagesTabWidget"));
        QVERIFY(pages);
        QCOMPARE(pages->count(), 3);
        QCOMPARE(pages->widget(0)->objectName(), QStringLiteral("overviewPage"));
        QCOMPARE(pages->widget(1)->objectName(), QStringLiteral("failedSyncsPage"));
        QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(pages->currentIndex(), 1);
        QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
        QCOMPARE(pages->currentIndex(), 2);
    }

    void saysWhenTheDatabaseIsUnreachable() {
        MainWindow window;
        window.show();
        auto *label = window.findChild<QLabel *>(QStringLiteral("connectionLabel"));
        window.connectToDatabase(
            QStringLiteral("postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=2"));
        QTRY_VERIFY_WITH_TIMEOUT(label->text().contains(QStringLiteral("Cannot connect")), 10000);
        QVERIFY(!label->text().contains(QStringLiteral("secret")));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
