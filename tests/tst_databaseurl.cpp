#include "db/DatabaseUrl.h"

#include <QSqlDatabase>
#include <QTest>

using namespace pgnotion;

class TestDatabaseUrl : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parsesEveryPart() {
        const auto url = DatabaseUrl::parse(
            QStringLiteral("postgresql://alice:s%40cret@db.example.com:6543/app?sslmode=require"));
        QVERIFY2(url.ok(), qPrintable(url.ok() ? QString() : url.error().message));
        QCOMPARE(url.value().host(), QStringLiteral("db.example.com"));
        QCOMPARE(url.value().port(), 6543);
        QCOMPARE(url.value().user(), QStringLiteral("alice"));
        QCOMPARE(url.value().database(), QStringLiteral("app"));
        QCOMPARE(url.value().option(QStringLiteral("sslmode")), QStringLiteral("require"));
        // Defaults that make a hung server a clear error and the connection visible in pg_stat_activity.
        QCOMPARE(url.value().option(QStringLiteral("connect_timeout")), QStringLiteral("10"));
        QCOMPARE(url.value().option(QStringLiteral("application_name")), QStringLiteral("pgnotion"));
    }

    void defaultsThePortAndAcceptsPostgresScheme() {
        const auto url = DatabaseUrl::parse(QStringLiteral("postgres://bob@localhost/db"));
        QVERIFY(url.ok());
        QCOMPARE(url.value().port(), 5432);
    }

    void redactsThePassword() {
        const auto url = DatabaseUrl::parse(QStringLiteral("postgresql://alice:topsecret@h:1/d"));
        QVERIFY(url.ok());
        QVERIFY(!url.value().redacted().contains(QStringLiteral("topsecret")));
        QVERIFY(url.value().redacted().contains(QStringLiteral("***")));
        QVERIFY(url.value().toString().contains(QStringLiteral("topsecret")));
    }

    void appliesItselfToAQSqlDatabase() {
        const auto url = DatabaseUrl::parse(QStringLiteral("postgresql://u:p%3Bw@h:7/d?sslmode=disable"));
        QVERIFY(url.ok());
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("apply"));
        url.value().applyTo(db);
        QCOMPARE(db.hostName(), QStringLiteral("h"));
        QCOMPARE(db.port(), 7);
        QCOMPARE(db.password(), QStringLiteral("p;w"));
        QVERIFY(db.connectOptions().contains(QStringLiteral("sslmode=disable")));
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("apply"));
    }

    // libpq reads a quoted value whole: a CA file in a folder with a space, options with several -c.
    void quotesValuesWithSpacesForLibpq() {
        const auto url = DatabaseUrl::parse(
            QStringLiteral("postgresql://u@h/d?sslrootcert=/home/a%20b/it's%5Cca.crt&options=-c%20a%3D1"));
        QVERIFY2(url.ok(), qPrintable(url.ok() ? QString() : url.error().message));
        QCOMPARE(url.value().option(QStringLiteral("sslrootcert")), QStringLiteral("/home/a b/it's\\ca.crt"));
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("quoted"));
        url.value().applyTo(db);
        const QStringList options = db.connectOptions().split(QLatin1Char(';'));
        QVERIFY2(options.contains(QStringLiteral("sslrootcert='/home/a b/it\\'s\\\\ca.crt'")),
                 qPrintable(db.connectOptions()));
        QVERIFY2(options.contains(QStringLiteral("options='-c a=1'")), qPrintable(db.connectOptions()));
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("quoted"));
    }

    void roundTripsThroughToString() {
        const auto url = DatabaseUrl::parse(QStringLiteral("postgresql://u:p@h:7/d?sslmode=require"));
        QVERIFY(url.ok());
        const auto again = DatabaseUrl::parse(url.value().toString());
        QVERIFY(again.ok());
        QCOMPARE(again.value().toString(), url.value().toString());
        QCOMPARE(url.value().withDatabase(QStringLiteral("other")).database(), QStringLiteral("other"));
    }

    void rejectsBadInputClearly_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("scheme") << QStringLiteral("mysql://h/d") << QStringLiteral("scheme");
        QTest::newRow("no host") << QStringLiteral("postgresql:///d") << QStringLiteral("host");
        QTest::newRow("typo") << QStringLiteral("postgresql://h/d?sslmod=require")
                              << QStringLiteral("sslmod");
        QTest::newRow("semicolon") << QStringLiteral("postgresql://h/d?options=a%3Bb")
                                   << QStringLiteral("semicolons");
        QTest::newRow("sslmode") << QStringLiteral("postgresql://h/d?sslmode=verify_full")
                                 << QStringLiteral("sslmode \"verify_full\" is not one of");
        QTest::newRow("garbage") << QStringLiteral("not a url at all") << QStringLiteral("postgresql://");
    }
    void rejectsBadInputClearly() {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const auto url = DatabaseUrl::parse(text);
        QVERIFY(!url.ok());
        QCOMPARE(url.error().code, QStringLiteral("bad_url"));
        QVERIFY2(url.error().message.contains(expected), qPrintable(url.error().message));
    }
};

QTEST_GUILESS_MAIN(TestDatabaseUrl)
#include "tst_databaseurl.moc"
