#include "MainWindow.h"
#include "TestDatabase.h"
#include "mapping/MappingLoader.h"

#include <QAbstractItemModel>
#include <QLabel>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace pgnotion;
using namespace pgnotion::test;

// The real main window, offscreen: it shows the queue of the database it watches.
class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true); // never the admin's own settings
        QSettings().clear();
    }

    void remembersItsSizeAndPage() {
        {
            MainWindow window;
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.resize(1366, 740);
            window.findChild<QTabWidget *>(QStringLiteral("pagesTabWidget"))->setCurrentIndex(1);
            window.close();
        }
        MainWindow reopened;
        QCOMPARE(reopened.findChild<QTabWidget *>(QStringLiteral("pagesTabWidget"))->currentIndex(), 1);
        QCOMPARE(reopened.size(), QSize(1366, 740));
        QSettings().clear();
    }

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
        auto *pages = window.findChild<QTabWidget *>(QStringLiteral("pagesTabWidget"));
        pages->setCurrentWidget(window.findChild<QWidget *>(QStringLiteral("queuePage")));
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
        const QStringList expected = {QStringLiteral("overviewPage"),  QStringLiteral("failedSyncsPage"),
                                      QStringLiteral("resourcesPage"), QStringLiteral("activityPage"),
                                      QStringLiteral("conflictsPage"), QStringLiteral("alertsPage"),
                                      QStringLiteral("queuePage"),     QStringLiteral("settingsPage")};
        QCOMPARE(pages->count(), expected.size());
        for (int page = 0; page < pages->count(); ++page) {
            QCOMPARE(pages->widget(page)->objectName(), expected.at(page));
            QTest::keyClick(&window, Qt::Key(Qt::Key_1 + page), Qt::ControlModifier);
            QCOMPARE(pages->currentIndex(), page);
        }
    }

    // "Readable at 1366x768": every page, and the window around it, fits such a screen less a panel and
    // the window's frame, and gets at least the room it asks for there.
    void everyPageFitsA1366x768Screen() {
        const int panel = 40, titleBar = 32, border = 8; // what a desktop takes from the screen
        const QSize room(1366 - 2 * border, 768 - panel - titleBar - border);
        MainWindow window;
        window.setMapping(MappingLoader::defaultMapping().value());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const auto fits = [&room](const QSize &size) {
            return size.width() <= room.width() && size.height() <= room.height();
        };
        const auto text = [](const QSize &size) {
            return QStringLiteral("%1x%2").arg(size.width()).arg(size.height());
        };
        QVERIFY2(fits(window.minimumSizeHint()), qPrintable(text(window.minimumSizeHint())));
        window.resize(room);
        auto *pages = window.findChild<QTabWidget *>(QStringLiteral("pagesTabWidget"));
        for (int index = 0; index < pages->count(); ++index) {
            pages->setCurrentIndex(index);
            QWidget *page = pages->widget(index);
            QTRY_VERIFY(page->isVisible());
            const QString name = page->objectName();
            QVERIFY2(fits(page->minimumSizeHint()),
                     qPrintable(name + QLatin1Char(' ') + text(page->minimumSizeHint())));
            QVERIFY2(fits(window.minimumSizeHint()),
                     qPrintable(name + QStringLiteral(" window ") + text(window.minimumSizeHint())));
            QCOMPARE(window.size(), room);
            // Laid out in that room, the page is not squeezed below what it needs.
            const QSize needed = page->minimumSizeHint().expandedTo(page->minimumSize());
            QVERIFY2(page->width() >= needed.width() && page->height() >= needed.height(),
                     qPrintable(name + QLatin1Char(' ') + text(page->size()) + QStringLiteral(" < ") +
                                text(needed)));
        }
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
