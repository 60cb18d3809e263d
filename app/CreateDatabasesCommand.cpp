#include "CreateDatabasesCommand.h"

#include "engine/WorkspaceSetup.h"
#include "mapping/MappingLoader.h"

namespace pgnotion {

int runCreateDatabasesCommand(const CommandLine &command, QTextStream &out, QTextStream &err) {
    auto mapping = command.mappingFile.isEmpty() ? MappingLoader::defaultMapping()
                                                 : MappingLoader::fromFile(command.mappingFile);
    if (!mapping) {
        err << "pgnotion: " << mapping.error().message << Qt::endl;
        return 1;
    }
    NotionClientOptions notion;
    if (!command.notionBaseUrl.isEmpty())
        notion.baseUrl = QUrl(command.notionBaseUrl);
    notion.token = qEnvironmentVariable("PGNOTION_NOTION_TOKEN");
    if (notion.token.isEmpty()) {
        err << "pgnotion: no Notion token: set PGNOTION_NOTION_TOKEN" << Qt::endl;
        return 2;
    }
    auto created = WorkspaceSetup::createDatabases(mapping.value(), command.parentPage, notion);
    if (!created) {
        err << "pgnotion: " << created.error().message << Qt::endl;
        return 1;
    }
    for (const QString &name : mapping.value().syncOrder())
        out << "--notion-database " << name << '=' << created.value().databases.value(name) << '\n';
    out.flush();
    return 0;
}

} // namespace pgnotion
