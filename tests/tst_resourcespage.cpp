#include "ResourcesModel.h"
#include "ResourcesPage.h"
#include "ResyncProgress.h"
#include "TestDatabase.h"
#include "mapping/MappingLoader.h"
#include "queue/SyncQueue.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QItemSelectionModel>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace pgnotion;
using namespace pgnotion::test;
using namespace std::chrono_literals;

namespace {

constexpr int kTimeout = 10000;
const QString kPageId = QStringLiteral("1a2b3c4d-0000-4000-8000-00000000000a");

QString projectId(int n) {
    return QStringLiteral("00000000-0000-4000-8000-%1").arg(n, 12, 10, QLatin1Char('0'));
}

// `count` projects named "Project N" with known keys, and no job in the queue (their inserts enqueue).
bool insertProjects(const TestDatabase &db, int count) {
    return db.exec(
               QStringLiteral("INSERT INTO projects (id, name) SELECT ('00000000-0000-4000-8000-' || "
                              "lpad(g::text, 12, '0'))::uuid, 'Project ' || g FROM generate_series(1, %1) g")
                   .arg(count)) &&
           db.exec(QStringLiteral("DELETE FROM pgnotion.sync_queue"));
}

// One project per state, and two that look failed or pending but are not:
// 1 synced (sync_state), 2 pending, 3 failed after its last sync, 4 never, 5 synced (page id on the row),
// 6 synced after an older failure.
bool insertProjectsInEachState(const TestDatabase &db) {
    return insertProjects(db, 6) &&
           db.exec(
               QStringLiteral("INSERT INTO pgnotion.sync_state (resource_type, resource_id, notion_page_id, "
                              "synced_at) VALUES ('project', '%1', '%4', now() - interval '1 hour'), "
                              "('project', '%2', 'p3', now() - interval '2 hours'), "
                              "('project', '%3', 'p6', now())")
                   .arg(projectId(1), projectId(3), projectId(6), kPageId)) &&
           db.exec(QStringLiteral("SELECT pgnotion.enqueue('project', '%1')").arg(projectId(2))) &&
           db.exec(
               QStringLiteral("INSERT INTO pgnotion.sync_queue (resource_type, resource_id, status, "
                              "error_message, coalesce_key, processed_at, updated_at) SELECT 'project', k, "
                              "'dead', 'Name is not a property', 'postgres_to_notion:project:' || k, "
                              "now() - interval '30 minutes', now() - interval '30 minutes' "
                              "FROM unnest(ARRAY['%1', '%2']) k")
                   .arg(projectId(3), projectId(6))) &&
           db.exec(QStringLiteral("UPDATE projects SET notion_page_id = 'p5' WHERE id = '%1'")
                       .arg(projectId(5))) &&
           db.exec(
               QStringLiteral("DELETE FROM pgnotion.sync_queue WHERE resource_id = '%1'").arg(projectId(5)));
}

Mapping defaultMapping() {
    return MappingLoader::defaultMapping().value();
}

ResourceMapping projectMapping() {
    return *defaultMapping().resource(QStringLiteral("project"));
}

QHash<QString, QString> statesByKey(const QAbstractItemModel &model) {
    QHash<QString, QString> states;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, 0);
        states.insert(index.data(ResourcesModel::KeyRole).toString(),
                      index.data(ResourcesModel::StateRole).toString());
    }
    return states;
}

int rowOf(const QAbstractItemModel *model, const QString &key) {
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(ResourcesModel::KeyRole).toString() == key)
            return row;
    }
    return -1;
}

// Runs every runnable job like a worker would: the one of `failKey` fails for good, the others complete.
void runJobs(const TestDatabase &db, const QString &failKey = {}) {
    SyncQueue queue(db.database(), QStringLiteral("w"));
    const QList<SyncJob> jobs = queue.claim(1000, 60s).value();
    QList<CompletedJob> completed;
    for (const SyncJob &job : jobs) {
        if (job.resourceId == failKey)
            QVERIFY(queue
                        .fail(job,
                              {FailureKind::Permanent, QStringLiteral("rejected"),
                               QStringLiteral("validation_error"), 400, QStringLiteral("req"), 0ms},
                              0, 1)
                        .ok());
        else
            completed.append({job.id, 0, 1, 200, {}});
    }
    QCOMPARE(queue.complete(completed).value(), int(completed.size()));
}

struct ShownPage {
    ResourcesPage page;
    QTableView *view = nullptr;
    QProgressBar *progressBar = nullptr;
    QLabel *progressLabel = nullptr;
    QLabel *statusLabel = nullptr;

    explicit ShownPage(const TestDatabase &db) {
        page.resize(1000, 500);
        page.setConfirmBulkActions(false);
        page.progress()->setPollInterval(100ms);
        page.setMapping(defaultMapping());
        QVERIFY(page.setCurrentResourceType(QStringLiteral("project")));
        page.setDatabaseUrl(db.urlString());
        page.show();
        view = page.findChild<QTableView *>(QStringLiteral("resourcesView"));
        progressBar = page.findChild<QProgressBar *>(QStringLiteral("resyncProgressBar"));
        progressLabel = page.findChild<QLabel *>(QStringLiteral("resyncProgressLabel"));
        statusLabel = page.findChild<QLabel *>(QStringLiteral("statusLabel"));
    }
    QPushButton *button(const QString &name) { return page.findChild<QPushButton *>(name); }
};

} // namespace

// The Resources page and its model, against a real Postgres: each row's sync state, chunked loading,
// filters, Open in Notion, and Resync with its progress.
class TestResourcesPage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void modelShowsEachRowsSyncState() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(insertProjectsInEachState(db));
        ResourcesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&model, &ResourcesModel::chunkLoaded);
        model.setResource(projectMapping());
        model.setDatabaseUrl(db.urlString());
        QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, kTimeout);
        const QHash<QString, QString> expected{
            {projectId(1), QStringLiteral("synced")}, {projectId(2), QStringLiteral("pending")},
            {projectId(3), QStringLiteral("failed")}, {projectId(4), QStringLiteral("never")},
            {projectId(5), QStringLiteral("synced")}, {projectId(6), QStringLiteral("synced")}};
        QCOMPARE(statesByKey(model), expected);

        const int synced = rowOf(&model, projectId(1));
        QCOMPARE(model.index(synced, ResourcesModel::LabelColumn).data().toString(),
                 QStringLiteral("Project 1"));
        QCOMPARE(model.index(synced, ResourcesModel::StateColumn).data().toString(),
                 QStringLiteral("Synced"));
        QVERIFY(!model.index(synced, ResourcesModel::SyncedAtColumn).data().toString().isEmpty());
        QCOMPARE(model.notionUrl(synced).toString(),
                 QStringLiteral("https://www.notion.so/") + QString(kPageId).remove(QLatin1Char('-')));
        const int failed = rowOf(&model, projectId(3));
        QCOMPARE(model.index(failed, ResourcesModel::StateColumn).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("Name is not a property"));
        QVERIFY(model.notionUrl(rowOf(&model, projectId(4))).isEmpty());
        QCOMPARE(model.notionUrl(rowOf(&model, projectId(5))).toString(),
                 QStringLiteral("https://www.notion.so/p5"));
    }

    void modelLoadsALargeTableInChunks() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        // A table of the user's own, with a name that needs quoting and an integer key: 10 sorts after 9.
        QVERIFY(db.exec(QStringLiteral("CREATE TABLE \"Numbered Items\" (n integer PRIMARY KEY, title text, "
                                       "notion_page_id text)")));
        QVERIFY(db.exec(QStringLiteral("INSERT INTO \"Numbered Items\" SELECT g, 'item ' || g, NULL "
                                       "FROM generate_series(1, 1200) g")));
        ResourceMapping resource;
        resource.name = QStringLiteral("item");
        resource.table = QStringLiteral("public.Numbered Items");
        resource.keyColumn = QStringLiteral("n");
        PropertyMapping title;
        title.property = QStringLiteral("Name");
        title.type = PropertyType::Title;
        title.column = QStringLiteral("title");
        resource.properties.append(title);

        ResourcesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<int> rowsAfterEachChunk;
        connect(&model, &ResourcesModel::chunkLoaded, this,
                [&] { rowsAfterEachChunk.append(model.rowCount()); });
        model.setChunkSize(500);
        model.setResource(resource);
        model.setDatabaseUrl(db.urlString());
        QVERIFY(model.isLoading());
        QTRY_COMPARE_WITH_TIMEOUT(rowsAfterEachChunk.size(), 1, kTimeout);
        QTest::qWait(200);
        QCOMPARE(rowsAfterEachChunk, QList<int>{500}); // the next chunk only when asked
        while (model.canFetchMore({})) {
            const qsizetype before = rowsAfterEachChunk.size();
            model.fetchMore({});
            QVERIFY(!model.canFetchMore({}));
            QTRY_COMPARE_WITH_TIMEOUT(rowsAfterEachChunk.size(), before + 1, kTimeout);
        }
        QCOMPARE(rowsAfterEachChunk, (QList<int>{500, 1000, 1200}));
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.key(row), QString::number(row + 1));
        QCOMPARE(model.index(9, ResourcesModel::LabelColumn).data().toString(), QStringLiteral("item 10"));
        QCOMPARE(model.index(9, ResourcesModel::StateColumn).data(ResourcesModel::StateRole).toString(),
                 QStringLiteral("never"));

        // On the page, the view asks for the next chunk when scrolled to the end; Resync all quotes the
        // table's name the same way.
        ResourcesPage page;
        page.resize(800, 400);
        page.setConfirmBulkActions(false);
        page.model()->setChunkSize(100);
        page.setMapping(Mapping{QString(), {resource}});
        page.setDatabaseUrl(db.urlString());
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        auto *view = page.findChild<QTableView *>(QStringLiteral("resourcesView"));
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 100, kTimeout);
        view->scrollToBottom();
        QTRY_VERIFY_WITH_TIMEOUT(view->model()->rowCount() >= 200, kTimeout);
        QSignalSpy started(&page, &ResourcesPage::resyncStarted);
        page.findChild<QPushButton *>(QStringLiteral("resyncAllButton"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(started.size(), 1, kTimeout);
        QCOMPARE(started.first(), (QList<QVariant>{QStringLiteral("item"), 1200}));
        QCOMPARE(
            db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue WHERE resource_type = 'item' "
                                     "AND priority = 10"))
                .toInt(),
            1200);
    }

    void modelFiltersByStateAndSearch() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(insertProjectsInEachState(db));
        ResourcesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&model, &ResourcesModel::chunkLoaded);
        model.setResource(projectMapping());
        model.setDatabaseUrl(db.urlString());
        const auto filtered = [&](std::optional<ResourceSyncState> state, const QString &text) {
            loaded.clear();
            model.setFilter({state, text});
            return QTest::qWaitFor([&] { return !loaded.isEmpty(); }, kTimeout) ? statesByKey(model)
                                                                                : QHash<QString, QString>();
        };
        QCOMPARE(filtered(ResourceSyncState::Failed, {}).keys(), QStringList{projectId(3)});
        QCOMPARE(filtered(ResourceSyncState::Pending, {}).keys(), QStringList{projectId(2)});
        QCOMPARE(filtered(ResourceSyncState::Never, {}).keys(), QStringList{projectId(4)});
        QCOMPARE(filtered(ResourceSyncState::Synced, {}).size(), 3);
        QCOMPARE(filtered({}, QStringLiteral("project 4")).keys(), QStringList{projectId(4)}); // the label
        QCOMPARE(filtered({}, projectId(6).right(4)).keys(), QStringList{projectId(6)});       // the key
        QCOMPARE(filtered({}, QStringLiteral("%")).size(), 0); // wildcards taken literally
        QCOMPARE(filtered(ResourceSyncState::Synced, QStringLiteral("Project 1")).keys(),
                 QStringList{projectId(1)});
    }

    void opensTheNotionPageOfARow() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(insertProjectsInEachState(db));
        ShownPage shown(db);
        QList<QUrl> opened;
        shown.page.setUrlOpener([&opened](const QUrl &url) { opened.append(url); });
        QVERIFY(QTest::qWaitForWindowExposed(&shown.page));
        QTRY_COMPARE_WITH_TIMEOUT(shown.view->model()->rowCount(), 6, kTimeout);
        const int row = rowOf(shown.view->model(), projectId(1));
        const QRect cell =
            shown.view->visualRect(shown.view->model()->index(row, ResourcesModel::LabelColumn));
        // A double click is a press, a release and the double click itself, as a person gives it.
        QTest::mouseClick(shown.view->viewport(), Qt::LeftButton, {}, cell.center());
        QTest::mouseDClick(shown.view->viewport(), Qt::LeftButton, {}, cell.center());
        const QUrl expected(QStringLiteral("https://www.notion.so/") +
                            QString(kPageId).remove(QLatin1Char('-')));
        QCOMPARE(opened, QList<QUrl>{expected});
        shown.view->selectionModel()->select(
            shown.view->model()->index(rowOf(shown.view->model(), projectId(4)), 0),
            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QVERIFY(!shown.button(QStringLiteral("openInNotionButton"))->isEnabled()); // never synced: no page
        shown.view->selectionModel()->select(shown.view->model()->index(row, 0),
                                             QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QVERIFY(shown.button(QStringLiteral("openInNotionButton"))->isEnabled());
        shown.button(QStringLiteral("openInNotionButton"))->click();
        QCOMPARE(opened, (QList<QUrl>{expected, expected}));
    }

    void resyncSelectedEnqueuesExactlyThatRow() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(insertProjects(db, 5));
        ShownPage shown(db);
        QSignalSpy started(&shown.page, &ResourcesPage::resyncStarted);
        QSignalSpy finished(&shown.page, &ResourcesPage::resyncFinished);
        QTRY_COMPARE_WITH_TIMEOUT(shown.view->model()->rowCount(), 5, kTimeout);
        auto *resync = shown.button(QStringLiteral("resyncButton"));
        QVERIFY(!resync->isEnabled()); // nothing selected
        shown.view->selectionModel()->select(
            shown.view->model()->index(rowOf(shown.view->model(), projectId(3)), 0),
            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QVERIFY(resync->isEnabled());
        resync->click();
        QTRY_COMPARE_WITH_TIMEOUT(started.size(), 1, kTimeout);
        QCOMPARE(started.first(), (QList<QVariant>{QStringLiteral("project"), 1}));
        QCOMPARE(db.scalar(QStringLiteral(
                               "SELECT string_agg(resource_type || ' ' || resource_id || ' ' || priority, "
                               "',') FROM pgnotion.sync_queue"))
                     .toString(),
                 QStringLiteral("project %1 0").arg(projectId(3))); // ahead of bulk work
        QTRY_COMPARE_WITH_TIMEOUT(statesByKey(*shown.view->model()).value(projectId(3)),
                                  QStringLiteral("pending"), kTimeout);
        runJobs(db);
        QTRY_COMPARE_WITH_TIMEOUT(shown.progressBar->value(), 100, kTimeout);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first(), (QList<QVariant>{1, 0}));
    }

    void resyncAllEnqueuesEveryRowAndTheProgressReachesTheEnd() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(insertProjects(db, 30));
        // Half synced before, and a live write waiting: the resync folds into that job, it does not add one.
        QVERIFY(db.exec(
            QStringLiteral("INSERT INTO pgnotion.sync_state (resource_type, resource_id, "
                           "notion_page_id, synced_at) SELECT 'project', id::text, md5(name)::uuid::text, "
                           "now() - interval '1 day' FROM projects WHERE name ~ '[02468]$'")));
        QVERIFY(db.exec(
            QStringLiteral("UPDATE projects SET status = 'active' WHERE id = '%1'").arg(projectId(7))));
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue")).toInt(), 1);
        ShownPage shown(db);
        shown.page.setRequestsPerSecond(0.1);
        QSignalSpy started(&shown.page, &ResourcesPage::resyncStarted);
        QSignalSpy finished(&shown.page, &ResourcesPage::resyncFinished);
        QTRY_COMPARE_WITH_TIMEOUT(shown.view->model()->rowCount(), 30, kTimeout);
        shown.button(QStringLiteral("resyncAllButton"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(started.size(), 1, kTimeout);
        QCOMPARE(started.first(), (QList<QVariant>{QStringLiteral("project"), 30}));
        QCOMPARE(db.scalar(QStringLiteral(
                               "SELECT count(DISTINCT resource_id) FILTER (WHERE status = 'pending') || "
                               "'/' || count(*) FROM pgnotion.sync_queue"))
                     .toString(),
                 QStringLiteral("30/30"));
        QCOMPARE(db.scalar(QStringLiteral(
                               "SELECT coalesced_count FROM pgnotion.sync_queue WHERE resource_id = '%1'")
                               .arg(projectId(7)))
                     .toInt(),
                 2);
        QVERIFY(shown.page.findChild<QWidget *>(QStringLiteral("resyncProgressRow"))->isVisible());
        QCOMPARE(shown.progressBar->value(), 0);
        QCOMPARE(shown.progressLabel->text(),
                 QStringLiteral("0 / 30 done, about 5 min left at 0.1 requests/s"));
        QVERIFY(shown.button(QStringLiteral("cancelResyncButton"))->isEnabled());

        runJobs(db, projectId(12));
        QTRY_COMPARE_WITH_TIMEOUT(shown.progressBar->value(), 100, kTimeout);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first(), (QList<QVariant>{30, 1}));
        QVERIFY(shown.progressLabel->text().contains(QStringLiteral("30 / 30 done, 1 failed")));
        QVERIFY(!shown.button(QStringLiteral("cancelResyncButton"))->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(statesByKey(*shown.view->model()).value(projectId(12)),
                                  QStringLiteral("failed"), kTimeout);

        if (const QString dir = qEnvironmentVariable("PGNOTION_SCREENSHOT_DIR"); !dir.isEmpty()) {
            QVERIFY(QDir().mkpath(dir));
            QVERIFY(shown.page.grab().save(QDir(dir).filePath(QStringLiteral("resources.png"))));
        }
    }

    void cancelDiscardsTheWaitingJobsAndStops() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(insertProjects(db, 10));
        ShownPage shown(db);
        QSignalSpy started(&shown.page, &ResourcesPage::resyncStarted);
        QSignalSpy cancelled(&shown.page, &ResourcesPage::resyncCancelled);
        QTRY_COMPARE_WITH_TIMEOUT(shown.view->model()->rowCount(), 10, kTimeout);
        shown.button(QStringLiteral("resyncAllButton"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(started.size(), 1, kTimeout);
        // Two jobs run (one completes), then a live write folds into a waiting job of the resync.
        SyncQueue queue(db.database(), QStringLiteral("w"));
        const QList<SyncJob> running = queue.claim(2, 60s).value();
        QCOMPARE(running.size(), 2);
        QCOMPARE(queue.complete({{running.first().id, 0, 1, 200, {}}}).value(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(shown.page.progress()->done(), 1, kTimeout);
        QCOMPARE(shown.progressBar->value(), 10);
        QVERIFY(db.exec(
            QStringLiteral("UPDATE projects SET status = 'active' WHERE id = '%1'").arg(projectId(9))));

        shown.button(QStringLiteral("cancelResyncButton"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.size(), 1, kTimeout);
        QCOMPARE(cancelled.first(), QList<QVariant>{7});
        QCOMPARE(db.scalar(QStringLiteral(
                               "SELECT string_agg(status || ' ' || n, ',' ORDER BY status) FROM (SELECT "
                               "status, count(*) AS n FROM pgnotion.sync_queue GROUP BY status) s"))
                     .toString(),
                 QStringLiteral("discarded 7,pending 1,running 1"));
        QVERIFY(shown.progressLabel->text().contains(QStringLiteral("7 jobs discarded")));
        QVERIFY(shown.progressLabel->text().contains(QStringLiteral("1 job kept")));
        QVERIFY(!shown.page.progress()->isActive());
        QVERIFY(!shown.button(QStringLiteral("cancelResyncButton"))->isEnabled());
        // Stopped: what finishes afterwards is no longer counted.
        QCOMPARE(queue.complete({{running.last().id, 0, 1, 200, {}}}).value(), 1);
        QTest::qWait(300);
        QCOMPARE(shown.page.progress()->done(), 1);
    }

    void saysWhenTheDatabaseIsUnreachableOrTheTableMissing() {
        ResourcesPage page;
        page.setMapping(defaultMapping());
        page.show();
        auto *label = page.findChild<QLabel *>(QStringLiteral("statusLabel"));
        QVERIFY(label);
        page.setDatabaseUrl(QStringLiteral("postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=2"));
        QTRY_VERIFY_WITH_TIMEOUT(label->text().contains(QStringLiteral("Cannot connect")), kTimeout);
        QVERIFY(!label->text().contains(QStringLiteral("secret")));

        TestDatabase db(TestDatabase::Schema::Engine); // no domain tables
        PGNOTION_REQUIRE(db);
        page.setDatabaseUrl(db.urlString());
        QTRY_VERIFY2_WITH_TIMEOUT(label->text().contains(QStringLiteral("The table projects does not exist")),
                                  qPrintable(label->text()), kTimeout);
    }
};

QTEST_MAIN(TestResourcesPage)
#include "tst_resourcespage.moc"
