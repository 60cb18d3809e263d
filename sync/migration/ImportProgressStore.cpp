#include "migration/ImportProgressStore.h"

#include "db/DatabaseConnection.h"

#include <QSqlQuery>

namespace pgnotion {

bool ImportCursor::isBefore(const QDateTime &created, const QString &page) const {
    if (createdTime.isNull())
        return false;
    return created < createdTime || (created == createdTime && page <= pageId);
}

ImportProgressStore::ImportProgressStore(QSqlDatabase database)
    : m_database(std::move(database)) {}

Result<ImportCursor> ImportProgressStore::load(const QString &resource, const QString &dataSourceId) {
    QSqlQuery query(m_database);
    query.prepare(
        QStringLiteral("SELECT last_created_time, last_page_id, pages_done, finished_at IS NOT NULL "
                       "FROM pgnotion.initial_import_progress "
                       "WHERE resource_type = ? AND data_source_id = ?"));
    query.addBindValue(resource);
    query.addBindValue(dataSourceId);
    if (!query.exec())
        return sqlError(query, QStringLiteral("Reading the import progress of %1").arg(resource));
    ImportCursor cursor;
    if (query.next() && !query.value(3).toBool()) {
        cursor.createdTime = query.value(0).toDateTime().toUTC();
        cursor.pageId = query.value(1).toString();
        cursor.pagesDone = query.value(2).toLongLong();
    }
    return cursor;
}

Result<void> ImportProgressStore::save(const QString &resource, const QString &dataSourceId,
                                       const ImportCursor &cursor, int linkedInBatch) {
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral(
        "INSERT INTO pgnotion.initial_import_progress AS p (resource_type, data_source_id, "
        "last_created_time, "
        "last_page_id, pages_done, pages_linked) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (resource_type, data_source_id) DO UPDATE SET last_created_time = "
        "EXCLUDED.last_created_time, last_page_id = EXCLUDED.last_page_id, pages_done = EXCLUDED.pages_done, "
        "pages_linked = CASE WHEN p.finished_at IS NULL THEN p.pages_linked ELSE 0 END + "
        "EXCLUDED.pages_linked, started_at = CASE WHEN p.finished_at IS NULL THEN p.started_at ELSE now() "
        "END, "
        "updated_at = now(), finished_at = NULL"));
    query.addBindValue(resource);
    query.addBindValue(dataSourceId);
    query.addBindValue(cursor.createdTime);
    query.addBindValue(cursor.pageId);
    query.addBindValue(cursor.pagesDone);
    query.addBindValue(linkedInBatch);
    if (!query.exec())
        return sqlError(query, QStringLiteral("Saving the import progress of %1").arg(resource));
    return {};
}

Result<void> ImportProgressStore::finish(const QString &resource, const QString &dataSourceId) {
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral(
        "INSERT INTO pgnotion.initial_import_progress (resource_type, data_source_id, finished_at) "
        "VALUES (?, ?, now()) ON CONFLICT (resource_type, data_source_id) DO UPDATE SET finished_at = now(), "
        "updated_at = now()"));
    query.addBindValue(resource);
    query.addBindValue(dataSourceId);
    if (!query.exec())
        return sqlError(query, QStringLiteral("Finishing the import of %1").arg(resource));
    return {};
}

} // namespace pgnotion
