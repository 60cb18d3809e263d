#include "VerifyCommand.h"

#include "CommandLineConfig.h"
#include "db/DatabaseConnection.h"
#include "verify/VerifySession.h"

#include <QSqlQuery>

namespace pgnotion {
namespace {

constexpr int kNoDrift = 0;
constexpr int kDrift = 1;
constexpr int kConfigError = 2;
constexpr int kUnreadable = 3;

} // namespace

int runVerifyCommand(const CommandLine &command, QTextStream &out, QTextStream &err) {
    const auto url = DatabaseUrl::parse(command.databaseUrl);
    if (!url) {
        err << "pgnotion: " << url.error().message << Qt::endl;
        return kConfigError;
    }
    auto loaded = CommandLineConfig::load(command);
    if (const auto *failure = std::get_if<CommandLineConfig::Failure>(&loaded)) {
        err << "pgnotion: " << failure->message << Qt::endl;
        return kConfigError;
    }
    const CommandLineConfig &config = std::get<CommandLineConfig>(loaded);

    // A verify only reads (a repair writes the queue): no migration here, but a clear word when the
    // engine's schema is missing.
    DatabaseConnection connection(url.value(), QStringLiteral("verify"));
    if (auto opened = connection.open(); !opened) {
        err << "pgnotion: " << opened.error().message << Qt::endl;
        return kUnreadable;
    }
    QSqlQuery schema(connection.database());
    if (!schema.exec(QStringLiteral("SELECT to_regclass('pgnotion.sync_state') IS NOT NULL")) ||
        !schema.next() || !schema.value(0).toBool()) {
        err << "pgnotion: " << url.value().redacted()
            << " has no pgnotion schema: run pgnotion --migrate --database-url URL first" << Qt::endl;
        return kConfigError;
    }

    VerifySession session(config.mapping, config.notion);
    if (auto prepared = session.prepare(); !prepared) {
        err << "pgnotion: " << prepared.error().message << Qt::endl;
        return kConfigError;
    }
    err << "pgnotion: verifying " << session.resources().join(QStringLiteral(", "))
        << " (Notion integration \"" << session.integrationName() << "\") on " << url.value().redacted()
        << Qt::endl;
    session.setProgress([&err](const QString &line) { err << "pgnotion: verify: " << line << Qt::endl; });
    auto report = session.check(connection.database());
    if (!report) {
        err << "pgnotion: " << report.error().message << Qt::endl;
        return kUnreadable;
    }
    out << report.value().toText();
    out.flush();
    if (!report.value().hasDrift())
        return kNoDrift;
    if (command.repair) {
        auto repaired = session.repair(connection.database(), report.value());
        if (!repaired) {
            err << "pgnotion: repair: " << repaired.error().message << Qt::endl;
            return kUnreadable;
        }
        out << repaired.value().toText();
        out.flush();
    }
    return kDrift;
}

} // namespace pgnotion
