#include "CommandLine.h"
#include "TestDatabase.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace pgnotion;
using namespace pgnotion::test;

class TestCommandLine : public QObject {
    Q_OBJECT

    struct Run {
        int exitCode = -1;
        QString out;
        QString err;
    };

    static Run pgnotion(const QStringList &arguments) {
        QProcess process;
        process.start(qEnvironmentVariable("PGNOTION_BIN_DIR") + QStringLiteral("/pgnotion"), arguments);
        if (!process.waitForFinished(60000))
            return {};
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                QString::fromUtf8(process.readAllStandardOutput()),
                QString::fromUtf8(process.readAllStandardError())};
    }

private Q_SLOTS:
    void parsesModes() {
        const QString app = QStringLiteral("pgnotion");
        QCOMPARE(CommandLine::parse({app}).mode, CommandLine::Mode::Gui);
        QCOMPARE(CommandLine::parse({app, QStringLiteral("--demo")}).mode, CommandLine::Mode::Demo);
        QCOMPARE(CommandLine::parse({app, QStringLiteral("--version")}).mode, CommandLine::Mode::Version);
        const auto migrate =
            CommandLine::parse({app, QStringLiteral("--migrate"), QStringLiteral("--database-url"),
                                QStringLiteral("postgresql://h/d"), QStringLiteral("--demo-tables")});
        QCOMPARE(migrate.mode, CommandLine::Mode::Migrate);
        QCOMPARE(migrate.databaseUrl, QStringLiteral("postgresql://h/d"));
        QVERIFY(migrate.demoTables);
        QVERIFY(!migrate.needsGui());
        const QString url = QStringLiteral("postgresql://h/d");
        const auto import =
            CommandLine::parse({app, QStringLiteral("--headless"), QStringLiteral("--import"),
                                QStringLiteral("--dry-run"), QStringLiteral("--database-url"), url});
        QCOMPARE(import.mode, CommandLine::Mode::Import);
        QVERIFY(import.dryRun && !import.createRows && !import.needsGui());
        const auto verify = CommandLine::parse({app, QStringLiteral("--headless"), QStringLiteral("--verify"),
                                                QStringLiteral("--database-url"), url});
        QCOMPARE(verify.mode, CommandLine::Mode::Verify);
        const auto webhooks =
            CommandLine::parse({app, QStringLiteral("--headless"), QStringLiteral("--webhook-port"),
                                QStringLiteral("8790"), QStringLiteral("--database-url"), url});
        QCOMPARE(webhooks.mode, CommandLine::Mode::Headless);
        QCOMPARE(webhooks.webhookPort, 8790);
        QCOMPARE(CommandLine::parse({app, QStringLiteral("--headless"), QStringLiteral("--log-format"),
                                     QStringLiteral("json"), QStringLiteral("--database-url"), url})
                     .logFormat,
                 QStringLiteral("json"));
        QCOMPARE(CommandLine::parse({app, QStringLiteral("--headless"), QStringLiteral("--log-format"),
                                     QStringLiteral("xml"), QStringLiteral("--database-url"), url})
                     .mode,
                 CommandLine::Mode::Invalid);
    }

    void rejectsMistakes() {
        const QString app = QStringLiteral("pgnotion");
        qunsetenv("PGNOTION_DATABASE_URL");
        const auto noUrl = CommandLine::parse({app, QStringLiteral("--migrate")});
        QCOMPARE(noUrl.mode, CommandLine::Mode::Invalid);
        QVERIFY(noUrl.error.contains(QStringLiteral("--database-url")));
        QCOMPARE(CommandLine::parse({app, QStringLiteral("--frobnicate")}).mode, CommandLine::Mode::Invalid);
        QCOMPARE(CommandLine::parse({app, QStringLiteral("stray")}).mode, CommandLine::Mode::Invalid);
        QCOMPARE(CommandLine::parse({app, QStringLiteral("--import")}).mode, CommandLine::Mode::Invalid);
        const auto badPort = CommandLine::parse(
            {app, QStringLiteral("--headless"), QStringLiteral("--webhook-port"), QStringLiteral("http"),
             QStringLiteral("--database-url"), QStringLiteral("postgresql://h/d")});
        QCOMPARE(badPort.mode, CommandLine::Mode::Invalid);
        QVERIFY(badPort.error.contains(QStringLiteral("--webhook-port")));
    }

    void takesTheUrlFromTheEnvironment() {
        qputenv("PGNOTION_DATABASE_URL", "postgresql://env/db");
        const auto command = CommandLine::parse({QStringLiteral("pgnotion"), QStringLiteral("--migrate")});
        qunsetenv("PGNOTION_DATABASE_URL");
        QCOMPARE(command.mode, CommandLine::Mode::Migrate);
        QCOMPARE(command.databaseUrl, QStringLiteral("postgresql://env/db"));
    }

    void migrateAppliesAndExitsZero() {
        TestDatabase db(TestDatabase::Schema::Empty);
        PGNOTION_REQUIRE(db);
        const Run first =
            pgnotion({QStringLiteral("--migrate"), QStringLiteral("--database-url"), db.urlString()});
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));
        QVERIFY(first.out.contains(QStringLiteral("applied")));
        QVERIFY(db.scalar(QStringLiteral("SELECT to_regclass('pgnotion.sync_queue') IS NOT NULL")).toBool());
        const Run again =
            pgnotion({QStringLiteral("--migrate"), QStringLiteral("--database-url"), db.urlString()});
        QCOMPARE(again.exitCode, 0);
        QVERIFY(again.out.contains(QStringLiteral("0 migration(s) applied")));
    }

    // --check: one line per check, one clear line per problem, exit 1 when any; the token never shows.
    void checkSaysWhatIsWrong() {
        TestDatabase db(TestDatabase::Schema::Empty);
        PGNOTION_REQUIRE(db);
        qputenv("PGNOTION_NOTION_TOKEN", "secret_check_token");
        const Run run = pgnotion({QStringLiteral("--headless"), QStringLiteral("--check"),
                                  QStringLiteral("--database-url"), db.urlString(),
                                  QStringLiteral("--notion-base-url"), QStringLiteral("http://127.0.0.1:1")});
        qunsetenv("PGNOTION_NOTION_TOKEN");
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains(QStringLiteral("ok       Connected to PostgreSQL")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("pgnotion --migrate")), qPrintable(run.out)); // not migrated
        QVERIFY2(run.out.contains(QStringLiteral("problem  Cannot reach Notion")), qPrintable(run.out));
        QVERIFY(!run.out.contains(QStringLiteral("secret_check_token")) &&
                !run.err.contains(QStringLiteral("secret_check_token")));
        const Run noUrl = pgnotion({QStringLiteral("--check")});
        QCOMPARE(noUrl.exitCode, 2);
    }

    // A token file others can read is refused before anything runs; one only its owner reads is used.
    void aTokenFileMustBePrivate() {
        TestDatabase db(TestDatabase::Schema::Empty);
        PGNOTION_REQUIRE(db);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("notion-token"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("secret_file_token\n");
        file.close();
        QVERIFY(
            file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
        const QStringList arguments = {
            QStringLiteral("--headless"),          QStringLiteral("--check"),
            QStringLiteral("--database-url"),      db.urlString(),
            QStringLiteral("--notion-token-file"), path,
            QStringLiteral("--notion-base-url"),   QStringLiteral("http://127.0.0.1:1")};
        const Run exposed = pgnotion(arguments);
        QCOMPARE(exposed.exitCode, 1);
        QVERIFY2(exposed.out.contains(QStringLiteral("chmod 600")), qPrintable(exposed.out));
        QVERIFY(!exposed.out.contains(QStringLiteral("Cannot reach Notion"))); // the token was not used

        QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        const Run privateFile = pgnotion(arguments);
        QVERIFY2(privateFile.out.contains(QStringLiteral("Cannot reach Notion")),
                 qPrintable(privateFile.out));
        QVERIFY(!privateFile.out.contains(QStringLiteral("secret_file_token")) &&
                !privateFile.err.contains(QStringLiteral("secret_file_token")));
    }

    void migrateFailsClearly() {
        const Run badUrl = pgnotion(
            {QStringLiteral("--migrate"), QStringLiteral("--database-url"), QStringLiteral("mysql://nope")});
        QCOMPARE(badUrl.exitCode, 2);
        QVERIFY(badUrl.err.contains(QStringLiteral("postgresql://")));

        // Nothing listens on port 1: a connection error that names the (redacted) target.
        const Run unreachable = pgnotion({QStringLiteral("--migrate"), QStringLiteral("--database-url"),
                                          QStringLiteral("postgresql://u:hunter2@127.0.0.1:1/x")});
        QCOMPARE(unreachable.exitCode, 1);
        QVERIFY2(unreachable.err.contains(QStringLiteral("Cannot connect")), qPrintable(unreachable.err));
        QVERIFY(!unreachable.err.contains(QStringLiteral("hunter2")));

        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(db.exec(
            QStringLiteral("INSERT INTO pgnotion.schema_migrations (component, version, name, checksum) "
                           "VALUES ('engine', 999, '0999_future.sql', 'x')")));
        const Run newer =
            pgnotion({QStringLiteral("--migrate"), QStringLiteral("--database-url"), db.urlString()});
        QCOMPARE(newer.exitCode, 1);
        QVERIFY2(newer.err.contains(QStringLiteral("newer")), qPrintable(newer.err));
    }

    void theAppMigratesItsDatabaseAtStartUp() {
        TestDatabase db(TestDatabase::Schema::Empty);
        PGNOTION_REQUIRE(db);
        QProcess app;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        app.setProcessEnvironment(environment);
        app.start(qEnvironmentVariable("PGNOTION_BIN_DIR") + QStringLiteral("/pgnotion"),
                  {QStringLiteral("--database-url"), db.urlString()});
        QVERIFY(app.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(
            db.scalar(QStringLiteral(
                          "SELECT to_regclass('pgnotion.schema_migrations') IS NOT NULL AND "
                          "EXISTS (SELECT 1 FROM pgnotion.schema_migrations WHERE component = 'engine')"))
                .toBool(),
            20000);
        app.kill();
        app.waitForFinished();
        // A user's database gets the engine's schema, never the demo's tables.
        QVERIFY(!db.scalar(QStringLiteral("SELECT EXISTS (SELECT 1 FROM pgnotion.schema_migrations "
                                          "WHERE component = 'domain')"))
                     .toBool());
        QVERIFY(db.scalar(QStringLiteral("SELECT to_regclass('public.projects') IS NULL")).toBool());
    }

    // The demo's tables only when asked for; a table of the user's with the same name is left alone.
    void demoTablesOnlyWhenAsked() {
        TestDatabase db(TestDatabase::Schema::Empty);
        PGNOTION_REQUIRE(db);
        QVERIFY(db.exec(QStringLiteral("CREATE TABLE projects (id bigint PRIMARY KEY, title text)")));
        const Run engineOnly =
            pgnotion({QStringLiteral("--migrate"), QStringLiteral("--database-url"), db.urlString()});
        QVERIFY2(engineOnly.exitCode == 0, qPrintable(engineOnly.err));
        QCOMPARE(db.scalar(QStringLiteral("SELECT count(*) FROM information_schema.columns "
                                          "WHERE table_schema = 'public' AND table_name = 'projects'"))
                     .toInt(),
                 2);

        TestDatabase empty(TestDatabase::Schema::Empty);
        PGNOTION_REQUIRE(empty);
        const Run withDemo = pgnotion({QStringLiteral("--migrate"), QStringLiteral("--demo-tables"),
                                       QStringLiteral("--database-url"), empty.urlString()});
        QVERIFY2(withDemo.exitCode == 0, qPrintable(withDemo.err));
        QVERIFY(empty.scalar(QStringLiteral("SELECT to_regclass('public.milestones') IS NOT NULL")).toBool());
    }

    void printsItsVersion() {
        const Run version = pgnotion({QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.out.startsWith(QStringLiteral("pgnotion ")));
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
