#include "inbound/InboundCursors.h"

#include "db/DatabaseConnection.h"
#include "queue/SyncQueue.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace pgnotion {

Result<std::optional<QDateTime>> InboundCursors::load(QSqlDatabase database, const QString &resourceType,
                                                      const QString &dataSourceId) {
    QSqlQuery query(database);
    query.prepare(QStringLiteral("SELECT last_edited FROM pgnotion.inbound_cursors "
                                 "WHERE resource_type = ? AND data_source_id = ?"));
    query.addBindValue(resourceType);
    query.addBindValue(dataSourceId);
    if (!query.exec())
        return sqlError(query, QStringLiteral("Reading the inbound cursor of %1").arg(resourceType));
    if (!query.next() || query.isNull(0))
        return std::optional<QDateTime>();
    return std::optional<QDateTime>(query.value(0).toDateTime().toUTC());
}

Result<bool> InboundCursors::claimPoll(QSqlDatabase database, const QString &resourceType,
                                       const QString &dataSourceId, std::chrono::milliseconds gap) {
    QSqlQuery query(database);
    query.prepare(QStringLiteral(
        "INSERT INTO pgnotion.inbound_cursors AS c (resource_type, data_source_id, polled_at) "
        "VALUES (?, ?, now()) ON CONFLICT (resource_type, data_source_id) DO UPDATE SET polled_at = now() "
        "WHERE c.polled_at IS NULL OR c.polled_at <= now() - make_interval(secs => ?) RETURNING 1"));
    query.addBindValue(resourceType);
    query.addBindValue(dataSourceId);
    query.addBindValue(double(gap.count()) / 1000.0);
    if (!query.exec())
        return sqlError(query, QStringLiteral("Claiming the inbound poll of %1").arg(resourceType));
    return query.next();
}

Result<void> InboundCursors::save(QSqlDatabase database, const QString &resourceType,
                                  const QString &dataSourceId, const std::optional<QDateTime> &lastEdited,
                                  int pagesSeen, int changesFound) {
    QSqlQuery query(database);
    query.prepare(QStringLiteral(
        "INSERT INTO pgnotion.inbound_cursors AS c (resource_type, data_source_id, last_edited, polled_at, "
        "pages_seen, changes_found) VALUES (?, ?, ?::timestamptz, now(), ?, ?) "
        "ON CONFLICT (resource_type, data_source_id) DO UPDATE SET "
        "last_edited = greatest(c.last_edited, EXCLUDED.last_edited), polled_at = now(), "
        "pages_seen = c.pages_seen + EXCLUDED.pages_seen, changes_found = c.changes_found + "
        "EXCLUDED.changes_found"));
    query.addBindValue(resourceType);
    query.addBindValue(dataSourceId);
    query.addBindValue(lastEdited ? QVariant(lastEdited->toUTC().toString(Qt::ISODateWithMs)) : QVariant());
    query.addBindValue(pagesSeen);
    query.addBindValue(changesFound);
    if (!query.exec())
        return sqlError(query, QStringLiteral("Saving the inbound cursor of %1").arg(resourceType));
    return {};
}

Result<QHash<QString, QString>> InboundCursors::signatures(QSqlDatabase database, const QString &resourceType,
                                                           const QStringList &pageIds) {
    QHash<QString, QString> signatures;
    if (pageIds.isEmpty())
        return signatures;
    QSqlQuery query(database);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT page_id, signature FROM pgnotion.inbound_pages "
                                 "WHERE resource_type = ? AND page_id = ANY (?::text[])"));
    query.addBindValue(resourceType);
    query.addBindValue(toPostgresArray(pageIds));
    if (!query.exec())
        return sqlError(query, QStringLiteral("Reading the queued Notion changes of %1").arg(resourceType));
    while (query.next())
        signatures.insert(query.value(0).toString(), query.value(1).toString());
    return signatures;
}

Result<void> InboundCursors::remember(QSqlDatabase database, const QString &resourceType,
                                      const QString &pageId, const QString &resourceId,
                                      const QString &signature, const QDateTime &lastEdited) {
    QSqlQuery query(database);
    query.prepare(QStringLiteral(
        "INSERT INTO pgnotion.inbound_pages (resource_type, page_id, resource_id, signature, last_edited) "
        "VALUES (?, ?, ?, ?, ?::timestamptz) ON CONFLICT (resource_type, page_id) DO UPDATE SET "
        "resource_id = EXCLUDED.resource_id, signature = EXCLUDED.signature, "
        "last_edited = EXCLUDED.last_edited, queued_at = now()"));
    query.addBindValue(resourceType);
    query.addBindValue(pageId);
    query.addBindValue(resourceId);
    query.addBindValue(signature);
    query.addBindValue(lastEdited.isValid() ? QVariant(lastEdited.toUTC().toString(Qt::ISODateWithMs))
                                            : QVariant());
    if (!query.exec())
        return sqlError(
            query, QStringLiteral("Remembering the Notion change of %1 %2").arg(resourceType, resourceId));
    return {};
}

Result<QHash<QString, QHash<QString, QString>>> InboundCursors::syncedValues(QSqlDatabase database,
                                                                             const QString &resourceType,
                                                                             const QStringList &resourceIds) {
    QHash<QString, QHash<QString, QString>> values;
    if (resourceIds.isEmpty())
        return values;
    QSqlQuery query(database);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT resource_id, synced_values::text FROM pgnotion.sync_state "
                                 "WHERE resource_type = ? AND resource_id = ANY (?::text[])"));
    query.addBindValue(resourceType);
    query.addBindValue(toPostgresArray(resourceIds));
    if (!query.exec())
        return sqlError(query, QStringLiteral("Reading the synced values of %1").arg(resourceType));
    while (query.next()) {
        QHash<QString, QString> properties;
        const QJsonObject object = QJsonDocument::fromJson(query.value(1).toByteArray()).object();
        for (auto it = object.begin(); it != object.end(); ++it)
            properties.insert(it.key(), it.value().toString());
        values.insert(query.value(0).toString(), properties);
    }
    return values;
}

} // namespace pgnotion
