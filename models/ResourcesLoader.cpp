#include "ResourcesLoader.h"

#include "db/DatabaseConnection.h"
#include "queue/SyncQueue.h"

#include <QSqlQuery>

namespace pgnotion {
namespace {

QString escapedLikePattern(QString text) {
    text.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
        .replace(QLatin1Char('%'), QStringLiteral("\\%"))
        .replace(QLatin1Char('_'), QStringLiteral("\\_"));
    return QLatin1Char('%') + text + QLatin1Char('%');
}

ResourceSyncState stateFromName(const QString &name) {
    if (name == QLatin1String("failed"))
        return ResourceSyncState::Failed;
    if (name == QLatin1String("pending"))
        return ResourceSyncState::Pending;
    if (name == QLatin1String("synced"))
        return ResourceSyncState::Synced;
    return ResourceSyncState::Never;
}

// Which of `columns` the table has. The title's column may come from the mapping's query (a join), not
// from the table: then the page shows no label rather than failing. No table at all is an error.
Result<QStringList> existingColumns(QSqlDatabase database, const QString &table, const QStringList &columns) {
    QSqlQuery query(database);
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral("SELECT c.oid IS NOT NULL, a.attname::text FROM (SELECT to_regclass(?) AS oid) c "
                       "LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT "
                       "a.attisdropped AND a.attname = ANY (?::text[])"));
    query.addBindValue(ResourcesLoader::quotedTableName(table));
    query.addBindValue(toPostgresArray(columns));
    if (!query.exec())
        return sqlError(query, QStringLiteral("Reading the columns of %1").arg(table));
    QStringList found;
    while (query.next()) {
        if (!query.value(0).toBool())
            return Error{QStringLiteral("The table %1 does not exist").arg(table), QStringLiteral("42P01")};
        if (!query.value(1).isNull())
            found.append(query.value(1).toString());
    }
    return found;
}

// A column of the table as text, or NULL when the table does not have it.
QString columnOrNull(const QString &column, const QStringList &existing) {
    return !column.isEmpty() && existing.contains(column)
               ? QStringLiteral("t.%1::text").arg(ResourcesLoader::quotedIdentifier(column))
               : QStringLiteral("NULL::text");
}

} // namespace

QString resourceSyncStateName(ResourceSyncState state) {
    switch (state) {
    case ResourceSyncState::Failed:
        return QStringLiteral("failed");
    case ResourceSyncState::Pending:
        return QStringLiteral("pending");
    case ResourceSyncState::Synced:
        return QStringLiteral("synced");
    case ResourceSyncState::Never:
        break;
    }
    return QStringLiteral("never");
}

ResourcesLoader::ResourcesLoader(QSqlDatabase database)
    : m_database(std::move(database)) {}

QString ResourcesLoader::quotedIdentifier(const QString &name) {
    QString quoted = name;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString ResourcesLoader::quotedTableName(const QString &table) {
    QStringList parts;
    for (const QString &part : table.split(QLatin1Char('.')))
        parts.append(quotedIdentifier(part));
    return parts.join(QLatin1Char('.'));
}

QString ResourcesLoader::titleColumn(const ResourceMapping &resource) {
    for (const PropertyMapping &property : resource.properties) {
        if (property.type == PropertyType::Title)
            return property.column;
    }
    return {};
}

Result<QList<ResourceRow>> ResourcesLoader::load(const ResourceMapping &resource,
                                                 const ResourcesFilter &filter,
                                                 const std::optional<QString> &afterKey, int limit) {
    const QString title = titleColumn(resource);
    const auto columns = existingColumns(m_database, resource.table, {title, resource.pageIdColumn});
    if (!columns)
        return columns.error();
    const QString key = QStringLiteral("t.") + quotedIdentifier(resource.keyColumn);

    QVariantList values{resource.name, resource.name};
    QStringList clauses{QStringLiteral("true")};
    if (afterKey) {
        // Compared as the key's own type (the parameter takes the column's type): 10 sorts after 9.
        clauses.append(QStringLiteral("r.sort_key > ?"));
        values.append(*afterKey);
    }
    if (!filter.text.isEmpty()) {
        clauses.append(QStringLiteral("(r.key_text ILIKE ? OR r.label ILIKE ?)"));
        values.append(escapedLikePattern(filter.text));
        values.append(escapedLikePattern(filter.text));
    }
    // A row without a dead job cannot be failed, and dead jobs are few: one pass over them spares the
    // per-row probes of a million rows when only a handful match (1.2 s instead of 4 s at a million).
    if (filter.state == ResourceSyncState::Failed)
        clauses.append(
            QStringLiteral("r.ckey IN (SELECT coalesce_key FROM pgnotion.sync_queue WHERE status = 'dead')"));
    QString stateClause = QStringLiteral("true");
    if (filter.state) {
        stateClause = QStringLiteral("x.state = ?");
        values.append(resourceSyncStateName(*filter.state));
    }
    values.append(limit);

    // Each probe of the queue matches one of its partial indexes (waiting, running, dead by resource), so
    // a chunk costs a few index lookups per row however long the queue is. Scalar subqueries, not EXISTS:
    // as semi-joins the planner hashes every waiting job of the queue for each chunk.
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral(
            "SELECT x.key_text, x.label, x.page_id, x.synced_at, x.error_message, x.state FROM ("
            " SELECT r.sort_key, r.key_text, r.label, s.synced_at, d.error_message,"
            "  coalesce(nullif(s.notion_page_id, ''), nullif(r.row_page_id, '')) AS page_id,"
            "  CASE WHEN d.failed_at IS NOT NULL AND (s.synced_at IS NULL OR d.failed_at > s.synced_at)"
            "        THEN 'failed'"
            "   WHEN (SELECT w.id FROM pgnotion.sync_queue w WHERE w.coalesce_key = r.ckey"
            "         AND w.status IN ('pending', 'retrying') LIMIT 1) IS NOT NULL"
            "     OR (SELECT w.id FROM pgnotion.sync_queue w WHERE w.coalesce_key = r.ckey"
            "         AND w.status = 'running' LIMIT 1) IS NOT NULL THEN 'pending'"
            "   WHEN coalesce(nullif(s.notion_page_id, ''), nullif(r.row_page_id, '')) IS NOT NULL"
            "        THEN 'synced'"
            "   ELSE 'never' END AS state"
            " FROM (SELECT %1 AS sort_key, %1::text AS key_text, %2 AS label, %3 AS row_page_id,"
            "        pgnotion.coalesce_key(?, %1::text, 'postgres_to_notion') AS ckey FROM %4 AS t) AS r"
            " LEFT JOIN pgnotion.sync_state s ON s.resource_type = ? AND s.resource_id = r.key_text"
            " LEFT JOIN LATERAL (SELECT coalesce(j.processed_at, j.updated_at) AS failed_at, j.error_message"
            "   FROM pgnotion.sync_queue j WHERE j.coalesce_key = r.ckey AND j.status = 'dead'"
            "   ORDER BY j.updated_at DESC LIMIT 1) AS d ON true"
            " WHERE %5) AS x WHERE %6 ORDER BY x.sort_key LIMIT ?")
            .arg(key, columnOrNull(title, columns.value()),
                 columnOrNull(resource.pageIdColumn, columns.value()), quotedTableName(resource.table),
                 clauses.join(QStringLiteral(" AND ")), stateClause));
    for (const QVariant &value : std::as_const(values))
        query.addBindValue(value);
    if (!query.exec())
        return sqlError(query, QStringLiteral("Loading the rows of %1").arg(resource.table));
    QList<ResourceRow> rows;
    while (query.next()) {
        ResourceRow row;
        row.key = query.value(0).toString();
        row.label = query.value(1).toString();
        row.notionPageId = query.value(2).toString();
        row.syncedAt = query.value(3).toDateTime();
        row.lastError = query.value(4).toString();
        row.state = stateFromName(query.value(5).toString());
        rows.append(std::move(row));
    }
    return rows;
}

Result<QList<ResourceRow>> ResourcesLoader::loadFrom(const QString &databaseUrl,
                                                     const ResourceMapping &resource,
                                                     const ResourcesFilter &filter,
                                                     const std::optional<QString> &afterKey, int limit) {
    return withConnection(databaseUrl, QStringLiteral("dashboard"), [&](QSqlDatabase database) {
        return ResourcesLoader(database).load(resource, filter, afterKey, limit);
    });
}

} // namespace pgnotion
