#pragma once

#include "common/Result.h"

#include <QDateTime>
#include <QHash>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

namespace pgnotion {

// Where polling left off (pgnotion.inbound_cursors) and what it has already queued
// (pgnotion.inbound_pages), on the caller's connection.
class InboundCursors {
public:
    // The newest last_edited_time seen in the data source; nullopt: never polled (read everything).
    static Result<std::optional<QDateTime>> load(QSqlDatabase database, const QString &resourceType,
                                                 const QString &dataSourceId);
    // Keeps the newer of the stored and the given cursor, and counts the poll.
    static Result<void> save(QSqlDatabase database, const QString &resourceType, const QString &dataSourceId,
                             const std::optional<QDateTime> &lastEdited, int pagesSeen, int changesFound);
    // Takes this poll of the data source unless some process polled it within `gap`: engines on several
    // machines then poll each data source once per interval between them, not once each. The row lock
    // decides between two that start together.
    static Result<bool> claimPoll(QSqlDatabase database, const QString &resourceType,
                                  const QString &dataSourceId, std::chrono::milliseconds gap);
    // page id -> the signature last queued, for the given pages.
    static Result<QHash<QString, QString>> signatures(QSqlDatabase database, const QString &resourceType,
                                                      const QStringList &pageIds);
    static Result<void> remember(QSqlDatabase database, const QString &resourceType, const QString &pageId,
                                 const QString &resourceId, const QString &signature,
                                 const QDateTime &lastEdited);
    // resource id -> sync_state.synced_values (property -> canonical form), for the given rows.
    static Result<QHash<QString, QHash<QString, QString>>>
    syncedValues(QSqlDatabase database, const QString &resourceType, const QStringList &resourceIds);
};

} // namespace pgnotion
