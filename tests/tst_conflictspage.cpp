#include "ConflictsModel.h"
#include "ConflictsPage.h"
#include "TestDatabase.h"
#include "inbound/SyncConflicts.h"
#include "mapping/MappingLoader.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTimer>

using namespace pgnotion;
using namespace pgnotion::test;

namespace {

constexpr int kTimeout = 10000;

// A conflict on a project's Status as the inbound handler records it (SyncConflicts::record, the same
// call): Postgres moved the project to `postgresStatus`, a person in Notion to `notionStatus`.
qint64 plantConflict(const TestDatabase &db, const QString &project, const QString &postgresStatus,
                     const QString &notionStatus, const QString &winner = QStringLiteral("postgres")) {
    SyncConflict conflict;
    conflict.resourceType = QStringLiteral("project");
    conflict.resourceId = project;
    conflict.property = QStringLiteral("Status");
    conflict.baseValue = QStringLiteral("{\"select\":\"planning\"}");
    conflict.postgresValue = QStringLiteral("{\"select\":\"%1\"}").arg(postgresStatus);
    conflict.notionValue = QStringLiteral("{\"select\":\"%1\"}").arg(notionStatus);
    conflict.postgresColumns = QJsonObject{{QStringLiteral("status"), postgresStatus}};
    conflict.notionColumns = QJsonObject{{QStringLiteral("status"), notionStatus}};
    conflict.winner = winner;
    auto id = SyncConflicts::record(db.database(), conflict);
    if (!id)
        qWarning() << id.error().message;
    return id ? id.value() : 0;
}

QString newProject(const TestDatabase &db, const QString &name, const QString &status) {
    return db
        .scalar(QStringLiteral("INSERT INTO projects (name, status) VALUES ('%1', '%2') RETURNING id")
                    .arg(name, status))
        .toString();
}

void clickRow(QTableView *view, int row) {
    const QRect cell = view->visualRect(view->model()->index(row, ConflictsModel::ResourceColumn));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cell.center());
}

} // namespace

// The conflicts page and its model against a real Postgres: listing open and resolved conflicts, Keep
// winner, and Undo writing the losing value so that the outbox trigger syncs it to Notion.
class TestConflictsPage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void modelListsOpenConflictsNewestFirst() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        const QString project = newProject(db, QStringLiteral("Shop"), QStringLiteral("on_hold"));
        const qint64 older = plantConflict(db, project, QStringLiteral("on_hold"), QStringLiteral("active"));
        const qint64 newer = plantConflict(db, project, QStringLiteral("on_hold"),
                                           QStringLiteral("completed"), QStringLiteral("notion"));
        const qint64 resolved = plantConflict(db, project, QStringLiteral("on_hold"), QStringLiteral("lost"));
        QVERIFY(older && newer && resolved);
        QVERIFY(db.exec(QStringLiteral("UPDATE pgnotion.sync_conflicts SET detected_at = detected_at - "
                                       "interval '1 minute' WHERE id = %1")
                            .arg(older)));
        QVERIFY(SyncConflicts::resolve(db.database(), resolved, QStringLiteral("someone")).ok());

        ConflictsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&model, &ConflictsModel::loaded);
        model.setDatabaseUrl(db.urlString());
        QVERIFY(loaded.wait(kTimeout));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.conflictId(0), newer);
        QCOMPARE(model.conflictId(1), older);
        QCOMPARE(model.openCount(), 2);
        QCOMPARE(model.index(0, ConflictsModel::ResourceColumn).data().toString(),
                 QStringLiteral("project ") + project);
        QCOMPARE(model.index(0, ConflictsModel::PropertyColumn).data().toString(), QStringLiteral("Status"));
        QCOMPARE(model.index(0, ConflictsModel::BaseValueColumn).data().toString(),
                 QStringLiteral("{\"select\":\"planning\"}"));
        QCOMPARE(model.index(0, ConflictsModel::PostgresValueColumn).data().toString(),
                 QStringLiteral("{\"select\":\"on_hold\"}"));
        QCOMPARE(model.index(0, ConflictsModel::NotionValueColumn).data().toString(),
                 QStringLiteral("{\"select\":\"completed\"}"));
        QCOMPARE(model.index(0, ConflictsModel::WinnerColumn).data().toString(), QStringLiteral("Notion"));
        QCOMPARE(model.index(1, ConflictsModel::WinnerColumn).data().toString(), QStringLiteral("Postgres"));
        QVERIFY(!model.index(0, ConflictsModel::DetectedColumn).data().toString().isEmpty());
        QVERIFY(model.details(0).contains(QLatin1String("\"status\":\"completed\"")));

        model.setShowResolved(true);
        QVERIFY(loaded.wait(kTimeout));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.openCount(), 2);
        const int row = model.rowOf(resolved);
        QVERIFY(row >= 0);
        QCOMPARE(model.index(row, ConflictsModel::StateColumn).data().toString(), QStringLiteral("Resolved"));
        QVERIFY(model.details(row).contains(QLatin1String("by someone")));
    }

    void keepWinnerResolvesTheConflict() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        const QString project = newProject(db, QStringLiteral("Keep"), QStringLiteral("on_hold"));
        const qint64 id = plantConflict(db, project, QStringLiteral("on_hold"), QStringLiteral("active"));
        QVERIFY(id);

        ConflictsPage page;
        page.resize(1100, 600);
        page.show();
        QSignalSpy changed(&page, &ConflictsPage::conflictsChanged);
        QSignalSpy resolvedSpy(&page, &ConflictsPage::conflictResolved);
        page.setDatabaseUrl(db.urlString());
        QVERIFY(changed.wait(kTimeout));
        QCOMPARE(changed.last().first().toInt(), 1);
        auto *view = page.findChild<QTableView *>(QStringLiteral("conflictsView"));
        auto *keep = page.findChild<QPushButton *>(QStringLiteral("keepWinnerButton"));
        auto *undo = page.findChild<QPushButton *>(QStringLiteral("undoButton"));
        auto *details = page.findChild<QPlainTextEdit *>(QStringLiteral("conflictDetailsPlainTextEdit"));
        QVERIFY(view && keep && undo && details);
        // Conflicts arrive from the workers: the page looks again by itself.
        auto *timer = page.findChild<QTimer *>(QStringLiteral("refreshTimer"));
        QVERIFY(timer && timer->isActive());
        QCOMPARE(timer->interval(), ConflictsPage::kRefreshIntervalMs);
        QVERIFY(!keep->isEnabled());
        clickRow(view, 0);
        QVERIFY(keep->isEnabled());
        QVERIFY(!undo->isEnabled()); // no mapping yet
        QVERIFY(details->toPlainText().contains(QLatin1String("Postgres owns the field")));

        keep->click();
        QVERIFY(resolvedSpy.wait(kTimeout));
        QCOMPARE(resolvedSpy.first().first().toLongLong(), id);
        QTRY_COMPARE_WITH_TIMEOUT(changed.last().first().toInt(), 0, kTimeout);
        QCOMPARE(page.model()->rowCount(), 0);
        QCOMPARE(
            db.scalar(QStringLiteral("SELECT resolved_by FROM pgnotion.sync_conflicts WHERE id = %1").arg(id))
                .toString(),
            QStringLiteral("dashboard"));
        // The winner stays: the row is untouched.
        QCOMPARE(
            db.scalar(QStringLiteral("SELECT status FROM projects WHERE id = '%1'").arg(project)).toString(),
            QStringLiteral("on_hold"));

        // Shown again with the resolved ones, no longer actionable.
        auto *showResolved = page.findChild<QCheckBox *>(QStringLiteral("showResolvedCheckBox"));
        QVERIFY(showResolved);
        showResolved->setChecked(true);
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->rowCount(), 1, kTimeout);
        clickRow(view, 0);
        QVERIFY(!keep->isEnabled());
    }

    void undoWritesTheLosingValueAndSyncsIt() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        auto mapping = MappingLoader::defaultMapping();
        QVERIFY(mapping.ok());
        const QString project = newProject(db, QStringLiteral("Undo"), QStringLiteral("on_hold"));
        const qint64 id = plantConflict(db, project, QStringLiteral("on_hold"), QStringLiteral("active"));
        QVERIFY(id);
        QVERIFY(db.exec(QStringLiteral("DELETE FROM pgnotion.sync_queue")));

        ConflictsPage page;
        page.resize(1100, 600);
        page.setConfirmActions(false);
        page.setMapping(mapping.value());
        page.show();
        QSignalSpy changed(&page, &ConflictsPage::conflictsChanged);
        QSignalSpy undone(&page, &ConflictsPage::conflictUndone);
        QSignalSpy failed(&page, &ConflictsPage::actionFailed);
        page.setDatabaseUrl(db.urlString());
        QVERIFY(changed.wait(kTimeout));
        auto *view = page.findChild<QTableView *>(QStringLiteral("conflictsView"));
        auto *undo = page.findChild<QPushButton *>(QStringLiteral("undoButton"));
        QVERIFY(view && undo);
        clickRow(view, 0);
        QVERIFY(undo->isEnabled());
        undo->click();
        QVERIFY(undone.wait(kTimeout));
        QCOMPARE(failed.size(), 0);
        QCOMPARE(
            db.scalar(QStringLiteral("SELECT status FROM projects WHERE id = '%1'").arg(project)).toString(),
            QStringLiteral("active"));
        // An ordinary write: the outbox trigger queued the outbound sync that takes it to Notion.
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue WHERE resource_type = "
                                          "'project' AND resource_id = '%1' AND direction = "
                                          "'postgres_to_notion' AND status = 'pending'")
                               .arg(project))
                     .toInt(),
                 1);
        QVERIFY(db.scalar(QStringLiteral("SELECT undone_at IS NOT NULL FROM pgnotion.sync_conflicts "
                                         "WHERE id = %1")
                              .arg(id))
                    .toBool());
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->rowCount(), 0, kTimeout);

        // Undone elsewhere meanwhile: the action fails with a message, nothing is written twice.
        const qint64 second = plantConflict(db, project, QStringLiteral("active"), QStringLiteral("on_hold"));
        page.refresh();
        QTRY_COMPARE_WITH_TIMEOUT(page.model()->rowCount(), 1, kTimeout);
        clickRow(view, 0);
        QVERIFY(SyncConflicts::resolve(db.database(), second, QStringLiteral("elsewhere")).ok());
        undo->click();
        QVERIFY(failed.wait(kTimeout));
        QVERIFY2(failed.first().first().toString().contains(QLatin1String("already resolved")),
                 qPrintable(failed.first().first().toString()));
        QCOMPARE(page.findChild<QLabel *>(QStringLiteral("statusLabel"))->text(),
                 failed.first().first().toString());
        QCOMPARE(
            db.scalar(QStringLiteral("SELECT status FROM projects WHERE id = '%1'").arg(project)).toString(),
            QStringLiteral("active"));
    }

    void screenshot() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        auto mapping = MappingLoader::defaultMapping();
        QVERIFY(mapping.ok());
        const QString shop = newProject(db, QStringLiteral("Shop"), QStringLiteral("on_hold"));
        const QString site = newProject(db, QStringLiteral("Site"), QStringLiteral("active"));
        plantConflict(db, shop, QStringLiteral("on_hold"), QStringLiteral("active"));
        plantConflict(db, site, QStringLiteral("active"), QStringLiteral("completed"),
                      QStringLiteral("notion"));
        ConflictsPage page;
        page.resize(1200, 640);
        page.setMapping(mapping.value());
        page.show();
        QSignalSpy changed(&page, &ConflictsPage::conflictsChanged);
        page.setDatabaseUrl(db.urlString());
        QVERIFY(changed.wait(kTimeout));
        QCOMPARE(changed.last().first().toInt(), 2);
        clickRow(page.findChild<QTableView *>(QStringLiteral("conflictsView")), 0);
        QCOMPARE(page.findChild<QLabel *>(QStringLiteral("summaryLabel"))->text(),
                 QStringLiteral("2 open conflicts"));
        if (const QString dir = qEnvironmentVariable("PGNOTION_SCREENSHOT_DIR"); !dir.isEmpty()) {
            QTest::qWait(100); // the layout catches up with the new texts
            QVERIFY(QDir().mkpath(dir));
            QVERIFY(page.grab().save(QDir(dir).filePath(QStringLiteral("conflicts.png"))));
        }
    }

    void saysWhenTheDatabaseIsUnreachable() {
        ConflictsPage page;
        page.show();
        auto *status = page.findChild<QLabel *>(QStringLiteral("statusLabel"));
        QVERIFY(status);
        page.setDatabaseUrl(QStringLiteral("postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=2"));
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QLatin1String("Could not read the conflicts")),
                                 kTimeout);
        QVERIFY(!status->text().contains(QLatin1String("secret")));
        QCOMPARE(page.model()->rowCount(), 0);
    }
};

QTEST_MAIN(TestConflictsPage)
#include "tst_conflictspage.moc"
