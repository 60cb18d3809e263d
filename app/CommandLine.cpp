#include "CommandLine.h"

#include <QCommandLineParser>

namespace pgnotion {

CommandLine CommandLine::parse(const QStringList &arguments) {
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
    const QCommandLineOption engineOnly(
        QStringLiteral("engine-only"),
        QStringLiteral("With --migrate: only the engine's schema (pgnotion.*), "
                       "not the demo's domain tables."));
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
    parser.addOptions({help,        version,        demo,          migrate,         engineOnly,
                       databaseUrl, headless,       notionBaseUrl, mapping,         notionDatabase,
                       workers,     exitWhenIdle,   instance,      createDatabases, storeToken,
                       verify,      repair,         import,        dryRun,          createRows,
                       webhookPort, webhookAddress, check,         logFormat,       tokenFile});
    parser.addOptions({metricsPort, metricsAddress});

    CommandLine result;
    result.helpText = parser.helpText();
    if (!parser.parse(arguments)) {
        result.mode = Mode::Invalid;
        result.error = parser.errorText();
        return result;
    }
    result.databaseUrl =
        parser.isSet(databaseUrl) ? parser.value(databaseUrl) : qEnvironmentVariable("PGNOTION_DATABASE_URL");
    result.engineOnly = parser.isSet(engineOnly);
    result.notionBaseUrl = parser.value(notionBaseUrl);
    result.mappingFile = parser.value(mapping);
    result.databaseOverrides = parser.values(notionDatabase);
    result.exitWhenIdle = parser.isSet(exitWhenIdle);
    result.instance = parser.value(instance);
    result.repair = parser.isSet(repair);
    result.dryRun = parser.isSet(dryRun);
    result.createRows = parser.isSet(createRows);
    bool webhookPortOk = true;
    if (parser.isSet(webhookPort))
        result.webhookPort = parser.value(webhookPort).toInt(&webhookPortOk);
    result.webhookAddress = parser.value(webhookAddress);
    bool metricsPortOk = true;
    if (parser.isSet(metricsPort))
        result.metricsPort = parser.value(metricsPort).toInt(&metricsPortOk);
    result.metricsAddress = parser.value(metricsAddress);
    result.logFormat = parser.value(logFormat);
    result.notionTokenFile = parser.value(tokenFile);
    bool workersOk = false;
    result.workers = parser.value(workers).toInt(&workersOk);
    if (!parser.positionalArguments().isEmpty()) {
        result.mode = Mode::Invalid;
        result.error = QStringLiteral("Unexpected argument: %1").arg(parser.positionalArguments().first());
    } else if (parser.isSet(help)) {
        result.mode = Mode::Help;
    } else if (parser.isSet(version)) {
        result.mode = Mode::Version;
    } else if (parser.isSet(migrate)) {
        result.mode = Mode::Migrate;
        if (result.databaseUrl.isEmpty()) {
            result.mode = Mode::Invalid;
            result.error = QStringLiteral("--migrate needs --database-url URL (or PGNOTION_DATABASE_URL)");
        }
    } else if (result.logFormat != QLatin1String("text") && result.logFormat != QLatin1String("json")) {
        result.mode = Mode::Invalid;
        result.error = QStringLiteral("--log-format must be text or json");
    } else if (!webhookPortOk || result.webhookPort < 0 || result.webhookPort > 65535) {
        result.mode = Mode::Invalid;
        result.error = QStringLiteral("--webhook-port must be a port number from 1 to 65535");
    } else if (!metricsPortOk || result.metricsPort < 0 || result.metricsPort > 65535) {
        result.mode = Mode::Invalid;
        result.error = QStringLiteral("--metrics-port must be a port number from 1 to 65535 (0: off)");
    } else if (!workersOk || result.workers < 1 || result.workers > 64) {
        result.mode = Mode::Invalid;
        result.error = QStringLiteral("--workers must be a number from 1 to 64");
    } else if (parser.isSet(storeToken)) {
        result.mode = Mode::StoreToken;
    } else if (parser.isSet(createDatabases)) {
        result.mode = Mode::CreateDatabases;
        result.parentPage = parser.value(createDatabases);
    } else if (parser.isSet(verify) || parser.isSet(repair)) {
        result.mode = Mode::Verify;
        if (result.databaseUrl.isEmpty()) {
            result.mode = Mode::Invalid;
            result.error = QStringLiteral("--verify needs --database-url URL (or PGNOTION_DATABASE_URL)");
        }
    } else if (parser.isSet(check)) {
        result.mode = Mode::Check;
        if (result.databaseUrl.isEmpty()) {
            result.mode = Mode::Invalid;
            result.error = QStringLiteral("--check needs --database-url URL (or PGNOTION_DATABASE_URL)");
        }
    } else if (parser.isSet(import)) {
        result.mode = Mode::Import;
        if (result.databaseUrl.isEmpty()) {
            result.mode = Mode::Invalid;
            result.error = QStringLiteral("--import needs --database-url URL (or PGNOTION_DATABASE_URL)");
        }
    } else if (parser.isSet(headless)) {
        result.mode = Mode::Headless;
        if (result.databaseUrl.isEmpty()) {
            result.mode = Mode::Invalid;
            result.error = QStringLiteral("--headless needs --database-url URL (or PGNOTION_DATABASE_URL)");
        }
    } else if (parser.isSet(demo)) {
        result.mode = Mode::Demo;
    }
    return result;
}

} // namespace pgnotion
