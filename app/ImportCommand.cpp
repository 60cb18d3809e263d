#include "ImportCommand.h"

#include "BackgroundMigration.h"
#include "CommandLineConfig.h"
#include "StopSignals.h"
#include "engine/EngineSetup.h"
#include "migration/InitialImport.h"

namespace pgnotion {

int runImportCommand(const CommandLine &command, QTextStream &out, QTextStream &err) {
    const auto url = DatabaseUrl::parse(command.databaseUrl);
    if (!url) {
        err << "pgnotion: " << url.error().message << Qt::endl;
        return 2;
    }
    auto loaded = CommandLineConfig::load(command);
    if (const auto *failure = std::get_if<CommandLineConfig::Failure>(&loaded)) {
        err << "pgnotion: " << failure->message << Qt::endl;
        return 2;
    }
    const CommandLineConfig &config = std::get<CommandLineConfig>(loaded);
    // A dry run writes nothing, not even the schema; a real import needs the engine's tables.
    if (!command.dryRun) {
        if (auto migrated = migrateNow(command.databaseUrl, !command.demoTables); !migrated) {
            err << "pgnotion: " << migrated.error().message << Qt::endl;
            return 1;
        }
    }
    auto prepared = EngineSetup::prepare(config.mapping, config.notion);
    if (!prepared) {
        err << "pgnotion: " << prepared.error().message << Qt::endl;
        return 2;
    }
    err << "pgnotion: " << (command.dryRun ? "dry run of the import" : "importing")
        << " from Notion integration \"" << prepared.value().integrationName << "\" into "
        << url.value().redacted() << Qt::endl;

    ImportOptions options;
    options.dryRun = command.dryRun;
    options.createRows = command.createRows;
    // SIGTERM or Ctrl+C: the batch in progress commits, then the import stops (exit 1, resumable).
    const StopSignals stop;
    auto report = InitialImport::run(command.databaseUrl, config.mapping, prepared.value().dataSources,
                                     config.notion, options, [&err, &stop](const ImportProgress &progress) {
                                         err << "pgnotion: import: " << progress.resource << ": "
                                             << progress.pagesDone << " pages done, " << progress.matched
                                             << " matched, " << progress.linked << " linked" << Qt::endl;
                                         if (stop.arrived() == 0)
                                             return true;
                                         err << "pgnotion: import: stopping on signal " << stop.arrived()
                                             << Qt::endl;
                                         return false;
                                     });
    if (!report) {
        err << "pgnotion: " << report.error().message << Qt::endl;
        return 1;
    }
    out << report.value().toText();
    out.flush();
    // Unmatched or ambiguous pages need an admin: a script sees them in the exit code.
    return report.value().interrupted || report.value().hasProblems() ? 1 : 0;
}

} // namespace pgnotion
