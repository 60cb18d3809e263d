#include "engine/EngineSetup.h"

#include "inbound/EngineHandlers.h"
#include "mapping/MappingValidator.h"
#include "notion/NotionApi.h"

namespace pgnotion {

Result<PreparedEngine> EngineSetup::prepare(const Mapping &mapping, const NotionClientOptions &notion) {
    PreparedEngine prepared;
    prepared.rateLimiter = RateLimiter::forToken(notion.token, notion.requestsPerSecond, notion.burst);
    NotionClient client(notion);
    NotionApi api(client);
    auto me = api.me();
    if (!me)
        return Error{
            QStringLiteral("Notion did not accept the integration token: %1").arg(me.error().describe()),
            me.error().code};

    prepared.integrationName = me.value().name;
    prepared.botId = me.value().botId;
    QHash<QString, DataSourceInfo> schemas;
    QStringList problems;
    for (const ResourceMapping &resource : mapping.resources) {
        if (!resource.enabled || !resource.hasOwnPage() || resource.notionDatabase.isEmpty())
            continue; // the validator names unconfigured resources
        auto database = api.retrieveDatabase(resource.notionDatabase);
        if (!database) {
            problems.append(
                QStringLiteral("%1: resource %2: Notion database %3: %4%5")
                    .arg(mapping.sourceFile, resource.name, resource.notionDatabase,
                         database.error().describe(),
                         database.error().code == QLatin1String("object_not_found")
                             ? QStringLiteral(" (is it shared with the integration %1?)").arg(me.value().name)
                             : QString()));
            continue;
        }
        if (database.value().dataSources.isEmpty()) {
            problems.append(QStringLiteral("%1: resource %2: Notion database %3 has no data source")
                                .arg(mapping.sourceFile, resource.name, resource.notionDatabase));
            continue;
        }
        auto schema = api.retrieveDataSource(database.value().dataSources.first().id);
        if (!schema) {
            problems.append(QStringLiteral("%1: resource %2: %3")
                                .arg(mapping.sourceFile, resource.name, schema.error().describe()));
            continue;
        }
        prepared.dataSources.insert(resource.name, schema.value().id);
        schemas.insert(resource.name, schema.value());
    }
    problems += MappingValidator::problems(mapping, schemas);
    if (!problems.isEmpty())
        return Error{problems.join(QLatin1Char('\n')), QStringLiteral("mapping_invalid")};
    prepared.mapping = std::make_shared<const Mapping>(mapping);
    return prepared;
}

std::unique_ptr<WorkerPool> EngineSetup::createPool(const DatabaseUrl &url, const PreparedEngine &engine,
                                                    const NotionClientOptions &notion,
                                                    const WorkerPoolOptions &options) {
    WorkerPoolOptions withIntegration = options;
    withIntegration.supervisor.notionIntegration = engine.botId;
    auto pool = std::make_unique<WorkerPool>(
        url, [engine, notion] { return EngineHandlers::create(engine.mapping, engine.dataSources, notion); },
        withIntegration);
    // Engines on other machines using the same integration share Notion's limit with this one. The limiter
    // is thread-safe: the supervisor's thread sets the share directly.
    if (const std::shared_ptr<RateLimiter> limiter = engine.rateLimiter)
        QObject::connect(
            pool.get(), &WorkerPool::notionIntegrationSharedBy, pool.get(),
            [limiter](int runs) { limiter->shareWith(runs); }, Qt::DirectConnection);
    return pool;
}

} // namespace pgnotion
