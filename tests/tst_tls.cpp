#include "EmulatedWorkspace.h"
#include "PlainPostgresServer.h"
#include "TestDatabase.h"
#include "db/DatabaseConnection.h"
#include "settings/AppSettings.h"
#include "settings/ConnectionTester.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace pgnotion;
using namespace pgnotion::test;

namespace {

// The URL with its host replaced (when given) and these options set.
QString withOptions(const QString &url, const QList<QPair<QString, QString>> &options,
                    const QString &host = {}) {
    QUrl changed(url);
    if (!host.isEmpty())
        changed.setHost(host);
    QUrlQuery query(changed);
    for (const auto &[key, value] : options) {
        query.removeAllQueryItems(key);
        query.addQueryItem(key, value);
    }
    changed.setQuery(query);
    return changed.toString(QUrl::FullyEncoded);
}

QString caFile() {
    return qEnvironmentVariable("PGNOTION_TEST_SSL_CA");
}

QString onlyProblem(const ConnectionReport &report) {
    return report.problems.size() == 1 ? report.problems.first()
                                       : QStringLiteral("expected one problem, got: ") + report.text();
}

// Whether the connection `url` opens is encrypted, as the server sees it; an error message otherwise.
Result<bool> serverSeesTls(const QString &url) {
    return withConnection(url, QStringLiteral("tls-check"), [](QSqlDatabase database) -> Result<bool> {
        QSqlQuery query(database);
        if (!query.exec(QStringLiteral("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) ||
            !query.next())
            return sqlError(query, QStringLiteral("Reading pg_stat_ssl"));
        return query.value(0).toBool();
    });
}

// A CA of its own (not the test cluster's), made with openssl: the file, or empty.
QString otherCa(const QTemporaryDir &dir) {
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                   QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                   QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"),
                   QStringLiteral("/CN=another CA"), QStringLiteral("-keyout"),
                   dir.filePath(QStringLiteral("other.key")), QStringLiteral("-out"),
                   dir.filePath(QStringLiteral("other.crt"))});
    if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0) {
        qWarning() << "openssl:" << openssl.readAll();
        return {};
    }
    return dir.filePath(QStringLiteral("other.crt"));
}

} // namespace

// PostgreSQL over TLS against the test cluster (tests/with-postgres.sh: ssl=on, a certificate for
// 127.0.0.1 and localhost signed by the CA in PGNOTION_TEST_SSL_CA), and the one-line explanations of
// every TLS failure an admin meets.
class TestTls : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QStringList m_roles;

    // A login role of the cluster in `group` (created when missing), dropped in cleanup().
    QString newRole(TestDatabase &db, const QString &prefix, const QString &group,
                    const QString &password = {}) {
        const QString role = QStringLiteral("%1_%2_%3")
                                 .arg(prefix)
                                 .arg(QCoreApplication::applicationPid())
                                 .arg(m_roles.size());
        // Tests run in parallel on one cluster: the group may appear between a check and a create.
        if (!db.exec(QStringLiteral("DO $$ BEGIN CREATE ROLE %1 NOLOGIN; EXCEPTION WHEN duplicate_object "
                                    "OR unique_violation THEN NULL; END $$")
                         .arg(group)) ||
            !db.exec(
                QStringLiteral("CREATE ROLE %1 LOGIN SUPERUSER IN ROLE %2 %3")
                    .arg(role, group,
                         password.isEmpty() ? QString() : QStringLiteral("PASSWORD '%1'").arg(password))))
            return {};
        m_roles.append(role);
        return role;
    }

    static QString asRole(const TestDatabase &db, const QString &role, const QString &password = {}) {
        QUrl url(db.urlString());
        url.setUserName(role);
        url.setPassword(password);
        return url.toString(QUrl::FullyEncoded);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY2(QFile::exists(caFile()),
                 "PGNOTION_TEST_SSL_CA names no file: run the tests through tests/with-postgres.sh");
    }

    void cleanup() {
        if (m_roles.isEmpty())
            return;
        const auto server = DatabaseUrl::parse(qEnvironmentVariable("PGNOTION_TEST_DATABASE_URL"));
        QVERIFY(server.ok());
        DatabaseConnection admin(server.value(), QStringLiteral("tls-cleanup"));
        QVERIFY(admin.open().ok());
        for (const QString &role : std::as_const(m_roles))
            QVERIFY(admin.execute(QStringLiteral("DROP ROLE IF EXISTS %1").arg(role)).ok());
        m_roles.clear();
    }

    void sslModeRequireEncrypts() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        const QString url =
            withOptions(db.urlString(), {{QStringLiteral("sslmode"), QStringLiteral("require")}});
        const auto tls = serverSeesTls(url);
        QVERIFY2(tls.ok(), qPrintable(tls.ok() ? QString() : tls.error().message));
        QVERIFY(tls.value());
        const auto report = ConnectionTester::testPostgres(url, {});
        QVERIFY2(report.ok(), qPrintable(report.text()));
        QVERIFY2(report.passed.first().endsWith(QStringLiteral("(TLS)")), qPrintable(report.text()));

        const QString plain =
            withOptions(db.urlString(), {{QStringLiteral("sslmode"), QStringLiteral("disable")}});
        QVERIFY(!serverSeesTls(plain).value());
    }

    void verifyFullWithTheCaConnects_data() {
        QTest::addColumn<QString>("host");
        QTest::newRow("ip") << QStringLiteral("127.0.0.1");
        QTest::newRow("name") << QStringLiteral("localhost");
    }

    void verifyFullWithTheCaConnects() {
        QFETCH(QString, host);
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        const QString url = withOptions(db.urlString(),
                                        {{QStringLiteral("sslmode"), QStringLiteral("verify-full")},
                                         {QStringLiteral("sslrootcert"), caFile()}},
                                        host);
        const auto tls = serverSeesTls(url);
        QVERIFY2(tls.ok(), qPrintable(tls.ok() ? QString() : tls.error().message));
        QVERIFY(tls.value());
        const auto report = ConnectionTester::testPostgres(url, {});
        QVERIFY2(report.ok(), qPrintable(report.text()));
    }

    // libpq reads a quoted connection option whole (DatabaseUrl quotes it); the Settings page builds the
    // URL from its SSL mode and CA file fields.
    void theSettingsCaFileMayBeInAFolderWithASpace() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        const QString folder = m_dir.filePath(QStringLiteral("Application Support/100% & #1"));
        QVERIFY(QDir().mkpath(folder));
        const QString copy = folder + QStringLiteral("/server's ca.crt");
        QFile::remove(copy);
        QVERIFY(QFile::copy(caFile(), copy));
        AppSettings settings;
        settings.databaseUrl = db.urlString();
        settings.sslMode = QStringLiteral("verify-full");
        settings.sslRootCertificate = copy;
        QVERIFY2(settings.problems().isEmpty(), qPrintable(settings.problems().join(QLatin1Char('\n'))));
        const QString url = settings.connectionUrl({});
        const auto parsed = DatabaseUrl::parse(url);
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? url : parsed.error().message));
        QCOMPARE(parsed.value().option(QStringLiteral("sslrootcert")), copy);
        const auto report = ConnectionTester::testPostgres(url, {});
        QVERIFY2(report.ok(), qPrintable(report.text()));
        QVERIFY2(report.passed.first().endsWith(QStringLiteral("(TLS)")), qPrintable(report.text()));
    }

    void aWrongCaFailsClearly() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        const QString other = otherCa(m_dir);
        QVERIFY(!other.isEmpty());
        const QString url =
            withOptions(db.urlString(), {{QStringLiteral("sslmode"), QStringLiteral("verify-full")},
                                         {QStringLiteral("sslrootcert"), other}});
        const auto report = ConnectionTester::testPostgres(url, {});
        const QString expected = QStringLiteral("TLS verification failed: the certificate of the server at "
                                                "127.0.0.1:%1 is not signed by the CA in \"%2\"")
                                     .arg(db.url().port())
                                     .arg(other);
        QVERIFY2(onlyProblem(report).startsWith(expected), qPrintable(report.text()));

        // The command line's check says the same, one line, and exits 1.
        QProcess check;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("PGNOTION_NOTION_TOKEN"), QStringLiteral("secret_unused"));
        check.setProcessEnvironment(environment);
        check.start(qEnvironmentVariable("PGNOTION_BIN_DIR") + QStringLiteral("/pgnotion"),
                    {QStringLiteral("--headless"), QStringLiteral("--check"),
                     QStringLiteral("--database-url"), url, QStringLiteral("--notion-base-url"),
                     QStringLiteral("http://127.0.0.1:9")});
        QVERIFY(check.waitForFinished(60000));
        const QString output = QString::fromUtf8(check.readAllStandardOutput());
        QCOMPARE(check.exitCode(), 1);
        QVERIFY2(output.contains(QStringLiteral("problem  ") + expected), qPrintable(output));
    }

    void aCertificateForAnotherHostNameFailsClearly() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        // hostaddr: connect to the cluster while checking its certificate against another name.
        const QString url = withOptions(db.urlString(),
                                        {{QStringLiteral("sslmode"), QStringLiteral("verify-full")},
                                         {QStringLiteral("sslrootcert"), caFile()},
                                         {QStringLiteral("hostaddr"), QStringLiteral("127.0.0.1")}},
                                        QStringLiteral("db.pgnotion.test"));
        const auto report = ConnectionTester::testPostgres(url, {});
        QVERIFY2(onlyProblem(report).startsWith(QStringLiteral(
                     "TLS verification failed: the server's certificate is for \"localhost\" (and "
                     "1 other name), not for the host \"db.pgnotion.test\"")),
                 qPrintable(report.text()));
        // verify-ca checks the CA only: the same URL connects.
        const QString caOnly = withOptions(url, {{QStringLiteral("sslmode"), QStringLiteral("verify-ca")}});
        QVERIFY2(ConnectionTester::testPostgres(caOnly, {}).ok(),
                 qPrintable(ConnectionTester::testPostgres(caOnly, {}).text()));
    }

    void aMissingCaFileIsNamed() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        const QString missing = m_dir.filePath(QStringLiteral("missing/ca.crt"));
        const QString url =
            withOptions(db.urlString(), {{QStringLiteral("sslmode"), QStringLiteral("verify-full")},
                                         {QStringLiteral("sslrootcert"), missing}});
        const auto report = ConnectionTester::testPostgres(url, {});
        QVERIFY2(onlyProblem(report).startsWith(
                     QStringLiteral("TLS: the CA file \"%1\" does not exist").arg(missing)),
                 qPrintable(report.text()));
        // The engine's own connections say it in the same words.
        DatabaseConnection connection(DatabaseUrl::parse(url).value(), QStringLiteral("tls"));
        const auto opened = connection.open();
        QVERIFY(!opened.ok());
        QVERIFY2(opened.error().message.contains(QStringLiteral("TLS: the CA file")),
                 qPrintable(opened.error().message));
        QVERIFY2(!opened.error().message.contains(QLatin1Char('\n')), qPrintable(opened.error().message));
    }

    void requiringTlsFromAServerWithoutItSaysTlsIsUnsupported() {
        PlainPostgresServer plain;
        QVERIFY(plain.port() != 0);
        const auto report = ConnectionTester::testPostgres(
            QStringLiteral("postgresql://app@127.0.0.1:%1/shop?sslmode=require").arg(plain.port()), {});
        QVERIFY2(onlyProblem(report).startsWith(
                     QStringLiteral("TLS unsupported: the server at 127.0.0.1:%1 does not offer SSL")
                         .arg(plain.port())),
                 qPrintable(report.text()));
    }

    // A server whose pg_hba.conf admits a user over TLS only (as hosted PostgreSQL does).
    void aServerThatRequiresTlsSaysSoToAPlainClient() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        const QString role = newRole(db, QStringLiteral("tls_only"), QStringLiteral("pgnotion_tls_only"));
        QVERIFY(!role.isEmpty());
        const QString plain =
            withOptions(asRole(db, role), {{QStringLiteral("sslmode"), QStringLiteral("disable")}});
        const auto report = ConnectionTester::testPostgres(plain, {});
        QVERIFY2(
            onlyProblem(report).startsWith(
                QStringLiteral("TLS required: the server at 127.0.0.1:%1 refuses unencrypted connections for "
                               "user \"%2\"")
                    .arg(db.url().port())
                    .arg(role)),
            qPrintable(report.text()));
        const QString encrypted =
            withOptions(asRole(db, role), {{QStringLiteral("sslmode"), QStringLiteral("require")}});
        QVERIFY2(ConnectionTester::testPostgres(encrypted, {}).ok(),
                 qPrintable(ConnectionTester::testPostgres(encrypted, {}).text()));
    }

    void aWrongPasswordSaysAuthenticationFailed() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        const QString role = newRole(db, QStringLiteral("pw"), QStringLiteral("pgnotion_password_auth"),
                                     QStringLiteral("right-horse"));
        QVERIFY(!role.isEmpty());
        const auto wrong =
            ConnectionTester::testPostgres(asRole(db, role, QStringLiteral("wrong-battery")), {});
        QVERIFY2(
            onlyProblem(wrong).startsWith(QStringLiteral("Authentication failed for user \"%1\"").arg(role)),
            qPrintable(wrong.text()));
        QVERIFY(!wrong.text().contains(QStringLiteral("wrong-battery")));
        const auto right =
            ConnectionTester::testPostgres(asRole(db, role, QStringLiteral("right-horse")), {});
        QVERIFY2(right.ok(), qPrintable(right.text()));
    }

    // The headless worker end to end over verify-full, as a role the server admits over TLS only: had any
    // of its connections (workers, feeder, completer, listener, poller, idle check) gone without TLS, the
    // server would have refused it.
    void theHeadlessWorkerSyncsOverTls() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        QVERIFY(db.exec(QStringLiteral("INSERT INTO tiers (level, name) VALUES (2, 'Pro')")));
        QVERIFY(db.exec(QStringLiteral("INSERT INTO clients (name) VALUES ('Acme')")));
        QVERIFY(db.exec(QStringLiteral("INSERT INTO projects (name, tier, client_id) VALUES ('Over TLS', 2, "
                                       "(SELECT id FROM clients))")));
        const QString role = newRole(db, QStringLiteral("tls_worker"), QStringLiteral("pgnotion_tls_only"));
        QVERIFY(!role.isEmpty());
        EmulatedWorkspace notion;
        const QString started = notion.start();
        QVERIFY2(started.isEmpty(), qPrintable(started));

        const QString url = withOptions(asRole(db, role),
                                        {{QStringLiteral("sslmode"), QStringLiteral("verify-full")},
                                         {QStringLiteral("sslrootcert"), caFile()}},
                                        QStringLiteral("localhost"));
        QProcess worker;
        notion.startHeadless(
            worker, url,
            {QStringLiteral("--exit-when-idle"), QStringLiteral("--instance"), QStringLiteral("tst-tls")});
        QVERIFY(worker.waitForFinished(60000));
        const QString output = QString::fromUtf8(worker.readAll());
        QVERIFY2(worker.exitStatus() == QProcess::NormalExit && worker.exitCode() == 0, qPrintable(output));
        QCOMPARE(notion.notion().countPages(notion.dataSources().value(QStringLiteral("project"))), 1);
        QVERIFY(!db.scalar(QStringLiteral("SELECT notion_page_id FROM projects")).toString().isEmpty());
        QCOMPARE(
            db.scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_log WHERE outcome = 'completed'"))
                .toInt(),
            1);
    }
};

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
