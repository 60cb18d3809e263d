#pragma once

#include "common/Result.h"
#include "mapping/Mapping.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace pgnotion {

// A property edited on both sides since the last sync (pgnotion.sync_conflicts).
struct SyncConflict {
    qint64 id = 0;
    QString resourceType;
    QString resourceId;
    QString property;
    QString baseValue; // canonical forms (PropertyValueCodec): the last synced value,
    QString postgresValue;
    QString notionValue;
    QJsonObject postgresColumns; // column -> text (null: NULL) on each side
    QJsonObject notionColumns;
    QString winner; // "postgres" or "notion"
    QDateTime detectedAt;
    QDateTime resolvedAt;
    QString resolvedBy;
    QDateTime undoneAt;
    QString undoneBy;

    bool isOpen() const { return resolvedAt.isNull() && undoneAt.isNull(); }
};

// Records, lists, acknowledges and undoes conflicts. Every call is one short transaction on the caller's
// connection: call it from a worker or pool thread (withConnection), never from the GUI thread.
class SyncConflicts {
public:
    // Part of the inbound handler's transaction.
    static Result<qint64> record(QSqlDatabase database, const SyncConflict &conflict);
    // Newest first; `openOnly`: neither resolved nor undone.
    static Result<QList<SyncConflict>> list(QSqlDatabase database, bool openOnly = true, int limit = 500);
    // Keeps the winner; the conflict leaves the open list.
    static Result<void> resolve(QSqlDatabase database, qint64 id, const QString &by);
    // Applies the losing side's columns to the row as an ordinary write: the outbox trigger then syncs it
    // to Notion, so both sides end up with the value that lost. Fails when the conflict is not open, or its
    // resource is not in `mapping`.
    static Result<void> undo(QSqlDatabase database, const Mapping &mapping, qint64 id, const QString &by);
};

} // namespace pgnotion
