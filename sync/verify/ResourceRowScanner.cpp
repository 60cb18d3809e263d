#include "verify/ResourceRowScanner.h"

#include "db/DatabaseConnection.h"
#include "engine/RowReader.h"

#include <QRegularExpression>
#include <QSqlQuery>
#include <QSqlRecord>

namespace pgnotion {
namespace {

const QString kKeyColumn = QStringLiteral("pgnotion_verify_key");

} // namespace

ResourceRowScanner::ResourceRowScanner(QSqlDatabase database, int chunkSize)
    : m_database(std::move(database))
    , m_chunkSize(qMax(1, chunkSize)) {}

QString ResourceRowScanner::statement(const ResourceMapping &resource, bool afterKey) const {
    RowReader names(m_database);
    const QString table = names.quotedTable(resource);
    const QString key = names.quoted(resource.keyColumn);
    // The query of one row, with the key of the chunk's row in place of :key (as QSqlQuery would bind it).
    static const QRegularExpression placeholder(QStringLiteral("(?<!:):key\\b"));
    QString inner = resource.query.isEmpty()
                        ? QStringLiteral("SELECT * FROM %1 WHERE %2 = :key").arg(table, key)
                        : resource.query;
    inner = inner.trimmed();
    while (inner.endsWith(QLatin1Char(';'))) // fine on its own, a syntax error inside the join
        inner = inner.chopped(1).trimmed();
    inner.replace(placeholder, QStringLiteral("k.") + kKeyColumn);
    // `found` tells a key whose query returned nothing (skipped) from the end of the chunk's keys.
    return QStringLiteral(
               "SELECT k.%1::text, q.* FROM (SELECT t.%2 AS %1 FROM %3 AS t %4 ORDER BY t.%2 LIMIT %5) "
               "AS k LEFT JOIN LATERAL (SELECT true AS pgnotion_verify_found, s.* FROM (%6) AS s "
               "LIMIT 1) AS q ON true ORDER BY k.%1")
        .arg(kKeyColumn, key, table, afterKey ? QStringLiteral("WHERE t.%1 > ?").arg(key) : QString())
        .arg(m_chunkSize)
        .arg(inner);
}

Result<void> ResourceRowScanner::scan(const ResourceMapping &resource, const ChunkHandler &handle) {
    QString lastKey;
    bool first = true;
    for (;;) {
        QSqlQuery query(m_database);
        query.setForwardOnly(true);
        if (!query.prepare(statement(resource, !first)))
            return sqlError(query, QStringLiteral("Reading the rows of %1").arg(resource.name));
        if (!first)
            query.addBindValue(lastKey);
        if (!query.exec())
            return sqlError(query,
                            QStringLiteral("Reading the rows of %1 (check the mapping's table, key and "
                                           "query)")
                                .arg(resource.name));
        QList<ScannedRow> chunk;
        int keys = 0;
        while (query.next()) {
            ++keys;
            lastKey = query.value(0).toString();
            if (!query.value(1).toBool())
                continue; // the query has no row for this key: the engine would treat it as deleted
            ScannedRow row{lastKey, {}};
            const QSqlRecord record = query.record();
            for (int i = 2; i < record.count(); ++i)
                row.values.insert(record.fieldName(i), query.value(i));
            chunk.append(std::move(row));
        }
        if (!chunk.isEmpty()) {
            if (auto handled = handle(chunk); !handled)
                return handled;
        }
        if (keys < m_chunkSize)
            return {};
        first = false;
    }
}

} // namespace pgnotion
