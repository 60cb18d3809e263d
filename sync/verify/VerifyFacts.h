#pragma once

#include "mapping/Mapping.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QSet>
#include <QString>

namespace pgnotion {

// What a verify knows about one row before comparing it with Notion.
struct RowFacts {
    QString key;
    QString pageId;                   // the page pgnotion tracks (row's column, else sync_state), normalised
    QMap<QString, QString> expected;  // property -> canonical form the row would send (not relations)
    QMap<QString, QString> relations; // relation property -> the related row's key (empty: none)
    QMap<QString, QString> synced;    // inbound-rule property -> canonical form last synced (sync_state)
    QString error;                    // set when the row cannot be turned into page values
};

// Both sides of one resource: its rows, the live pages of its data source, and the sync's own records.
struct ResourceFacts {
    const ResourceMapping *mapping = nullptr;
    QList<RowFacts> rows;
    QList<QJsonObject> pages; // live pages (not trashed), oldest first, as a data source query answers
    QHash<QString, QString>
        syncedPages;      // pgnotion.sync_state: key -> page id (kept until a delete is synced)
    QSet<QString> queued; // keys with a sync job pending, retrying or running
};

} // namespace pgnotion
