#include "TestDatabase.h"
#include "queue/SyncQueue.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace pgnotion;
using namespace pgnotion::test;
using namespace std::chrono_literals;

// The transactional outbox: the triggers on the domain tables.
class TestOutbox : public QObject {
    Q_OBJECT

    static QString newProject(const TestDatabase &db, const QString &name = QStringLiteral("Website")) {
        return db.scalar(QStringLiteral("INSERT INTO projects (name) VALUES ('%1') RETURNING id").arg(name))
            .toString();
    }
    static int jobs(const TestDatabase &db, const QString &where = QStringLiteral("true")) {
        return db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue WHERE %1").arg(where))
            .toInt();
    }

private Q_SLOTS:
    void aWriteEnqueuesItsSyncInTheSameTransaction() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(db.exec(QStringLiteral("BEGIN")));
        const QString id = newProject(db);
        QVERIFY(db.exec(QStringLiteral("ROLLBACK")));
        QCOMPARE(jobs(db), 0); // rolled back together

        const QString kept = newProject(db);
        QCOMPARE(jobs(db), 1);
        QSqlQuery query(db.database());
        QVERIFY(query.exec(
            QStringLiteral("SELECT resource_type, resource_id, direction, status, payload->>'operation' "
                           "FROM pgnotion.sync_queue")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("project"));
        QCOMPARE(query.value(1).toString(), kept);
        QCOMPARE(query.value(2).toString(), QStringLiteral("postgres_to_notion"));
        QCOMPARE(query.value(3).toString(), QStringLiteral("pending"));
        QCOMPARE(query.value(4).toString(), QStringLiteral("upsert"));
        Q_UNUSED(id);
    }

    void everySyncedTableEnqueues() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        const QString project = newProject(db);
        QVERIFY(db.exec(QStringLiteral("INSERT INTO milestones (project_id, name) VALUES ('%1', 'Design')")
                            .arg(project)));
        QVERIFY(db.exec(QStringLiteral("INSERT INTO deliverables (project_id, name, file_url) "
                                       "VALUES ('%1', 'Logo', 'https://files.example.com/logo.png')")
                            .arg(project)));
        QVERIFY(db.exec(
            QStringLiteral("INSERT INTO payments (project_id, amount, status) VALUES ('%1', 100, 'received')")
                .arg(project)));
        QVERIFY(db.exec(QStringLiteral("INSERT INTO leads (name, email) VALUES ('Ada', 'ada@example.com')")));
        for (const char *type : {"project", "milestone", "deliverable", "payment", "lead"})
            QVERIFY2(jobs(db, QStringLiteral("resource_type = '%1'").arg(QLatin1String(type))) == 1, type);
        // Clients and tiers are not synced by themselves.
        QVERIFY(db.exec(QStringLiteral("INSERT INTO clients (name) VALUES ('Acme')")));
        QCOMPARE(jobs(db), 5);
    }

    void waitingJobsCoalesce() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        const QString id = newProject(db);
        for (int i = 0; i < 9; ++i)
            QVERIFY(db.exec(
                QStringLiteral("UPDATE projects SET status = 'step %1' WHERE id = '%2'").arg(i).arg(id)));
        QCOMPARE(jobs(db), 1);
        QCOMPARE(db.scalar(QStringLiteral("SELECT coalesced_count FROM pgnotion.sync_queue")).toInt(), 10);
    }

    void aWriteWhileRunningMakesANewPendingJob() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        const QString id = newProject(db);
        SyncQueue queue(db.database(), QStringLiteral("worker-a"));
        auto claimed = queue.claim(10, 60s);
        QVERIFY(claimed.ok());
        QCOMPARE(claimed.value().size(), 1);
        QVERIFY(db.exec(QStringLiteral("UPDATE projects SET status = 'active' WHERE id = '%1'").arg(id)));
        QVERIFY(db.exec(QStringLiteral("UPDATE projects SET status = 'paused' WHERE id = '%1'").arg(id)));
        QCOMPARE(jobs(db, QStringLiteral("status = 'running'")), 1);
        QCOMPARE(jobs(db, QStringLiteral("status = 'pending'")), 1);
        QCOMPARE(db.scalar(QStringLiteral(
                               "SELECT coalesced_count FROM pgnotion.sync_queue WHERE status = 'pending'"))
                     .toInt(),
                 2);
        // The new job waits: the resource is running, and is never claimed twice at once.
        auto again = queue.claim(10, 60s);
        QVERIFY(again.ok());
        QCOMPARE(again.value().size(), 0);
        QCOMPARE(queue.complete({{claimed.value().first().id, 0, 1, 200, {}}}).value(), 1);
        again = queue.claim(10, 60s);
        QCOMPARE(again.value().size(), 1);
    }

    void theSyncsOwnWritesDoNotEcho() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        const QString id = newProject(db);
        QVERIFY(db.exec(QStringLiteral("DELETE FROM pgnotion.sync_queue")));
        QVERIFY(
            db.exec(QStringLiteral("UPDATE projects SET notion_page_id = 'page-1' WHERE id = '%1'").arg(id)));
        QCOMPARE(jobs(db), 0);
        // A no-op update enqueues nothing either.
        QVERIFY(db.exec(QStringLiteral("UPDATE projects SET name = name WHERE id = '%1'").arg(id)));
        QCOMPARE(jobs(db), 0);
        // The inbound sync marks its transactions: they do not come back as outbound jobs.
        QVERIFY(db.exec(QStringLiteral("BEGIN")));
        QVERIFY(db.exec(QStringLiteral("SET LOCAL pgnotion.origin = 'notion'")));
        QVERIFY(db.exec(QStringLiteral("UPDATE projects SET status = 'done' WHERE id = '%1'").arg(id)));
        QVERIFY(db.exec(QStringLiteral("COMMIT")));
        QCOMPARE(jobs(db), 0);
        // An ordinary edit does.
        QVERIFY(db.exec(QStringLiteral("UPDATE projects SET status = 'active' WHERE id = '%1'").arg(id)));
        QCOMPARE(jobs(db), 1);
    }

    void updatedAtFollowsRealChangesOnly() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        const QString id = newProject(db);
        QVERIFY(
            db.exec(QStringLiteral("UPDATE projects SET updated_at = '2000-01-01' WHERE id = '%1'").arg(id)));
        QVERIFY(db.exec(QStringLiteral("UPDATE projects SET notion_page_id = 'p' WHERE id = '%1'").arg(id)));
        QCOMPARE(db.scalar(QStringLiteral("SELECT extract(year FROM updated_at)::int FROM projects")).toInt(),
                 2000);
        QVERIFY(db.exec(QStringLiteral("UPDATE projects SET name = 'Renamed' WHERE id = '%1'").arg(id)));
        QVERIFY(db.scalar(QStringLiteral("SELECT extract(year FROM updated_at)::int FROM projects")).toInt() >
                2000);
    }

    void aDeleteEnqueuesWithThePageToTrash() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        const QString id = newProject(db);
        QVERIFY(
            db.exec(QStringLiteral("UPDATE projects SET notion_page_id = 'page-9' WHERE id = '%1'").arg(id)));
        QVERIFY(db.exec(QStringLiteral("DELETE FROM projects WHERE id = '%1'").arg(id)));
        QCOMPARE(jobs(db), 1); // folded into the waiting job, which now deletes
        QCOMPARE(
            db.scalar(QStringLiteral("SELECT payload->>'operation' FROM pgnotion.sync_queue")).toString(),
            QStringLiteral("delete"));
        QCOMPARE(db.scalar(QStringLiteral("SELECT payload->>'notion_page_id' FROM pgnotion.sync_queue"))
                     .toString(),
                 QStringLiteral("page-9"));
    }

    void nullsAndHugeTextDoNotLoseTheWrite() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(db.exec(QStringLiteral("INSERT INTO leads (name, email, source) VALUES ('x', NULL, NULL)")));
        // 1 MB of text with emoji: the write and its job both land.
        QVERIFY(
            db.exec(QStringLiteral("INSERT INTO projects (name) VALUES (repeat('très long 🚀 ', 80000))")));
        QCOMPARE(jobs(db), 2);
        QCOMPARE(db.scalar(QStringLiteral("SELECT length(name) FROM projects")).toInt(), 12 * 80000);
    }

    void aTriggerWithoutAResourceTypeFailsClearly() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(db.exec(QStringLiteral("CREATE TABLE things (id int PRIMARY KEY)")));
        QVERIFY(db.exec(QStringLiteral("CREATE TRIGGER things_sync AFTER INSERT ON things FOR EACH ROW "
                                       "EXECUTE FUNCTION pgnotion.enqueue_row_sync()")));
        QSqlQuery query(db.database());
        QVERIFY(!query.exec(QStringLiteral("INSERT INTO things VALUES (1)")));
        QVERIFY2(
            query.lastError().databaseText().contains(QStringLiteral("resource type argument is missing")),
            qPrintable(query.lastError().databaseText()));
    }

    void aUserTableWithItsOwnKeyColumnWorks() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(db.exec(QStringLiteral("CREATE TABLE orders (order_no bigint PRIMARY KEY, total numeric, "
                                       "notion_page_id text)")));
        QVERIFY(
            db.exec(QStringLiteral("CREATE TRIGGER orders_sync AFTER INSERT OR UPDATE OR DELETE ON orders "
                                   "FOR EACH ROW EXECUTE FUNCTION "
                                   "pgnotion.enqueue_row_sync('order', 'order_no', 'notion_page_id')")));
        QVERIFY(db.exec(QStringLiteral("INSERT INTO orders VALUES (42, 9.5, NULL)")));
        QCOMPARE(db.scalar(QStringLiteral("SELECT resource_id FROM pgnotion.sync_queue")).toString(),
                 QStringLiteral("42"));
    }
};

QTEST_GUILESS_MAIN(TestOutbox)
#include "tst_outbox.moc"
