#pragma once

#include "common/Result.h"
#include "mapping/Mapping.h"
#include "migration/ImportOptions.h"
#include "migration/ImportReport.h"
#include "notion/NotionApi.h"
#include "notion/NotionClientOptions.h"

#include <QHash>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>

namespace pgnotion {

// The seed's migration Steps 1-3: the pages already in each mapped data source are matched to rows (by
// their Postgres ID property, else by title), the matches linked (notion_page_id and sync_state), and then
// every row is queued for a full sync so that Postgres's values reach Notion. Ambiguous titles are
// reported, never guessed. Resumable: progress commits with each batch of links, and linked rows are
// skipped. Blocks (Notion calls wait for their answer, within the client's rate limit): run it on a worker
// thread or in a headless process.
class InitialImport {
public:
    InitialImport(QSqlDatabase database, NotionApi &api, const Mapping &mapping,
                  QHash<QString, QString> dataSources, ImportOptions options);

    // Every synced resource, in sync order. An error here is the database's; Notion's and a resource's
    // own problems are in the report.
    Result<ImportReport> importAll(const ImportProgressCallback &progress = {});

    // The command line's entry point: its own database connection and Notion client on the calling thread.
    // `dataSources`: resource name -> data source id (EngineSetup::prepare resolves them).
    static Result<ImportReport> run(const QString &databaseUrl, const Mapping &mapping,
                                    const QHash<QString, QString> &dataSources,
                                    const NotionClientOptions &notion, const ImportOptions &options,
                                    const ImportProgressCallback &progress = {});

private:
    struct Rows;
    struct Batch;
    struct Decision;
    Result<void> importResource(const ResourceMapping &resource, ResourceImportReport &report,
                                const ImportProgressCallback &progress, ImportReport &whole);
    Result<Rows> loadRows(const ResourceMapping &resource, ResourceImportReport &report);
    Decision decide(const ResourceMapping &resource, const QJsonObject &page, Rows &rows,
                    const QHash<QString, int> &titleCount, const QHash<QString, int> &idCount) const;
    Result<void> commit(const ResourceMapping &resource, const QString &titleColumn, Batch &batch,
                        ResourceImportReport &report);
    Result<void> resyncAll(ImportReport &report);
    QString titleProperty(const ResourceMapping &resource) const;

    QSqlDatabase m_database;
    NotionApi &m_api;
    const Mapping &m_mapping;
    QHash<QString, QString> m_dataSources;
    ImportOptions m_options;
    int m_matched = 0;
    int m_linked = 0;
};

} // namespace pgnotion
