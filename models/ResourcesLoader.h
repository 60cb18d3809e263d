#pragma once

#include "common/Result.h"
#include "mapping/Mapping.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace pgnotion {

// Where a row stands with Notion. When several apply, the first listed here wins over the later ones:
// a failure newer than the last sync hides that the row was synced once.
enum class ResourceSyncState { Failed, Pending, Synced, Never };

QString resourceSyncStateName(ResourceSyncState state); // "failed", "pending", "synced", "never"

// One row of a mapped table as the Resources page shows it.
struct ResourceRow {
    QString key;   // the key column cast to text: the resource id of its sync jobs
    QString label; // the value of the title property's column, when the table has that column
    ResourceSyncState state = ResourceSyncState::Never;
    QString notionPageId; // from sync_state, else from the row's page id column
    QDateTime syncedAt;
    QString lastError; // the newest dead job's message, when failed
};

// What the table lists: every row, or those in one state; `text` is found in the key or the label
// (wildcards taken literally).
struct ResourcesFilter {
    std::optional<ResourceSyncState> state;
    QString text;
};

// Reads one mapped table in chunks with keyset pagination on its key column, so that the thousandth
// chunk of a million-row table costs what the first does. Each row's state comes from
// pgnotion.sync_state and its jobs in pgnotion.sync_queue, each looked up through an index.
class ResourcesLoader {
public:
    explicit ResourcesLoader(QSqlDatabase database);

    // `afterKey`: the key (as text) of the last row already shown; none = from the first row.
    Result<QList<ResourceRow>> load(const ResourceMapping &resource, const ResourcesFilter &filter,
                                    const std::optional<QString> &afterKey, int limit);

    // Opens a connection of its own (for a pool thread), loads one chunk and closes the connection.
    static Result<QList<ResourceRow>> loadFrom(const QString &databaseUrl, const ResourceMapping &resource,
                                               const ResourcesFilter &filter,
                                               const std::optional<QString> &afterKey, int limit);

    // "public.projects" -> "public"."projects": every part quoted, quotes inside doubled.
    static QString quotedTableName(const QString &table);
    static QString quotedIdentifier(const QString &name);
    // The column of the resource's title property; empty when it has none.
    static QString titleColumn(const ResourceMapping &resource);

private:
    QSqlDatabase m_database;
};

} // namespace pgnotion
