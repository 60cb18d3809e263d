#pragma once

#include "engine/PageBuilder.h"
#include "mapping/Mapping.h"
#include "notion/NotionApi.h"
#include "queue/JobHandler.h"

#include <QHash>

#include <memory>

namespace pgnotion {

class SyncState;

// Syncs one resource from Postgres to Notion, as its mapping says, exactly once:
// - reads the row (its latest state: coalesced writes sync once);
// - a page is created at most once: a create whose outcome is unknown (timeout, reset, 5xx after sending)
//   is marked durably before it is sent, and the next attempt looks the page up by its Postgres ID first;
// - an update sends only the properties that changed since the last sync, and nothing when none did;
// - a relation to a row without a page waits for (and triggers) that row's sync;
// - a page trashed or deleted in Notion is recreated or reported, per mapping;
// - "update another page" rules set properties on a related row's page;
// - the page id and the synced values commit in the same transaction as the job's completion.
// One per worker thread; its Notion client is created in that thread on first use.
class NotionSyncHandler : public JobHandler {
public:
    // `dataSources`: resource name -> the data source id its pages live in (resolved at start-up).
    NotionSyncHandler(std::shared_ptr<const Mapping> mapping, QHash<QString, QString> dataSources,
                      NotionClientOptions notion);
    ~NotionSyncHandler() override;

    JobResult handle(const SyncJob &job, JobContext &context) override;

private:
    struct Outcome;
    NotionApi &api();
    JobResult syncOwnPage(const ResourceMapping &resource, const QVariantMap &row, const SyncJob &job,
                          RowReader &reader, QSqlDatabase database, Outcome &outcome);
    JobResult applyUpdateRules(const ResourceMapping &resource, const QVariantMap &row, RowReader &reader,
                               QSqlDatabase database, Outcome &outcome);
    JobResult trashDeleted(const ResourceMapping &resource, const SyncJob &job, QSqlDatabase database);
    // Every page whose Postgres ID property holds `key`, oldest first.
    NotionResult<QStringList> pagesWithPostgresId(const ResourceMapping &resource, const QString &key);
    NotionResult<QString> findOwnPage(const ResourceMapping &resource, const QString &key);

    std::shared_ptr<const Mapping> m_mapping;
    QHash<QString, QString> m_dataSources;
    NotionClientOptions m_notion;
    std::unique_ptr<NotionClient> m_client;
    std::unique_ptr<NotionApi> m_api;
};

} // namespace pgnotion
