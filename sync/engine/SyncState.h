#pragma once

#include "common/Result.h"

#include <QMap>
#include <QSqlDatabase>
#include <QString>

namespace pgnotion {

// pgnotion.sync_state for one resource: what the engine last wrote to Notion.
struct SyncState {
    QString pageId;
    QMap<QString, QString> syncedValues; // property -> canonical form last sent
    bool createPending = false;          // a create was sent and its outcome is unknown

    static Result<SyncState> load(QSqlDatabase database, const QString &type, const QString &key);
    // Committed at once (not with the job): must survive a crash during the create it announces.
    static Result<void> markCreatePending(QSqlDatabase database, const QString &type, const QString &key);
    // Part of the completion transaction: the page, the merged values, no create pending.
    static Result<void> save(QSqlDatabase database, const QString &type, const QString &key,
                             const QString &pageId, const QMap<QString, QString> &values);
    static Result<void> remove(QSqlDatabase database, const QString &type, const QString &key);
};

} // namespace pgnotion
