#include "CommandLine.h"

#include "ConfigFile.h"
#include "SettingSources.h"
#include "db/DatabaseUrl.h"

#include <QCommandLineParser>

namespace pgnotion {

CommandLine CommandLine::parse(const QStringList &arguments, const QProcessEnvironment &environment) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Keeps Postgres and Notion in sync, and shows how healthy the "
                       "sync is."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    const QCommandLineOption version(QStringLiteral("version"),
                                     QStringLiteral("Print the version and exit."));
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Start on the embedded default: a private PostgreSQL in a "
                                                 "temporary directory, removed on exit."));
    const QCommandLineOption migrate(
        QStringLiteral("migrate"), QStringLiteral("Apply the database migrations and exit (0 on success)."));
    const QCommandLineOption demoTables(
        QStringLiteral("demo-tables"),
        QStringLiteral(
            "When migrating, also create the demo's example tables (projects, milestones, "
            "deliverables, payments, leads...) with their sync triggers: for trying pgnotion on an "
            "empty database. Without it only the engine's schema (pgnotion.*) is created."));
    // Earlier versions created the demo tables unless told --engine-only; it is the default now, and the
    // option stays accepted so that existing scripts and unit files keep working.
    const QCommandLineOption engineOnly(QStringLiteral("engine-only"),
                                        QStringLiteral("Only the engine's schema (the default)."));
    const QCommandLineOption databaseUrl(QStringLiteral("database-url"),
                                         QStringLiteral("PostgreSQL URL (default: $PGNOTION_DATABASE_URL)."),
                                         QStringLiteral("url"));
    const QCommandLineOption headless(QStringLiteral("headless"),
                                      QStringLiteral("Run the sync engine without a window (a worker)."));
    const QCommandLineOption notionBaseUrl(
        QStringLiteral("notion-base-url"),
        QStringLiteral("Notion API base URL (default https://api.notion.com)."), QStringLiteral("url"));
    const QCommandLineOption mapping(QStringLiteral("mapping"),
                                     QStringLiteral("Mapping file (default: built in)."),
                                     QStringLiteral("file"));
    const QCommandLineOption notionDatabase(
        QStringLiteral("notion-database"),
        QStringLiteral("The Notion database of a resource type for this run "
                       "(repeatable)."),
        QStringLiteral("type=id"));
    const QCommandLineOption workers(QStringLiteral("workers"), QStringLiteral("Worker threads (default 4)."),
                                     QStringLiteral("n"), QStringLiteral("4"));
    const QCommandLineOption exitWhenIdle(
        QStringLiteral("exit-when-idle"),
        QStringLiteral("With --headless: exit 0 once no job is waiting or running."));
    const QCommandLineOption instance(QStringLiteral("instance"),
                                      QStringLiteral("With --headless: the stable name of this worker."),
                                      QStringLiteral("name"));
    const QCommandLineOption createDatabases(
        QStringLiteral("create-notion-databases"),
        QStringLiteral("Create the mapping's Notion databases under this page "
                       "(shared with the integration), print their ids, exit."),
        QStringLiteral("page"));
    const QCommandLineOption verify(
        QStringLiteral("verify"),
        QStringLiteral("Compare every mapped row with its Notion page and print the drift: missing, "
                       "gone, duplicate and orphan pages, differing properties, broken relations. Exits "
                       "0 when none, 1 when some, 2 on a usage or configuration error, 3 when Postgres or "
                       "Notion could not be read."));
    const QCommandLineOption repair(QStringLiteral("repair"),
                                    QStringLiteral("With --verify: also enqueue the fixes (resyncs; "
                                                   "duplicate pages go to the trash)."));
    const QCommandLineOption import(
        QStringLiteral("import"),
        QStringLiteral("Initial migration: match the pages already in Notion to rows (by Postgres ID, else "
                       "by title; ambiguous titles are reported, never guessed), link them, then queue a "
                       "full sync. Resumable: run it again after an interruption. Exits 0 when every page "
                       "was linked, 1 on unmatched or ambiguous pages, an error or an interruption, 2 on a "
                       "usage or configuration error."));
    const QCommandLineOption dryRun(QStringLiteral("dry-run"),
                                    QStringLiteral("With --import: read and match, write nothing, print "
                                                   "what would happen."));
    const QCommandLineOption createRows(QStringLiteral("create-rows"),
                                        QStringLiteral("With --import: pages that match no row become rows "
                                                       "(title and inbound-rule columns; never for a page "
                                                       "naming a deleted row's Postgres ID)."));
    const QCommandLineOption logFormat(QStringLiteral("log-format"),
                                       QStringLiteral("Headless log on stderr: text (default) or json (one "
                                                      "object per line)."),
                                       QStringLiteral("format"), QStringLiteral("text"));
    const QCommandLineOption tokenFile(
        QStringLiteral("notion-token-file"),
        QStringLiteral("Read the Notion token from this file (servers); pgnotion "
                       "refuses a file other users can read."),
        QStringLiteral("file"));
    const QCommandLineOption check(
        QStringLiteral("check"),
        QStringLiteral(
            "Check PostgreSQL (connection, TLS, schema, mapped tables), the Notion token and every "
            "mapped database; one line per check. Exits 0 when all pass, 1 with one line per "
            "problem."));
    const QCommandLineOption webhookPort(
        QStringLiteral("webhook-port"),
        QStringLiteral("With --headless: also receive Notion webhooks on this port (behind a TLS proxy); "
                       "the verification token comes from PGNOTION_WEBHOOK_VERIFICATION_TOKEN. Polling stays "
                       "on as the safety net."),
        QStringLiteral("port"));
    const QCommandLineOption webhookAddress(QStringLiteral("webhook-address"),
                                            QStringLiteral("Address the webhook endpoint listens on "
                                                           "(default 127.0.0.1)."),
                                            QStringLiteral("address"));
    const QCommandLineOption metricsPort(
        QStringLiteral("metrics-port"),
        QStringLiteral("With --headless: serve Prometheus metrics at http://ADDRESS:PORT/metrics (0: off)."),
        QStringLiteral("port"));
    const QCommandLineOption metricsAddress(QStringLiteral("metrics-address"),
                                            QStringLiteral("Address the metrics endpoint listens on "
                                                           "(default 127.0.0.1)."),
                                            QStringLiteral("address"));
    const QCommandLineOption storeToken(
        QStringLiteral("store-notion-token"),
        QStringLiteral("Read the Notion token from standard input and keep it in the "
                       "system keychain."));
    const QCommandLineOption config(
        QStringLiteral("config"),
        QStringLiteral(
            "Read settings from this file (default: $PGNOTION_CONFIG): `name = value` lines named as "
            "the options are. The command line wins over the environment (PGNOTION_NAME), which wins "
            "over the file."),
        QStringLiteral("file"));
    const QCommandLineOption showConfig(
        QStringLiteral("show-config"),
        QStringLiteral("Print every setting with the value in effect and where it came from, then exit."));
    parser.addOptions({config, showConfig});
    parser.addOptions({help,           version,     demo,           migrate,       engineOnly,
                       demoTables,     databaseUrl, headless,       notionBaseUrl, mapping,
                       notionDatabase, workers,     exitWhenIdle,   instance,      createDatabases,
                       storeToken,     verify,      repair,         import,        dryRun,
                       createRows,     webhookPort, webhookAddress, check,         logFormat,
                       tokenFile});
    parser.addOptions({metricsPort, metricsAddress});

    CommandLine result;
    result.helpText = parser.helpText();
    if (!parser.parse(arguments)) {
        result.mode = Mode::Invalid;
        result.error = parser.errorText();
        return result;
    }
    // The settings that may come from the command line, the environment or the config file; the rest are
    // what the user asks this run to do, so only the command line says them.
    const QList<const QCommandLineOption *> layered = {
        &databaseUrl, &notionBaseUrl, &mapping,        &notionDatabase, &workers,     &instance,
        &logFormat,   &webhookPort,   &webhookAddress, &tokenFile,      &metricsPort, &metricsAddress};
    ConfigFile::Keys keys{{}, {notionDatabase.names().constLast()}};
    for (const QCommandLineOption *option : layered)
        keys.known.append(option->names().constLast());
    ConfigFile file;
    const QString configPath =
        parser.isSet(config) ? parser.value(config) : environment.value(QStringLiteral("PGNOTION_CONFIG"));
    if (!configPath.isEmpty()) {
        auto loaded = ConfigFile::load(configPath, keys);
        if (!loaded) {
            result.mode = Mode::Invalid;
            result.error = loaded.error().message;
            return result;
        }
        file = std::move(loaded).value();
    }
    const SettingSources settings(parser, environment, file, keys.repeatable);
    for (const QCommandLineOption *option : layered) {
        const SettingSources::Setting setting = settings.resolve(*option);
        QString shown = setting.values.join(QStringLiteral(" "));
        if (option == &databaseUrl && !shown.isEmpty())
            if (const auto url = DatabaseUrl::parse(shown); url.ok())
                shown = url.value().redacted();
        result.effectiveSettings.append(
            QStringLiteral("%1 = %2    # %3").arg(option->names().constLast(), shown, setting.origin));
    }
    result.databaseUrl = settings.value(databaseUrl);
    result.demoTables = parser.isSet(demoTables) && !parser.isSet(engineOnly);
    result.notionBaseUrl = settings.value(notionBaseUrl);
    result.mappingFile = settings.value(mapping);
    result.databaseOverrides = settings.values(notionDatabase);
    result.exitWhenIdle = parser.isSet(exitWhenIdle);
    result.instance = settings.value(instance);
    result.repair = parser.isSet(repair);
    result.dryRun = parser.isSet(dryRun);
    result.createRows = parser.isSet(createRows);
    bool webhookPortOk = true;
    if (const QString port = settings.value(webhookPort); !port.isEmpty())
        result.webhookPort = port.toInt(&webhookPortOk);
    result.webhookAddress = settings.value(webhookAddress);
    bool metricsPortOk = true;
    if (const QString port = settings.value(metricsPort); !port.isEmpty())
        result.metricsPort = port.toInt(&metricsPortOk);
    result.metricsAddress = settings.value(metricsAddress);
    result.logFormat = settings.value(logFormat);
    result.notionTokenFile = settings.value(tokenFile);
    const auto requireDatabaseUrl = [&result](const QString &modeOption) {
        if (!result.databaseUrl.isEmpty())
            return;
        result.mode = Mode::Invalid;
        result.error = modeOption + QStringLiteral(" needs --database-url URL (or PGNOTION_DATABASE_URL, or "
                                                   "database-url in the config file)");
    };
    // A bad value names where it came from: an admin looks at the file or the environment, not the command.
    const auto invalidSetting = [&result, &settings](const QCommandLineOption &option, const QString &rule) {
        const SettingSources::Setting setting = settings.resolve(option);
        result.mode = Mode::Invalid;
        result.error = QStringLiteral("--%1 %2").arg(option.names().constLast(), rule);
        if (setting.source != SettingSources::Source::CommandLine)
            result.error +=
                QStringLiteral(" (\"%1\" from %2)").arg(setting.values.join(u' '), setting.origin);
    };
    bool workersOk = false;
    result.workers = settings.value(workers).toInt(&workersOk);
    if (!parser.positionalArguments().isEmpty()) {
        result.mode = Mode::Invalid;
        result.error = QStringLiteral("Unexpected argument: %1").arg(parser.positionalArguments().first());
    } else if (parser.isSet(help)) {
        result.mode = Mode::Help;
    } else if (parser.isSet(version)) {
        result.mode = Mode::Version;
    } else if (parser.isSet(migrate)) {
        result.mode = Mode::Migrate;
        requireDatabaseUrl(QStringLiteral("--migrate"));
    } else if (result.logFormat != QLatin1String("text") && result.logFormat != QLatin1String("json")) {
        invalidSetting(logFormat, QStringLiteral("must be text or json"));
    } else if (!webhookPortOk || result.webhookPort < 0 || result.webhookPort > 65535) {
        invalidSetting(webhookPort, QStringLiteral("must be a port number from 1 to 65535"));
    } else if (!metricsPortOk || result.metricsPort < 0 || result.metricsPort > 65535) {
        invalidSetting(metricsPort, QStringLiteral("must be a port number from 1 to 65535 (0: off)"));
    } else if (!workersOk || result.workers < 1 || result.workers > 64) {
        invalidSetting(workers, QStringLiteral("must be a number from 1 to 64"));
    } else if (parser.isSet(showConfig)) {
        result.mode = Mode::ShowConfig;
    } else if (parser.isSet(storeToken)) {
        result.mode = Mode::StoreToken;
    } else if (parser.isSet(createDatabases)) {
        result.mode = Mode::CreateDatabases;
        result.parentPage = parser.value(createDatabases);
    } else if (parser.isSet(verify) || parser.isSet(repair)) {
        result.mode = Mode::Verify;
        requireDatabaseUrl(QStringLiteral("--verify"));
    } else if (parser.isSet(check)) {
        result.mode = Mode::Check;
        requireDatabaseUrl(QStringLiteral("--check"));
    } else if (parser.isSet(import)) {
        result.mode = Mode::Import;
        requireDatabaseUrl(QStringLiteral("--import"));
    } else if (parser.isSet(headless)) {
        result.mode = Mode::Headless;
        requireDatabaseUrl(QStringLiteral("--headless"));
    } else if (parser.isSet(demo)) {
        result.mode = Mode::Demo;
    }
    return result;
}

} // namespace pgnotion
