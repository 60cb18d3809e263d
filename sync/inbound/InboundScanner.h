#pragma once

#include "common/Result.h"
#include "mapping/Mapping.h"
#include "notion/NotionApi.h"

#include <QDateTime>
#include <QHash>
#include <QMetaType>
#include <QSqlDatabase>
#include <QStringList>

#include <chrono>
#include <memory>

namespace pgnotion {

// What one poll found.
struct InboundPollReport {
    int dataSources = 0;     // polled successfully
    int pagesSeen = 0;       // pages in the windows read
    int changesQueued = 0;   // notion_to_postgres jobs queued
    int polledElsewhere = 0; // data sources another process polled within the shared gap (skipped)
    QStringList problems;    // one line per data source that could not be polled
    QDateTime finishedAt;
};

// One poll of every mapped data source with inbound rules: the pages edited on or after (cursor -
// overlap), oldest first (Notion rounds last_edited_time down to the minute: an edit in the cursor's
// minute is still read, and the overlap covers edits that reach Notion's index late). A page is queued as
// a notion_to_postgres job when an inbound property differs from sync_state.synced_values (the
// integration's own writes do not) and it was not queued with the same values before. The jobs, the
// de-duplication record and the new cursor commit together, so a restart resumes where this left off.
// Blocks (Notion requests): run it on a worker thread.
class InboundScanner {
public:
    InboundScanner(std::shared_ptr<const Mapping> mapping, QHash<QString, QString> dataSources,
                   std::chrono::seconds overlap);

    InboundPollReport poll(NotionApi &api, QSqlDatabase database);
    // Skips a data source that any process sharing the database polled within `gap` (0: never skips).
    void shareWithOtherProcesses(std::chrono::milliseconds gap) { m_sharedGap = gap; }

private:
    struct Counts {
        int pages = 0;
        int queued = 0;
    };
    Result<Counts> pollResource(const ResourceMapping &resource, const QString &dataSourceId, NotionApi &api,
                                QSqlDatabase database);

    std::shared_ptr<const Mapping> m_mapping;
    QHash<QString, QString> m_dataSources;
    std::chrono::seconds m_overlap;
    std::chrono::milliseconds m_sharedGap{0};
};

} // namespace pgnotion

Q_DECLARE_METATYPE(pgnotion::InboundPollReport)
