#pragma once

#include "common/Result.h"
#include "mapping/Mapping.h"
#include "notion/NotionClientOptions.h"
#include "notion/RateLimiter.h"
#include "queue/WorkerPool.h"

#include <QHash>
#include <QString>

#include <memory>

namespace pgnotion {

// Everything an engine run needs from Notion before its workers start.
struct PreparedEngine {
    std::shared_ptr<const Mapping> mapping;
    QHash<QString, QString> dataSources; // resource name -> data source id
    QString integrationName;
    QString botId; // the integration's bot user: its own edits are not changes (webhook authors)
    // The token's budget at Notion, shared by the set-up's client and every worker's: held here so that it
    // outlives the set-up (a fresh limiter would start with a full burst the server has already counted).
    std::shared_ptr<RateLimiter> rateLimiter;
};

// Checks the token (users/me), resolves each synced resource's database to its data source, and
// validates the mapping against the live schemas: one clear line per problem. Blocks: call it from a
// worker thread or a headless process, never from the GUI thread.
class EngineSetup {
public:
    static Result<PreparedEngine> prepare(const Mapping &mapping, const NotionClientOptions &notion);
    // The worker pool of a prepared engine: each worker thread syncs both directions (EngineHandlers) with
    // a Notion client of its own.
    static std::unique_ptr<WorkerPool> createPool(const DatabaseUrl &url, const PreparedEngine &engine,
                                                  const NotionClientOptions &notion,
                                                  const WorkerPoolOptions &options);
};

} // namespace pgnotion
