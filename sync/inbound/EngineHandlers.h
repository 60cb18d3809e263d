#pragma once

#include "mapping/Mapping.h"
#include "notion/NotionClientOptions.h"
#include "queue/JobHandler.h"

#include <QHash>

#include <memory>

namespace pgnotion {

// The handler of one worker thread for both directions, routed by a JobRouter: every resource of the
// mapping goes to NotionSyncHandler for postgres_to_notion jobs, and resources with inbound rules to
// InboundSyncHandler for notion_to_postgres jobs. The worker pool's factory:
//
//   WorkerPool pool(url, [=] { return EngineHandlers::create(mapping, dataSources, notion); }, options);
class EngineHandlers {
public:
    static std::unique_ptr<JobHandler> create(std::shared_ptr<const Mapping> mapping,
                                              QHash<QString, QString> dataSources,
                                              NotionClientOptions notion);
};

} // namespace pgnotion
