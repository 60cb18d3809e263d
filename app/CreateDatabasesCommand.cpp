#include "CreateDatabasesCommand.h"

#include "engine/WorkspaceSetup.h"
#include "mapping/MappingLoader.h"
#include "secrets/SecretStore.h"

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
    auto token = SecretStore::notionToken();
    if (!token) {
        err << "pgnotion: " << token.error().message << Qt::endl;
        return 2;
    }
    notion.token = token.value();
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
