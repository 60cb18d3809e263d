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
    parser.addOptions({help, version, demo, migrate, engineOnly, databaseUrl});

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
    } else if (parser.isSet(demo)) {
        result.mode = Mode::Demo;
    }
    return result;
}

} // namespace pgnotion
