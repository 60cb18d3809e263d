#include "inbound/SyncConflicts.h"

#include "db/DatabaseConnection.h"
#include "engine/RowReader.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace pgnotion {

namespace {

QString json(const QJsonObject &object) {
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QVariant nullable(const QString &text) {
    return text.isNull() ? QVariant() : QVariant(text);
}

const QString selectColumns = QStringLiteral(
    "SELECT id, resource_type, resource_id, property, base_value, postgres_value, notion_value, "
    "postgres_columns::text, notion_columns::text, winner, detected_at, resolved_at, resolved_by, "
    "undone_at, undone_by FROM pgnotion.sync_conflicts ");

SyncConflict fromQuery(const QSqlQuery &query) {
    SyncConflict conflict;
    conflict.id = query.value(0).toLongLong();
    conflict.resourceType = query.value(1).toString();
    conflict.resourceId = query.value(2).toString();
    conflict.property = query.value(3).toString();
    conflict.baseValue = query.value(4).toString();
    conflict.postgresValue = query.value(5).toString();
    conflict.notionValue = query.value(6).toString();
    conflict.postgresColumns = QJsonDocument::fromJson(query.value(7).toByteArray()).object();
    conflict.notionColumns = QJsonDocument::fromJson(query.value(8).toByteArray()).object();
    conflict.winner = query.value(9).toString();
    conflict.detectedAt = query.value(10).toDateTime();
    conflict.resolvedAt = query.value(11).toDateTime();
    conflict.resolvedBy = query.value(12).toString();
    conflict.undoneAt = query.value(13).toDateTime();
    conflict.undoneBy = query.value(14).toString();
    return conflict;
}

} // namespace

Result<qint64> SyncConflicts::record(QSqlDatabase database, const SyncConflict &conflict) {
    QSqlQuery query(database);
    query.prepare(QStringLiteral(
        "INSERT INTO pgnotion.sync_conflicts (resource_type, resource_id, property, base_value, "
        "postgres_value, notion_value, postgres_columns, notion_columns, winner) "
        "VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?) RETURNING id"));
    query.addBindValue(conflict.resourceType);
    query.addBindValue(conflict.resourceId);
    query.addBindValue(conflict.property);
    query.addBindValue(nullable(conflict.baseValue));
    query.addBindValue(nullable(conflict.postgresValue));
    query.addBindValue(nullable(conflict.notionValue));
    query.addBindValue(json(conflict.postgresColumns));
    query.addBindValue(json(conflict.notionColumns));
    query.addBindValue(conflict.winner);
    if (!query.exec() || !query.next())
        return sqlError(query, QStringLiteral("Recording the conflict on %1 %2, property %3")
                                   .arg(conflict.resourceType, conflict.resourceId, conflict.property));
    return query.value(0).toLongLong();
}

Result<QList<SyncConflict>> SyncConflicts::list(QSqlDatabase database, bool openOnly, int limit) {
    QSqlQuery query(database);
    query.setForwardOnly(true);
    query.prepare(
        selectColumns +
        (openOnly ? QStringLiteral("WHERE resolved_at IS NULL AND undone_at IS NULL ") : QString()) +
        QStringLiteral("ORDER BY detected_at DESC, id DESC LIMIT ?"));
    query.addBindValue(limit);
    if (!query.exec())
        return sqlError(query, QStringLiteral("Listing the sync conflicts"));
    QList<SyncConflict> conflicts;
    while (query.next())
        conflicts.append(fromQuery(query));
    return conflicts;
}

Result<void> SyncConflicts::resolve(QSqlDatabase database, qint64 id, const QString &by) {
    QSqlQuery query(database);
    query.prepare(QStringLiteral("UPDATE pgnotion.sync_conflicts SET resolved_at = now(), resolved_by = ? "
                                 "WHERE id = ? AND resolved_at IS NULL AND undone_at IS NULL"));
    query.addBindValue(by);
    query.addBindValue(id);
    if (!query.exec())
        return sqlError(query, QStringLiteral("Resolving conflict %1").arg(id));
    if (query.numRowsAffected() != 1)
        return Error{QStringLiteral("Conflict %1 is not open (unknown, already resolved or undone)").arg(id),
                     QStringLiteral("conflict_not_open")};
    return {};
}

Result<void> SyncConflicts::undo(QSqlDatabase database, const Mapping &mapping, qint64 id,
                                 const QString &by) {
    if (!database.transaction())
        return Error{QStringLiteral("Undoing conflict %1: %2").arg(id).arg(database.lastError().text()),
                     database.lastError().nativeErrorCode()};
    auto fail = [&database](Error error) -> Result<void> {
        database.rollback();
        return error;
    };
    QSqlQuery select(database);
    select.prepare(selectColumns + QStringLiteral("WHERE id = ? FOR UPDATE"));
    select.addBindValue(id);
    if (!select.exec())
        return fail(sqlError(select, QStringLiteral("Reading conflict %1").arg(id)));
    if (!select.next())
        return fail(
            Error{QStringLiteral("Conflict %1 does not exist").arg(id), QStringLiteral("conflict_not_open")});
    const SyncConflict conflict = fromQuery(select);
    if (!conflict.isOpen())
        return fail(Error{
            QStringLiteral("Conflict %1 was already %2")
                .arg(id)
                .arg(conflict.undoneAt.isNull() ? QStringLiteral("resolved") : QStringLiteral("undone")),
            QStringLiteral("conflict_not_open")});
    const ResourceMapping *resource = mapping.resource(conflict.resourceType);
    if (!resource)
        return fail(Error{QStringLiteral("Conflict %1: resource type \"%2\" is not in the mapping %3")
                              .arg(id)
                              .arg(conflict.resourceType, mapping.sourceFile),
                          QStringLiteral("unknown_resource_type")});
    const QJsonObject losing =
        conflict.winner == QLatin1String("postgres") ? conflict.notionColumns : conflict.postgresColumns;
    if (!losing.isEmpty()) {
        RowReader reader(database);
        QStringList assignments;
        for (auto it = losing.begin(); it != losing.end(); ++it)
            assignments.append(reader.quoted(it.key()) + QStringLiteral(" = ?"));
        QSqlQuery update(database);
        update.prepare(QStringLiteral("UPDATE %1 SET %2 WHERE %3 = ?")
                           .arg(reader.quotedTable(*resource), assignments.join(QStringLiteral(", ")),
                                reader.quoted(resource->keyColumn)));
        for (auto it = losing.begin(); it != losing.end(); ++it)
            update.addBindValue(it.value().isNull() ? QVariant() : QVariant(it.value().toString()));
        update.addBindValue(conflict.resourceId);
        if (!update.exec())
            return fail(sqlError(update, QStringLiteral("Undoing conflict %1 on %2 %3")
                                             .arg(id)
                                             .arg(conflict.resourceType, conflict.resourceId)));
    }
    QSqlQuery mark(database);
    mark.prepare(
        QStringLiteral("UPDATE pgnotion.sync_conflicts SET undone_at = now(), undone_by = ? WHERE id = ?"));
    mark.addBindValue(by);
    mark.addBindValue(id);
    if (!mark.exec())
        return fail(sqlError(mark, QStringLiteral("Marking conflict %1 undone").arg(id)));
    if (!database.commit())
        return Error{QStringLiteral("Undoing conflict %1: %2").arg(id).arg(database.lastError().text()),
                     database.lastError().nativeErrorCode()};
    return {};
}

} // namespace pgnotion
