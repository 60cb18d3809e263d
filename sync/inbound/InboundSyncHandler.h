#pragma once

#include "engine/RowReader.h"
#include "engine/SyncState.h"
#include "mapping/Mapping.h"
#include "notion/NotionApi.h"
#include "queue/JobHandler.h"

#include <memory>

namespace pgnotion {

// Applies a Notion edit found by the InboundPoller (a `notion_to_postgres` job whose payload names the
// page) to the row. The page is read again when the job runs: an outbound sync may have written it since
// the poll, and a stale value must never be taken for an edit. Then, property by property, three-way:
//   base = sync_state.synced_values, Postgres now (as it would be in Notion), Notion now.
// Changed in Notion only: the rule's columns are written. Changed on both sides: the rule's owner wins
// and the conflict is recorded (pgnotion.sync_conflicts); when Postgres wins, an outbound job puts its
// value back into Notion. Everything happens in one transaction with pgnotion.origin = 'notion', so the
// outbox trigger does not echo the write back to Notion; outbound properties that depend on the written
// columns (another column's mapping, a rule writing into another page) are synced by an explicit job.
class InboundSyncHandler : public JobHandler {
public:
    InboundSyncHandler(std::shared_ptr<const Mapping> mapping, NotionClientOptions notion);
    ~InboundSyncHandler() override;

    JobResult handle(const SyncJob &job, JobContext &context) override;

private:
    struct Plan;
    Result<Plan> plan(const ResourceMapping &resource, const QString &key, const QJsonObject &properties,
                      QSqlDatabase database);
    Result<void> apply(const ResourceMapping &resource, const QString &key, const Plan &plan,
                       QSqlDatabase database);
    Result<bool> dependentPropertiesChanged(const ResourceMapping &resource, const QString &key,
                                            const QMap<QString, QString> &synced, QSqlDatabase database);

    NotionApi &api();

    std::shared_ptr<const Mapping> m_mapping;
    NotionClientOptions m_notion;
    std::unique_ptr<NotionClient> m_client; // created in the worker's thread on first use
    std::unique_ptr<NotionApi> m_api;
};

} // namespace pgnotion
