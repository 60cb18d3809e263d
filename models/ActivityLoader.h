#pragma once

#include "common/Result.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace pgnotion {

// One attempt from pgnotion.sync_log, as the Activity page shows it.
struct ActivityRow {
    qint64 id = 0;
    QDateTime finishedAt;
    QString direction; // postgres_to_notion or notion_to_postgres
    QString resourceType;
    QString resourceId;
    QString outcome; // completed, retry, rescheduled, dead, lost
    int attempt = 0;
    std::optional<double> queueLatencyMs;
    std::optional<double> totalLatencyMs;
    int httpStatus = 0; // 0: no HTTP answer recorded
    QString errorCode;
    QString errorMessage;
    QString requestId;
    QString worker;
};

// Server-side filters: empty fields match everything.
struct ActivityFilter {
    QString direction;
    QString outcome;
    QString resourceType;
    QString text; // resource id, error code or error message, case-insensitive

    bool operator==(const ActivityFilter &) const = default;
};

// A chunk of rows, newest first, and the highest log id that existed when it was read (whether it matched
// the filter or not): the next poll starts there, so that a filter matching few rows does not rescan the
// whole log every second.
struct ActivityChunk {
    QList<ActivityRow> rows;
    qint64 highWaterId = 0;
};

// Reads sync_log newest first with keyset pagination on id (the primary key), so that the thousandth chunk
// of a million-row log costs what the first does.
class ActivityLoader {
public:
    explicit ActivityLoader(QSqlDatabase database);

    // Rows with id < beforeId (0: from the newest), newest first.
    Result<ActivityChunk> loadOlder(const ActivityFilter &filter, qint64 beforeId, int limit);
    // Rows with id > afterId, newest first: when `limit` rows come back, older new rows may be missing.
    // Ids are taken when a row is inserted but become visible when its transaction commits, so a
    // concurrent engine's rows can appear below ids already seen: rows with ids in (lookbackFrom, afterId]
    // that are not in `knownIds` come back too.
    Result<ActivityChunk> loadNewer(const ActivityFilter &filter, qint64 afterId, int limit,
                                    qint64 lookbackFrom = 0, const QList<qint64> &knownIds = {});
    // How many rows with id > afterId match (what a paused page holds back).
    Result<int> countNewer(const ActivityFilter &filter, qint64 afterId);

private:
    Result<qint64> highWaterId();

    QSqlDatabase m_database;
};

} // namespace pgnotion
