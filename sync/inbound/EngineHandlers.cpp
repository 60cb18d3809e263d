#include "inbound/EngineHandlers.h"

#include "engine/NotionSyncHandler.h"
#include "inbound/InboundSyncHandler.h"
#include "queue/JobRouter.h"

namespace pgnotion {

std::unique_ptr<JobHandler> EngineHandlers::create(std::shared_ptr<const Mapping> mapping,
                                                   QHash<QString, QString> dataSources,
                                                   NotionClientOptions notion) {
    auto router = std::make_unique<JobRouter>();
    // Shared by the routes of this one worker (one thread): no locking needed.
    auto outbound = std::make_shared<NotionSyncHandler>(mapping, std::move(dataSources), notion);
    auto inbound = std::make_shared<InboundSyncHandler>(mapping, notion);
    for (const ResourceMapping &resource : mapping->resources) {
        // Disabled resources too: NotionSyncHandler says how to enable them.
        router->route(
            resource.name, direction::postgresToNotion,
            [outbound](const SyncJob &job, JobContext &context) { return outbound->handle(job, context); });
        if (!resource.inbound.isEmpty())
            router->route(
                resource.name, direction::notionToPostgres,
                [inbound](const SyncJob &job, JobContext &context) { return inbound->handle(job, context); });
    }
    return router;
}

} // namespace pgnotion
