#pragma once

#include "common/Result.h"
#include "mapping/Mapping.h"
#include "notion/NotionClientOptions.h"
#include "verify/DriftReport.h"
#include "verify/VerifyFacts.h"

#include <QHash>
#include <QSqlDatabase>
#include <QString>

#include <functional>

namespace pgnotion {

// Verify (issue 6, the seed's migration Step 4): compares every mapped row with its Notion page. For each
// enabled resource with pages of its own it reads all rows in chunks (the values the engine would send),
// queries the whole data source once (100 pages per request) and indexes the pages by their Postgres ID,
// then classifies: missing pages, pages gone, unlinked, duplicate and orphan pages, differing properties
// and broken relations (DriftClassifier). Writes nothing, on either side.
//
// Blocks (Notion allows about 3 requests/s: 10,000 pages take some 35 s): run it on a worker thread or
// headless, never on the GUI thread. It makes its own Notion client, in the calling thread.
class DriftChecker {
public:
    // `dataSources`: resource name -> data source id, as EngineSetup::prepare resolved them.
    DriftChecker(Mapping mapping, QHash<QString, QString> dataSources, NotionClientOptions notion);

    void setChunkSize(int rows) { m_chunkSize = rows; }
    // Called from the checking thread with one short line per step ("project: 5000 rows read").
    void setProgress(std::function<void(const QString &line)> progress) { m_progress = std::move(progress); }

    // Reads Postgres on `database` (a connection of the calling thread) and Notion; a database or
    // Notion failure is the error (a partial comparison would report false drift).
    Result<DriftReport> check(QSqlDatabase database);

    // The resources a check covers, in dependency order.
    QStringList resources() const;

private:
    Result<void> readRows(QSqlDatabase database, const ResourceMapping &resource, ResourceFacts &facts);
    Result<void> readSyncRecords(QSqlDatabase database, const ResourceMapping &resource,
                                 ResourceFacts &facts);
    void progress(const QString &line) const;

    Mapping m_mapping;
    QHash<QString, QString> m_dataSources;
    NotionClientOptions m_notion;
    int m_chunkSize = 500;
    std::function<void(const QString &)> m_progress;
};

} // namespace pgnotion
