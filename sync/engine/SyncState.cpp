#include "engine/SyncState.h"

#include "db/DatabaseConnection.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace pgnotion {

Result<SyncState> SyncState::load(QSqlDatabase database, const QString &type, const QString &key) {
    QSqlQuery query(database);
    query.prepare(
        QStringLiteral("SELECT notion_page_id, synced_values::text, create_pending FROM pgnotion.sync_state "
                       "WHERE resource_type = ? AND resource_id = ?"));
    query.addBindValue(type);
    query.addBindValue(key);
    if (!query.exec())
        return sqlError(query, QStringLiteral("Reading the sync state of %1 %2").arg(type, key));
    SyncState state;
    if (query.next()) {
        state.pageId = query.value(0).toString();
        const QJsonObject values = QJsonDocument::fromJson(query.value(1).toByteArray()).object();
        for (auto it = values.begin(); it != values.end(); ++it)
            state.syncedValues.insert(it.key(), it.value().toString());
        state.createPending = query.value(2).toBool();
    }
    return state;
}

Result<void> SyncState::markCreatePending(QSqlDatabase database, const QString &type, const QString &key) {
    QSqlQuery query(database);
    query.prepare(
        QStringLiteral("INSERT INTO pgnotion.sync_state (resource_type, resource_id, create_pending) "
                       "VALUES (?, ?, true) ON CONFLICT (resource_type, resource_id) "
                       "DO UPDATE SET create_pending = true"));
    query.addBindValue(type);
    query.addBindValue(key);
    if (!query.exec())
        return sqlError(query, QStringLiteral("Recording the create of %1 %2").arg(type, key));
    return {};
}

Result<void> SyncState::save(QSqlDatabase database, const QString &type, const QString &key,
                             const QString &pageId, const QMap<QString, QString> &values) {
    QJsonObject json;
    for (auto it = values.begin(); it != values.end(); ++it)
        json.insert(it.key(), it.value());
    QSqlQuery query(database);
    query.prepare(QStringLiteral(
        "INSERT INTO pgnotion.sync_state (resource_type, resource_id, notion_page_id, synced_values, "
        "create_pending, "
        "synced_at) VALUES (?, ?, ?, ?::jsonb, false, now()) ON CONFLICT (resource_type, resource_id) DO "
        "UPDATE "
        "SET notion_page_id = coalesce(EXCLUDED.notion_page_id, pgnotion.sync_state.notion_page_id), "
        "synced_values = pgnotion.sync_state.synced_values || EXCLUDED.synced_values, create_pending = "
        "false, "
        "synced_at = now()"));
    query.addBindValue(type);
    query.addBindValue(key);
    query.addBindValue(pageId.isEmpty() ? QVariant() : QVariant(pageId));
    query.addBindValue(QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact)));
    if (!query.exec())
        return sqlError(query, QStringLiteral("Saving the sync state of %1 %2").arg(type, key));
    return {};
}

Result<void> SyncState::remove(QSqlDatabase database, const QString &type, const QString &key) {
    QSqlQuery query(database);
    query.prepare(
        QStringLiteral("DELETE FROM pgnotion.sync_state WHERE resource_type = ? AND resource_id = ?"));
    query.addBindValue(type);
    query.addBindValue(key);
    if (!query.exec())
        return sqlError(query, QStringLiteral("Removing the sync state of %1 %2").arg(type, key));
    return {};
}

} // namespace pgnotion
