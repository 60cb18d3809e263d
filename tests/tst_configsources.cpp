#include "CommandLine.h"
#include "SettingSources.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace pgnotion;

// Settings come from the command line, else the environment, else the config file, else the defaults.
class TestConfigSources : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QString writeConfig(const QString &name, const QByteArray &text,
                        QFileDevice::Permissions permissions = QFileDevice::ReadOwner |
                                                               QFileDevice::WriteOwner) {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        file.write(text);
        file.close();
        file.setPermissions(permissions);
        return path;
    }

    static CommandLine parse(const QStringList &arguments, const QProcessEnvironment &environment = {}) {
        return CommandLine::parse(QStringList{QStringLiteral("pgnotion")} + arguments, environment);
    }

    static QProcessEnvironment
    environment(std::initializer_list<std::pair<const char *, const char *>> pairs) {
        QProcessEnvironment result;
        for (const auto &[name, value] : pairs)
            result.insert(QString::fromLatin1(name), QString::fromLatin1(value));
        return result;
    }

private Q_SLOTS:
    void environmentNamesFollowTheOptions() {
        QCOMPARE(SettingSources::environmentName(QStringLiteral("database-url")),
                 QStringLiteral("PGNOTION_DATABASE_URL"));
        QCOMPARE(SettingSources::environmentName(QStringLiteral("notion-token-file")),
                 QStringLiteral("PGNOTION_NOTION_TOKEN_FILE"));
    }

    void eachLayerWinsOverTheOnesBelow() {
        const QString config =
            writeConfig(QStringLiteral("layers.conf"), "# a worker\n"
                                                       "workers = 6\n"
                                                       "instance = from-file\n"
                                                       "log-format = json\n"
                                                       "database-url = postgresql://h/file\n");
        const QStringList arguments{QStringLiteral("--headless"), QStringLiteral("--config"), config};

        // The file alone: its values over the defaults.
        CommandLine fromFile = parse(arguments);
        QCOMPARE(fromFile.mode, CommandLine::Mode::Headless);
        QCOMPARE(fromFile.workers, 6);
        QCOMPARE(fromFile.instance, QStringLiteral("from-file"));
        QCOMPARE(fromFile.logFormat, QStringLiteral("json"));
        QCOMPARE(fromFile.databaseUrl, QStringLiteral("postgresql://h/file"));
        QCOMPARE(fromFile.webhookAddress, QString()); // neither set anywhere: the default

        // The environment over the file.
        const auto env = environment({{"PGNOTION_WORKERS", "3"}, {"PGNOTION_INSTANCE", "from-env"}});
        CommandLine fromEnvironment = parse(arguments, env);
        QCOMPARE(fromEnvironment.workers, 3);
        QCOMPARE(fromEnvironment.instance, QStringLiteral("from-env"));
        QCOMPARE(fromEnvironment.logFormat, QStringLiteral("json"));

        // The command line over both.
        CommandLine fromCommandLine =
            parse(arguments + QStringList{QStringLiteral("--workers"), QStringLiteral("2")}, env);
        QCOMPARE(fromCommandLine.workers, 2);
        QCOMPARE(fromCommandLine.instance, QStringLiteral("from-env"));

        // Nothing anywhere: the defaults.
        CommandLine defaults = parse({QStringLiteral("--headless"), QStringLiteral("--database-url"),
                                      QStringLiteral("postgresql://h/d")});
        QCOMPARE(defaults.workers, 4);
        QCOMPARE(defaults.logFormat, QStringLiteral("text"));
    }

    void configFileComesFromTheEnvironmentToo() {
        const QString config =
            writeConfig(QStringLiteral("env.conf"), "database-url = postgresql://h/viaenv\n");
        const CommandLine command =
            parse({QStringLiteral("--check")}, environment({{"PGNOTION_CONFIG", ""}}));
        QCOMPARE(command.mode, CommandLine::Mode::Invalid); // no URL anywhere
        QVERIFY2(command.error.contains(QLatin1String("config file")), qPrintable(command.error));
        QProcessEnvironment env;
        env.insert(QStringLiteral("PGNOTION_CONFIG"), config);
        const CommandLine viaEnvironment = parse({QStringLiteral("--check")}, env);
        QCOMPARE(viaEnvironment.mode, CommandLine::Mode::Check);
        QCOMPARE(viaEnvironment.databaseUrl, QStringLiteral("postgresql://h/viaenv"));
    }

    void repeatableSettingsAddUp() {
        const QString config =
            writeConfig(QStringLiteral("repeat.conf"), "notion-database = project=aaa\n"
                                                       "notion-database = milestone=bbb\n");
        const QStringList arguments{QStringLiteral("--headless"), QStringLiteral("--database-url"),
                                    QStringLiteral("postgresql://h/d"), QStringLiteral("--config"), config};
        QCOMPARE(parse(arguments).databaseOverrides,
                 (QStringList{QStringLiteral("project=aaa"), QStringLiteral("milestone=bbb")}));
        const auto env = environment({{"PGNOTION_NOTION_DATABASE", "project=ccc, lead=ddd"}});
        QCOMPARE(parse(arguments, env).databaseOverrides,
                 (QStringList{QStringLiteral("project=ccc"), QStringLiteral("lead=ddd")}));
        // A single-valued setting from the environment is taken whole, spaces included.
        const auto spaced = environment({{"PGNOTION_MAPPING", "/srv/my mappings/a.json"}});
        QCOMPARE(parse(arguments, spaced).mappingFile, QStringLiteral("/srv/my mappings/a.json"));
    }

    void badFilesSayWhereAndWhat_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no equals") << QByteArray("workers 4\n")
                                   << QStringLiteral(":1: expected `name = value`");
        QTest::newRow("unknown") << QByteArray("\n# x\nwokers = 4\n")
                                 << QStringLiteral(":3: unknown setting \"wokers\"");
        QTest::newRow("twice") << QByteArray("workers = 4\nworkers = 5\n")
                               << QStringLiteral(":2: \"workers\" is set twice (first on line 1)");
        QTest::newRow("token") << QByteArray("notion-token = secret_abc\n")
                               << QStringLiteral(":1: the Notion token does not belong in a config file");
        QTest::newRow("mode") << QByteArray("headless = true\n")
                              << QStringLiteral("unknown setting \"headless\"");
    }
    void badFilesSayWhereAndWhat() {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        const QString config = writeConfig(QStringLiteral("bad.conf"), text);
        const CommandLine command = parse({QStringLiteral("--config"), config});
        QCOMPARE(command.mode, CommandLine::Mode::Invalid);
        QVERIFY2(command.error.startsWith(config), qPrintable(command.error));
        QVERIFY2(command.error.contains(expected), qPrintable(command.error));
        QVERIFY(!command.error.contains(QLatin1String("secret_abc")));
    }

    void unreadableFileIsAnError() {
        const CommandLine command =
            parse({QStringLiteral("--config"), m_dir.filePath(QStringLiteral("none"))});
        QCOMPARE(command.mode, CommandLine::Mode::Invalid);
        QVERIFY2(command.error.contains(QLatin1String("cannot read the config file")),
                 qPrintable(command.error));
    }

    void passwordOnlyInAFileNobodyElseReads() {
        const QByteArray text = "database-url = postgresql://worker:s3cret@db.example/app\n";
        const auto readable = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup;
        const QString shared = writeConfig(QStringLiteral("shared.conf"), text, readable);
        const CommandLine refused = parse({QStringLiteral("--headless"), QStringLiteral("--config"), shared});
        QCOMPARE(refused.mode, CommandLine::Mode::Invalid);
        QVERIFY2(refused.error.contains(QLatin1String("chmod 600")), qPrintable(refused.error));
        QVERIFY(!refused.error.contains(QLatin1String("s3cret")));

        const QString private600 = writeConfig(QStringLiteral("private.conf"), text);
        const CommandLine accepted =
            parse({QStringLiteral("--headless"), QStringLiteral("--config"), private600});
        QCOMPARE(accepted.mode, CommandLine::Mode::Headless);
        QCOMPARE(accepted.databaseUrl, QStringLiteral("postgresql://worker:s3cret@db.example/app"));

        // Without a password the file may be world-readable.
        const QString open =
            writeConfig(QStringLiteral("open.conf"), "database-url = postgresql://worker@db/app\n",
                        readable | QFileDevice::ReadOther);
        QCOMPARE(parse({QStringLiteral("--headless"), QStringLiteral("--config"), open}).mode,
                 CommandLine::Mode::Headless);
    }

    void badValuesNameTheirOrigin() {
        const QString config = writeConfig(QStringLiteral("values.conf"), "workers = 0\n");
        const CommandLine fromFile =
            parse({QStringLiteral("--headless"), QStringLiteral("--database-url"),
                   QStringLiteral("postgresql://h/d"), QStringLiteral("--config"), config});
        QCOMPARE(fromFile.mode, CommandLine::Mode::Invalid);
        QCOMPARE(fromFile.error,
                 QStringLiteral("--workers must be a number from 1 to 64 (\"0\" from %1:1)").arg(config));
        const CommandLine fromEnvironment =
            parse({QStringLiteral("--headless"), QStringLiteral("--database-url"),
                   QStringLiteral("postgresql://h/d")},
                  environment({{"PGNOTION_LOG_FORMAT", "xml"}}));
        QCOMPARE(fromEnvironment.error,
                 QStringLiteral("--log-format must be text or json (\"xml\" from PGNOTION_LOG_FORMAT)"));
    }

    void showConfigPrintsEveryValueWithItsOriginAndNoPassword() {
        const QString config =
            writeConfig(QStringLiteral("show.conf"), "instance = rack-7\n"
                                                     "database-url = postgresql://w:pw@db/app\n");
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PGNOTION_WORKERS"), QStringLiteral("5"));
        env.remove(QStringLiteral("PGNOTION_DATABASE_URL"));
        process.setProcessEnvironment(env);
        process.start(qEnvironmentVariable("PGNOTION_BIN_DIR") + QStringLiteral("/pgnotion"),
                      {QStringLiteral("--show-config"), QStringLiteral("--config"), config,
                       QStringLiteral("--log-format"), QStringLiteral("json")});
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 0);
        const QString out = QString::fromUtf8(process.readAllStandardOutput());
        QVERIFY2(out.contains(QStringLiteral("instance = rack-7    # %1:1").arg(config)), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("workers = 5    # PGNOTION_WORKERS")), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("log-format = json    # command line")), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("webhook-address =     # default")), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("database-url = postgresql://w:***@db")), qPrintable(out));
        QVERIFY(!out.contains(QLatin1String(":pw@")));
    }
};

QTEST_GUILESS_MAIN(TestConfigSources)
#include "tst_configsources.moc"
