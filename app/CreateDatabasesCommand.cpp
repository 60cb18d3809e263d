#include "CreateDatabasesCommand.h"

#include "CommandLineConfig.h"
#include "engine/WorkspaceSetup.h"

namespace pgnotion {

int runCreateDatabasesCommand(const CommandLine &command, QTextStream &out, QTextStream &err) {
    // The databases are created from the mapping as written: --notion-database overrides do not apply.
    auto loaded = CommandLineConfig::load(command, false);
    if (const auto *failure = std::get_if<CommandLineConfig::Failure>(&loaded)) {
        err << "pgnotion: " << failure->message << Qt::endl;
        return failure->exitCode;
    }
    const CommandLineConfig &config = std::get<CommandLineConfig>(loaded);
    auto created = WorkspaceSetup::createDatabases(config.mapping, command.parentPage, config.notion);
    if (!created) {
        err << "pgnotion: " << created.error().message << Qt::endl;
        return 1;
    }
    for (const QString &name : config.mapping.syncOrder())
        out << "--notion-database " << name << '=' << created.value().databases.value(name) << '\n';
    out.flush();
    return 0;
}

} // namespace pgnotion
