#include "TestDatabase.h"
#include "db/Migrator.h"
#include "db/SqlScript.h"

#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QtConcurrent>

using namespace pgnotion;
using namespace pgnotion::test;

class TestMigrations : public QObject {
    Q_OBJECT

    static bool writeFile(const QString &path, const QByteArray &content) {
        QFile file(path);
        return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
    }

private Q_SLOTS:
    void splitsScriptsIntoStatements() {
        const QString script = QStringLiteral(
            "-- a comment; with a semicolon\n"
            "CREATE TABLE a (t text DEFAULT 'x;y', \"odd;name\" int);\n"
            "/* block; comment */ SELECT E'it\\'s; fine', 'it''s; fine';\n"
            "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN RETURN 1; END $body$;\n"
            "DO $$ BEGIN PERFORM 1; END $$;\n"
            "SELECT 1 -- trailing comment without a semicolon");
        const QStringList statements = SqlScript::split(script);
        QCOMPARE(statements.size(), 5);
        QVERIFY(statements[0].endsWith(QStringLiteral("\"odd;name\" int)")));
        QVERIFY(statements[1].contains(QStringLiteral("'it''s; fine'")));
        QVERIFY(statements[2].contains(QStringLiteral("RETURN 1; END $body$")));
        QVERIFY(statements[3].startsWith(QStringLiteral("DO $$")));
        QVERIFY(statements[4].startsWith(QStringLiteral("SELECT 1")));
        QCOMPARE(SqlScript::split(QStringLiteral("  ;; -- nothing\n")).size(), 0);
    }

    void bundledMigrationsAreNumberedWithoutGaps() {
        for (const QString &component : {QStringLiteral("engine"), QStringLiteral("domain")}) {
            const auto migrations = Migrator::bundled(component);
            QVERIFY(!migrations.isEmpty());
            for (int i = 0; i < migrations.size(); ++i)
                QCOMPARE(migrations[i].version, i + 1);
        }
    }

    void appliesEverythingToAnEmptyDatabase() {
        TestDatabase db(TestDatabase::Schema::Empty);
        PGNOTION_REQUIRE(db);
        auto report = Migrator(db.database()).applyBundled(false);
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        const int total = int(Migrator::bundled(QStringLiteral("engine")).size() +
                              Migrator::bundled(QStringLiteral("domain")).size());
        QCOMPARE(report.value().applied, total);
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.schema_migrations")).toInt(), total);
        for (const char *table : {"pgnotion.sync_queue", "pgnotion.sync_log", "pgnotion.sync_workers",
                                  "pgnotion.sync_stats_minute", "pgnotion.sync_depth_minute", "projects",
                                  "milestones", "deliverables", "payments", "leads", "clients", "tiers"}) {
            QVERIFY2(
                db.scalar(QStringLiteral("SELECT to_regclass('%1') IS NOT NULL").arg(QLatin1String(table)))
                    .toBool(),
                table);
        }
    }

    void reRunningIsANoOp() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        auto again = Migrator(db.database()).applyBundled(false);
        QVERIFY(again.ok());
        QCOMPARE(again.value().applied, 0);
        QVERIFY(again.value().alreadyApplied > 0);
    }

    void engineOnlyLeavesTheDomainAlone() {
        TestDatabase db(TestDatabase::Schema::Engine);
        PGNOTION_REQUIRE(db);
        QVERIFY(db.scalar(QStringLiteral("SELECT to_regclass('pgnotion.sync_queue') IS NOT NULL")).toBool());
        QVERIFY(db.scalar(QStringLiteral("SELECT to_regclass('projects') IS NULL")).toBool());
    }

    void refusesANewerSchema() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(db.exec(
            QStringLiteral("INSERT INTO pgnotion.schema_migrations (component, version, name, checksum) "
                           "VALUES ('engine', 999, '0999_future.sql', 'x')")));
        auto refused = Migrator(db.database()).applyBundled(false);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, QStringLiteral("newer_schema"));
        QVERIFY2(refused.error().message.contains(QStringLiteral("999")),
                 qPrintable(refused.error().message));
    }

    void refusesAnEditedMigration() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(db.exec(QStringLiteral("UPDATE pgnotion.schema_migrations SET checksum = 'edited' "
                                       "WHERE component = 'engine' AND version = 1")));
        auto refused = Migrator(db.database()).applyBundled(false);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, QStringLiteral("migration_changed"));
    }

    void aFailingMigrationRollsBackAndSaysWhich() {
        TestDatabase db(TestDatabase::Schema::Empty);
        PGNOTION_REQUIRE(db);
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(QStringLiteral("0001_ok.sql")), "CREATE TABLE good (id int);"));
        QVERIFY(writeFile(dir.filePath(QStringLiteral("0002_broken.sql")),
                          "CREATE TABLE half (id int); SELECT * FROM no_such_table;"));
        auto migrations = Migrator::fromDirectory(QStringLiteral("custom"), dir.path());
        QVERIFY(migrations.ok());
        auto result = Migrator(db.database()).apply(migrations.value());
        QVERIFY(!result.ok());
        QVERIFY2(result.error().message.contains(QStringLiteral("0002_broken.sql")),
                 qPrintable(result.error().message));
        QVERIFY2(result.error().message.contains(QStringLiteral("no_such_table")),
                 qPrintable(result.error().message));
        QVERIFY(db.scalar(QStringLiteral("SELECT to_regclass('good') IS NOT NULL")).toBool());
        QVERIFY(db.scalar(QStringLiteral("SELECT to_regclass('half') IS NULL")).toBool()); // rolled back
        QCOMPARE(db.scalar(QStringLiteral("SELECT max(version) FROM pgnotion.schema_migrations "
                                          "WHERE component = 'custom'"))
                     .toInt(),
                 1);
    }

    void rejectsBadlyNamedFiles() {
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(QStringLiteral("add_things.sql")), "SELECT 1;"));
        auto migrations = Migrator::fromDirectory(QStringLiteral("custom"), dir.path());
        QVERIFY(!migrations.ok());
        QVERIFY(migrations.error().message.contains(QStringLiteral("add_things.sql")));
    }

    void concurrentMigratorsTakeTurns() {
        TestDatabase db(TestDatabase::Schema::Empty);
        PGNOTION_REQUIRE(db);
        const DatabaseUrl url = db.url();
        QList<QFuture<QString>> runs;
        for (int i = 0; i < 4; ++i) {
            runs.append(QtConcurrent::run([url]() -> QString {
                DatabaseConnection connection(url, QStringLiteral("migrator"));
                if (auto opened = connection.open(); !opened)
                    return opened.error().message;
                auto report = Migrator(connection.database()).applyBundled(false);
                return report.ok() ? QString() : report.error().message;
            }));
        }
        for (auto &run : runs)
            QCOMPARE(run.result(), QString());
        const int total = int(Migrator::bundled(QStringLiteral("engine")).size() +
                              Migrator::bundled(QStringLiteral("domain")).size());
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.schema_migrations")).toInt(), total);
    }
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
