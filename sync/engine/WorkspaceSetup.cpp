#include "engine/WorkspaceSetup.h"

#include "mapping/MappingSchema.h"
#include "notion/NotionApi.h"

namespace pgnotion {

Result<CreatedDatabases> WorkspaceSetup::createDatabases(const Mapping &mapping, const QString &parentPageId,
                                                         const NotionClientOptions &notion) {
    NotionClient client(notion);
    NotionApi api(client);
    CreatedDatabases created;
    for (const QString &name : mapping.syncOrder()) {
        const ResourceMapping *resource = mapping.resource(name);
        auto properties = MappingSchema::dataSourceProperties(mapping, name, created.dataSources);
        if (!properties)
            return properties.error();
        const QString title = resource->databaseTitle.isEmpty() ? name : resource->databaseTitle;
        auto database = api.createDatabase(parentPageId, title, properties.value());
        if (!database) {
            return Error{QStringLiteral("Creating the Notion database \"%1\" for %2 under page %3: %4%5")
                             .arg(title, name, parentPageId, database.error().describe(),
                                  database.error().code == QLatin1String("object_not_found")
                                      ? QStringLiteral(" (share the page with the integration first)")
                                      : QString()),
                         database.error().code};
        }
        if (database.value().dataSources.isEmpty())
            return Error{QStringLiteral("Notion created database \"%1\" without a data source").arg(title),
                         QStringLiteral("no_data_source")};
        created.databases.insert(name, database.value().id);
        created.dataSources.insert(name, database.value().dataSources.first().id);
    }
    return created;
}

} // namespace pgnotion
