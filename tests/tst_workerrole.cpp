#include "EmulatedWorkspace.h"
#include "TestDatabase.h"
#include "db/Migrator.h"
#include "inbound/EngineHandlers.h"
#include "inbound/InboundScanner.h"
#include "notion/NotionApi.h"
#include "queue/WorkerPool.h"

#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace pgnotion;
using namespace pgnotion::test;
using namespace std::chrono_literals;

// The least-privilege role of resources/sql/roles/worker-role.sql: an admin migrates and applies the
// script with psql, then the engine runs as that role (a password login, as on a hosted server) in both
// directions, and the role can do nothing else.
class TestWorkerRole : public QObject {
    Q_OBJECT

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<EmulatedWorkspace> m_workspace;
    QString m_role;
    QString m_roleUrl;
    int m_roleCount = 0;

    QString scalar(const QString &sql) { return m_db->scalar(sql).toString(); }

    // The admin's step: psql -v worker_role=ROLE -f worker-role.sql on the test database.
    QString applyScript() {
        QProcess psql;
        psql.setProcessChannelMode(QProcess::MergedChannels);
        psql.start(QStringLiteral("psql"), {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-v"),
                                            QStringLiteral("ON_ERROR_STOP=1"), QStringLiteral("-v"),
                                            QStringLiteral("worker_role=") + m_role, QStringLiteral("-f"),
                                            QStringLiteral(PGNOTION_WORKER_ROLE_SQL), m_db->urlString()});
        if (!psql.waitForFinished(60000) || psql.exitStatus() != QProcess::NormalExit || psql.exitCode() != 0)
            return QStringLiteral("psql failed: ") + QString::fromUtf8(psql.readAll());
        return {};
    }

    // Runs `sql` as the worker role: the SQLSTATE of its failure, or "ok".
    QString asWorker(const QString &sql) {
        const auto url = DatabaseUrl::parse(m_roleUrl);
        DatabaseConnection connection(url.value(), QStringLiteral("role-probe"));
        if (auto opened = connection.open(); !opened)
            return opened.error().message;
        QSqlQuery query(connection.database());
        return query.exec(sql) ? QStringLiteral("ok") : query.lastError().nativeErrorCode();
    }

    QString headless(const QStringList &extra, int *exitCode) {
        QProcess worker;
        m_workspace->startHeadless(worker, m_roleUrl, extra);
        if (!worker.waitForFinished(60000))
            return QStringLiteral("the worker did not finish");
        *exitCode = worker.exitStatus() == QProcess::NormalExit ? worker.exitCode() : -1;
        return QString::fromUtf8(worker.readAll());
    }

    QString notionText(const QString &table, const QString &property) {
        const QJsonObject page =
            m_workspace->notion().page(scalar(QStringLiteral("SELECT notion_page_id FROM %1").arg(table)));
        const QJsonObject value = page[QStringLiteral("properties")][property].toObject();
        const QString type = value.value(QStringLiteral("type")).toString();
        if (type == QLatin1String("title") || type == QLatin1String("rich_text"))
            return value.value(type).toArray().first()[QStringLiteral("plain_text")].toString();
        return value.value(type)[QStringLiteral("name")].toString();
    }

    bool editAsPerson(const QString &table, const QString &type, const QString &name) {
        QString error;
        const bool edited = m_workspace->notion().editPageAsPerson(
            scalar(QStringLiteral("SELECT notion_page_id FROM %1").arg(table)),
            QJsonObject{
                {QStringLiteral("Status"), QJsonObject{{type, QJsonObject{{QStringLiteral("name"), name}}}}}},
            &error);
        if (!edited)
            qWarning() << error;
        return edited;
    }

private Q_SLOTS:
    void init() {
        m_db = std::make_unique<TestDatabase>();
        PGNOTION_REQUIRE(*m_db);
        m_role = QStringLiteral("worker_%1_%2").arg(QCoreApplication::applicationPid()).arg(m_roleCount++);
        // A password login (tests/with-postgres.sh: scram for members of pgnotion_password_auth); the
        // group may be created by a test running in parallel.
        QVERIFY(m_db->exec(QStringLiteral("DO $$ BEGIN CREATE ROLE pgnotion_password_auth NOLOGIN; EXCEPTION "
                                          "WHEN duplicate_object OR unique_violation THEN NULL; END $$")));
        QVERIFY(m_db->exec(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD 'worker-pw' IN ROLE "
                                          "pgnotion_password_auth")
                               .arg(m_role)));
        QUrl url(m_db->urlString());
        url.setUserName(m_role);
        url.setPassword(QStringLiteral("worker-pw"));
        m_roleUrl = url.toString(QUrl::FullyEncoded);
        const QString applied = applyScript();
        QVERIFY2(applied.isEmpty(), qPrintable(applied));

        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO tiers (level, name) VALUES (2, 'Pro')")));
        QVERIFY(
            m_db->exec(QStringLiteral("INSERT INTO clients (name, email) VALUES ('Acme', 'ops@acme.test')")));
        m_workspace = std::make_unique<EmulatedWorkspace>();
        const QString started = m_workspace->start();
        QVERIFY2(started.isEmpty(), qPrintable(started));
    }

    void cleanup() {
        m_workspace.reset();
        m_db.reset(); // the database goes with the role's grants in it
        const auto server = DatabaseUrl::parse(qEnvironmentVariable("PGNOTION_TEST_DATABASE_URL"));
        QVERIFY(server.ok());
        DatabaseConnection admin(server.value(), QStringLiteral("role-cleanup"));
        QVERIFY(admin.open().ok());
        QVERIFY(admin.execute(QStringLiteral("DROP ROLE IF EXISTS %1").arg(m_role)).ok());
    }

    void theWorkerSyncsBothWaysAsTheRole() {
        const QString project = scalar(QStringLiteral("INSERT INTO projects (name, tier, client_id) VALUES "
                                                      "('Shop', 2, (SELECT id FROM clients)) RETURNING id"));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO milestones (project_id, name, status) VALUES ('%1', "
                                          "'Design', 'in_progress')")
                               .arg(project)));
        QVERIFY(
            m_db->exec(QStringLiteral("INSERT INTO deliverables (project_id, name, category) VALUES ('%1', "
                                      "'Logo', 'design')")
                           .arg(project)));
        QVERIFY(
            m_db->exec(QStringLiteral("INSERT INTO payments (project_id, amount, status, received_at) VALUES "
                                      "('%1', 100, 'paid', now())")
                           .arg(project)));

        // The check passes as the role: it reads the schema version and the mapped tables.
        int exitCode = -1;
        QString output = headless({QStringLiteral("--check")}, &exitCode);
        QVERIFY2(exitCode == 0, qPrintable(output));

        // Postgres -> Notion: the headless worker, which starts with the (read-only) migration check.
        output = headless({QStringLiteral("--exit-when-idle"), QStringLiteral("--instance"),
                           QStringLiteral("tst-workerrole")},
                          &exitCode);
        QVERIFY2(exitCode == 0, qPrintable(output));
        QVERIFY2(!output.contains(QStringLiteral("worker-pw")), qPrintable(output));
        for (const char *table : {"projects", "milestones", "deliverables"})
            QVERIFY2(
                !scalar(QStringLiteral("SELECT notion_page_id FROM %1").arg(QLatin1String(table))).isEmpty(),
                table);
        QCOMPARE(notionText(QStringLiteral("projects"), QStringLiteral("Name")), QStringLiteral("Shop"));
        QCOMPARE(notionText(QStringLiteral("projects"), QStringLiteral("Payment Status")),
                 QStringLiteral("paid"));
        QCOMPARE(notionText(QStringLiteral("projects"), QStringLiteral("Client")), QStringLiteral("Acme"));
        QCOMPARE(notionText(QStringLiteral("milestones"), QStringLiteral("Name")), QStringLiteral("Design"));
        QCOMPARE(notionText(QStringLiteral("deliverables"), QStringLiteral("Name")), QStringLiteral("Logo"));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue")), QStringLiteral("0"));

        // Notion -> Postgres: a person completes the task and activates the project; a poll and the
        // engine's workers, all as the role, write the inbound rules' columns.
        QVERIFY(editAsPerson(QStringLiteral("milestones"), QStringLiteral("status"), QStringLiteral("Done")));
        QVERIFY(editAsPerson(QStringLiteral("projects"), QStringLiteral("select"), QStringLiteral("active")));
        const auto url = DatabaseUrl::parse(m_roleUrl);
        QVERIFY(url.ok());
        {
            DatabaseConnection connection(url.value(), QStringLiteral("poll"));
            QVERIFY(connection.open().ok());
            NotionClient client(m_workspace->clientOptions());
            NotionApi api(client);
            InboundScanner scanner(m_workspace->mapping(), m_workspace->dataSources(), 60s);
            const InboundPollReport report = scanner.poll(api, connection.database());
            QVERIFY2(report.problems.isEmpty(), qPrintable(report.problems.join(QLatin1Char('\n'))));
            QCOMPARE(report.changesQueued, 2);
        }
        WorkerPoolOptions options;
        options.workers = 1;
        options.worker.pollInterval = 100ms;
        options.supervisor.instance = QStringLiteral("tst-workerrole-inbound");
        const auto mapping = m_workspace->mapping();
        const auto dataSources = m_workspace->dataSources();
        const auto notion = m_workspace->clientOptions();
        WorkerPool pool(
            url.value(), [=] { return EngineHandlers::create(mapping, dataSources, notion); }, options);
        QStringList databaseErrors;
        connect(&pool, &WorkerPool::databaseErrorOccurred, this,
                [&](const QString &message) { databaseErrors.append(message); });
        pool.start();
        QTRY_COMPARE_WITH_TIMEOUT(
            scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue WHERE status "
                                  "IN ('pending', 'retrying', 'running')")),
            QStringLiteral("0"), 20000);
        QSignalSpy stopped(&pool, &WorkerPool::stopped);
        pool.stop();
        QVERIFY(stopped.wait(10000));
        QVERIFY2(databaseErrors.isEmpty(), qPrintable(databaseErrors.join(QLatin1Char('\n'))));
        QCOMPARE(scalar(QStringLiteral("SELECT status || ':' || (completed_at IS NOT NULL) FROM milestones")),
                 QStringLiteral("completed:true"));
        QCOMPARE(scalar(QStringLiteral("SELECT status FROM projects")), QStringLiteral("active"));
        QCOMPARE(notionText(QStringLiteral("projects"), QStringLiteral("Milestone Status")),
                 QStringLiteral("Done"));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue WHERE status = 'dead'")),
                 QStringLiteral("0"));

        // The initial import as the role: every page matches its row; the progress is kept.
        output = headless({QStringLiteral("--import")}, &exitCode);
        QVERIFY2(exitCode == 0, qPrintable(output));
        QCOMPARE(scalar(QStringLiteral(
                     "SELECT count(*) FROM pgnotion.initial_import_progress WHERE finished_at IS NOT NULL")),
                 QStringLiteral("3"));
    }

    void theRoleCanDoNothingElse() {
        QVERIFY(m_db->exec(QStringLiteral(
            "INSERT INTO projects (name, tier, client_id) VALUES ('Kept', 2, (SELECT id FROM clients))")));
        const QString denied = QStringLiteral("42501"); // insufficient_privilege
        const QList<QPair<QString, QString>> statements = {
            {QStringLiteral("DROP TABLE projects"), denied},
            {QStringLiteral("ALTER TABLE pgnotion.sync_queue ADD COLUMN x int"), denied},
            {QStringLiteral("CREATE TABLE pgnotion.x (id int)"), denied},
            {QStringLiteral("CREATE SCHEMA x"), denied},
            {QStringLiteral("TRUNCATE pgnotion.sync_log"), denied},
            {QStringLiteral("DELETE FROM pgnotion.sync_log"), denied},
            {QStringLiteral("UPDATE projects SET name = 'x'"), denied},
            {QStringLiteral("UPDATE payments SET status = 'x'"), denied},
            {QStringLiteral("DELETE FROM projects"), denied},
            {QStringLiteral("INSERT INTO projects (name) VALUES ('x')"), denied},
            {QStringLiteral("SELECT * FROM tiers"), denied},
            {QStringLiteral("SELECT email FROM clients"), denied},
            {QStringLiteral("SELECT * FROM pgnotion.alert_events"), denied},
            {QStringLiteral("SELECT pgnotion.set_queue_paused(true, 'x')"), denied},
            // What the sync does write stays allowed: the denials above are the grants' doing.
            {QStringLiteral("UPDATE projects SET status = 'active'"), QStringLiteral("ok")},
            {QStringLiteral("SELECT id, name FROM clients"), QStringLiteral("ok")},
            {QStringLiteral("UPDATE deliverables SET notion_page_id = NULL"), QStringLiteral("ok")},
            // The supervisor's minute and heartbeat work, and a conflict the inbound sync records, which a
            // short engine run does not reach.
            {QStringLiteral("SELECT pgnotion.snapshot_queue_depth()"), QStringLiteral("ok")},
            {QStringLiteral("SELECT pgnotion.rescue_lost_jobs(30000)"), QStringLiteral("ok")},
            {QStringLiteral("INSERT INTO pgnotion.sync_conflicts (resource_type, resource_id, property, "
                            "postgres_value, notion_value, postgres_columns, notion_columns, winner) VALUES "
                            "('project', 'p', 'Status', 'a', 'b', '{}', '{}', 'postgres') RETURNING id"),
             QStringLiteral("ok")},
        };
        for (const auto &[sql, expected] : statements) {
            const QString outcome = asWorker(sql);
            QVERIFY2(outcome == expected,
                     qPrintable(QStringLiteral("%1: %2, expected %3").arg(sql, outcome, expected)));
        }
        QCOMPARE(scalar(QStringLiteral("SELECT name || ':' || status FROM projects")),
                 QStringLiteral("Kept:active"));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM tiers")), QStringLiteral("1"));
    }

    // A role the script was not applied to (here: one grant taken back) is told what to ask for.
    void aRoleWithoutTheGrantsIsToldAboutTheScript() {
        QVERIFY(
            m_db->exec(QStringLiteral("REVOKE SELECT ON pgnotion.schema_migrations FROM %1").arg(m_role)));
        int exitCode = -1;
        const QString output = headless({QStringLiteral("--exit-when-idle")}, &exitCode);
        QCOMPARE(exitCode, 1);
        QVERIFY2(
            output.contains(QStringLiteral("The role \"%1\" may not read the pgnotion schema").arg(m_role)) &&
                output.contains(QStringLiteral("worker-role.sql")),
            qPrintable(output));
    }

    // Migrations pending and the role may not apply them: the worker stops with a clear line; an admin's
    // pgnotion --migrate and the script again, and it starts.
    void pendingMigrationsAskForAnAdmin() {
        QVERIFY(m_db->exec(QStringLiteral("DROP TABLE pgnotion.initial_import_progress")));
        QVERIFY(m_db->exec(QStringLiteral(
            "DELETE FROM pgnotion.schema_migrations WHERE component = 'engine' AND version = 13")));
        {
            const auto url = DatabaseUrl::parse(m_roleUrl);
            DatabaseConnection connection(url.value(), QStringLiteral("migrate"));
            QVERIFY(connection.open().ok());
            const auto migrated = Migrator(connection.database()).applyBundled(false);
            QVERIFY(!migrated.ok());
            QCOMPARE(migrated.error().code, QStringLiteral("migration_not_permitted"));
        }
        int exitCode = -1;
        QString output = headless({QStringLiteral("--exit-when-idle")}, &exitCode);
        QCOMPARE(exitCode, 1);
        QVERIFY2(
            output.contains(QStringLiteral("1 migration(s) pending (engine/0013_initial_import.sql) and the "
                                           "role \"%1\" may not change the schema")
                                .arg(m_role)),
            qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("ask an admin to run pgnotion --migrate")),
                 qPrintable(output));
        QCOMPARE(scalar(QStringLiteral("SELECT to_regclass('pgnotion.initial_import_progress') IS NULL")),
                 QStringLiteral("true"));

        QProcess migrate;
        migrate.setProcessChannelMode(QProcess::MergedChannels);
        migrate.start(qEnvironmentVariable("PGNOTION_BIN_DIR") + QStringLiteral("/pgnotion"),
                      {QStringLiteral("--migrate"), QStringLiteral("--database-url"), m_db->urlString()});
        QVERIFY(migrate.waitForFinished(60000));
        QVERIFY2(migrate.exitCode() == 0, migrate.readAll().constData());
        const QString applied = applyScript();
        QVERIFY2(applied.isEmpty(), qPrintable(applied));
        output = headless({QStringLiteral("--exit-when-idle")}, &exitCode);
        QVERIFY2(exitCode == 0, qPrintable(output));
    }
};

QTEST_GUILESS_MAIN(TestWorkerRole)
#include "tst_workerrole.moc"
