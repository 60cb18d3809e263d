#include "NotionEmulator.h"
#include "TestDatabase.h"
#include "settings/ConnectionTester.h"

#include <QFile>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace pgnotion;
using namespace pgnotion::test;

namespace {

QJsonObject type(const char *name) {
    return QJsonObject{{QLatin1String(name), QJsonObject{}}};
}

// A port on loopback where nothing listens.
quint16 closedPort() {
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

QString onlyProblem(const ConnectionReport &report) {
    return report.problems.size() == 1 ? report.problems.first()
                                       : QStringLiteral("expected one problem, got: ") + report.text();
}

} // namespace

// The checks behind the "Test connection" buttons: against a real (throwaway) PostgreSQL, and against the
// in-process Notion emulator. Each failure must come out as one line naming its cause.
class TestConnectionTester : public QObject {
    Q_OBJECT

    std::unique_ptr<notionemu::NotionEmulator> m_notion;
    QTemporaryDir m_dir;

    // A mapping of one resource (the seed's projects) onto `databaseId`.
    QString mappingFile(const QString &databaseId) {
        const QJsonObject mapping{
            {QStringLiteral("version"), 1},
            {QStringLiteral("resources"),
             QJsonObject{
                 {QStringLiteral("project"),
                  QJsonObject{
                      {QStringLiteral("table"), QStringLiteral("projects")},
                      {QStringLiteral("notion_database"), databaseId},
                      {QStringLiteral("properties"),
                       QJsonObject{{QStringLiteral("Name"),
                                    QJsonObject{{QStringLiteral("column"), QStringLiteral("name")},
                                                {QStringLiteral("type"), QStringLiteral("title")}}}}}}}}},
        };
        const QString path = m_dir.filePath(QStringLiteral("mapping-%1.json").arg(databaseId));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(QJsonDocument(mapping).toJson());
        return path;
    }

    NotionClientOptions notionOptions(const QString &token) const {
        NotionClientOptions options;
        options.baseUrl = m_notion->baseUrl();
        options.token = token;
        return options;
    }

    QString projectsDatabase(const QStringList &sharedWith = {}) {
        return m_notion
            ->createDatabase(QStringLiteral("Projects"),
                             QJsonObject{{QStringLiteral("Name"), type("title")},
                                         {QStringLiteral("Postgres ID"), type("rich_text")}},
                             sharedWith)
            .databaseId;
    }

private Q_SLOTS:
    void init() {
        m_notion = std::make_unique<notionemu::NotionEmulator>();
        QVERIFY(m_notion->start());
        m_notion->setRateLimit(0, 0);
    }

    void cleanup() { m_notion.reset(); }

    void explainsLibpqMessages_data() {
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("expected");
        // libpq's own words (PostgreSQL 15), including those the trust-only test cluster cannot produce.
        QTest::newRow("password") << QStringLiteral(
                                         "connection to server at \"db\" (10.0.0.1), port 5432 failed: "
                                         "FATAL:  password authentication failed for user \"app\"")
                                  << QStringLiteral("Authentication failed for user \"app\"");
        QTest::newRow("no password") << QStringLiteral("fe_sendauth: no password supplied")
                                     << QStringLiteral("Authentication failed");
        QTest::newRow("unknown role") << QStringLiteral("FATAL:  role \"app\" does not exist")
                                      << QStringLiteral("the user \"app\" does not exist");
        QTest::newRow("hba needs tls")
            << QStringLiteral("FATAL:  no pg_hba.conf entry for host \"10.0.0.2\", user \"app\", database "
                              "\"shop\", no encryption")
            << QStringLiteral("TLS required");
        QTest::newRow("hba rejects plain")
            << QStringLiteral("FATAL:  pg_hba.conf rejects connection for host \"10.0.0.2\", user \"app\", "
                              "database \"shop\", no encryption")
            << QStringLiteral("TLS required");
        QTest::newRow("verify failed") << QStringLiteral("SSL error: certificate verify failed")
                                       << QStringLiteral("TLS verification failed");
        QTest::newRow("no ca file")
            << QStringLiteral(
                   "root certificate file \"/root/.postgresql/root.crt\" does not exist\nEither "
                   "provide the file or change sslmode to disable server certificate verification.")
            << QStringLiteral(
                   "TLS: the CA file \"/root/.postgresql/root.crt\" (libpq's default: no CA file is "
                   "set) does not exist");
        QTest::newRow("bad ca file")
            << QStringLiteral(
                   "could not read root certificate file \"/tmp/ca.crt\": no certificate or crl found")
            << QStringLiteral(
                   "TLS: the CA file \"/tmp/ca.crt\" cannot be read or holds no PEM certificate (no "
                   "certificate or crl found)");
        QTest::newRow("client key readable")
            << QStringLiteral(
                   "private key file \"/home/a/.postgresql/postgresql.key\" has group or world access; "
                   "file must have permissions u=rw (0600) or less if owned by the current user")
            << QStringLiteral(
                   "TLS: the client key \"/home/a/.postgresql/postgresql.key\" can be read by other "
                   "users: chmod 600 it");
        QTest::newRow("host name mismatch")
            << QStringLiteral("server certificate for \"other\" does not match host name \"db\"")
            << QStringLiteral(
                   "TLS verification failed: the server's certificate is for \"other\", not for the "
                   "host \"db\"");
        QTest::newRow("timeout") << QStringLiteral("timeout expired") << QStringLiteral("timed out");
        QTest::newRow("dns") << QStringLiteral("could not translate host name \"db\" to address: Name or "
                                               "service not known")
                             << QStringLiteral("DNS: the host \"db\" was not found");
    }

    void explainsLibpqMessages() {
        QFETCH(QString, message);
        QFETCH(QString, expected);
        const auto url =
            DatabaseUrl::parse(QStringLiteral("postgresql://app:pw@db:5432/shop?sslmode=verify-full"));
        QVERIFY(url.ok());
        const QString explained = ConnectionTester::explainConnectionFailure(message, url.value());
        QVERIFY2(explained.contains(expected), qPrintable(explained));
        QVERIFY2(!explained.contains(QStringLiteral("pw")), "the password never appears");
        QVERIFY2(!explained.contains(QLatin1Char('\n')), qPrintable(explained));
    }

    void unknownHostIsADnsFailure() {
        const auto report = ConnectionTester::testPostgres(
            QStringLiteral("postgresql://postgres@no-such-host.invalid:5432/postgres?connect_timeout=5"), {});
        QVERIFY2(onlyProblem(report).startsWith(QStringLiteral("DNS: the host \"no-such-host.invalid\"")),
                 qPrintable(report.text()));
    }

    void closedPortIsRefused() {
        const auto report = ConnectionTester::testPostgres(
            QStringLiteral("postgresql://postgres@127.0.0.1:%1/postgres").arg(closedPort()), {});
        QVERIFY2(onlyProblem(report).startsWith(QStringLiteral("Connection refused at 127.0.0.1:")),
                 qPrintable(report.text()));
    }

    void missingDatabaseIsNamed() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        const auto report = ConnectionTester::testPostgres(
            db.url().withDatabase(QStringLiteral("no_such_db")).toString(), {});
        QVERIFY2(onlyProblem(report).startsWith(QStringLiteral("The database \"no_such_db\" does not exist")),
                 qPrintable(report.text()));
    }

    void unmigratedDatabaseSaysRunMigrate() {
        TestDatabase db(TestDatabase::Schema::Empty);
        PGNOTION_REQUIRE(db);
        const auto report = ConnectionTester::testPostgres(db.urlString(), {});
        QVERIFY(!report.ok());
        QVERIFY2(report.problems.first().contains(QStringLiteral("not migrated")), qPrintable(report.text()));
        QVERIFY(report.problems.first().contains(QStringLiteral("pgnotion --migrate")));
        QVERIFY2(report.passed.first().startsWith(QStringLiteral("Connected to PostgreSQL")),
                 qPrintable(report.text()));
    }

    void migratedDatabaseWithTheSeedPasses() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        const auto report = ConnectionTester::testPostgres(db.urlString(), {});
        QVERIFY2(report.ok(), qPrintable(report.text()));
        QCOMPARE(report.passed.size(), 3);
    }

    void missingTablesAndColumnsAreNamed() {
        TestDatabase engineOnly(TestDatabase::Schema::Engine);
        PGNOTION_REQUIRE(engineOnly);
        auto report = ConnectionTester::testPostgres(engineOnly.urlString(), {});
        QVERIFY2(
            report.text().contains(QStringLiteral("Resource project: the table \"projects\" does not exist")),
            qPrintable(report.text()));

        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(db.exec(QStringLiteral("ALTER TABLE milestones DROP COLUMN name")));
        report = ConnectionTester::testPostgres(db.urlString(), {});
        QVERIFY2(report.text().contains(
                     QStringLiteral("Resource milestone: the table \"milestones\" has no column \"name\" "
                                    "(property \"Name\")")),
                 qPrintable(report.text()));
    }

    void goodTokenAndSharedDatabasePass() {
        const auto report = ConnectionTester::testNotion(
            notionOptions(notionemu::NotionEmulator::defaultToken()), mappingFile(projectsDatabase()));
        QVERIFY2(report.ok(), qPrintable(report.text()));
        QVERIFY(report.passed.first().startsWith(QStringLiteral("Notion accepts the token")));
    }

    void badTokenIsRejected() {
        const auto report = ConnectionTester::testNotion(notionOptions(QStringLiteral("secret_wrong")),
                                                         mappingFile(projectsDatabase()));
        QVERIFY2(onlyProblem(report).startsWith(QStringLiteral("Notion rejected the token (HTTP 401")),
                 qPrintable(report.text()));
        QVERIFY(!report.text().contains(QStringLiteral("secret_wrong")));
    }

    void databaseNotSharedWithTheIntegrationSaysHowToShareIt() {
        // Shared with another integration only: this token gets 404 object_not_found, as from Notion.
        m_notion->addToken(QStringLiteral("secret_other"), QStringLiteral("Other"));
        const QString database = projectsDatabase({QStringLiteral("secret_other")});
        auto report = ConnectionTester::testNotion(notionOptions(notionemu::NotionEmulator::defaultToken()),
                                                   mappingFile(database));
        QVERIFY2(onlyProblem(report).contains(QStringLiteral("is not shared with the integration")),
                 qPrintable(report.text()));
        QVERIFY(report.problems.first().contains(QStringLiteral("Connections")));

        // An id that exists nowhere answers the same 404.
        report =
            ConnectionTester::testNotion(notionOptions(notionemu::NotionEmulator::defaultToken()),
                                         mappingFile(QStringLiteral("0123456789abcdef0123456789abcdef")));
        QVERIFY2(onlyProblem(report).contains(QStringLiteral("is not shared with the integration")),
                 qPrintable(report.text()));
    }

    void schemaMismatchIsReported() {
        const QString database = m_notion
                                     ->createDatabase(QStringLiteral("Projects"),
                                                      QJsonObject{{QStringLiteral("Name"), type("title")}})
                                     .databaseId;
        const auto report = ConnectionTester::testNotion(
            notionOptions(notionemu::NotionEmulator::defaultToken()), mappingFile(database));
        QVERIFY2(onlyProblem(report).contains(QStringLiteral("Postgres ID")), qPrintable(report.text()));
    }

    void unreachableNotionIsSaid() {
        NotionClientOptions options = notionOptions(notionemu::NotionEmulator::defaultToken());
        options.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(closedPort()));
        const auto report = ConnectionTester::testNotion(options, {});
        QVERIFY2(onlyProblem(report).startsWith(QStringLiteral("Cannot reach Notion at http://127.0.0.1:")),
                 qPrintable(report.text()));
    }
};

QTEST_GUILESS_MAIN(TestConnectionTester)
#include "tst_connectiontester.moc"
