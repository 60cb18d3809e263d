#include "engine/RowReader.h"

#include "db/DatabaseConnection.h"

#include <QSqlDriver>
#include <QSqlQuery>
#include <QSqlRecord>

namespace pgnotion {

RowReader::RowReader(QSqlDatabase database)
    : m_database(std::move(database)) {}

QString RowReader::quotedTable(const ResourceMapping &resource) const {
    QStringList parts;
    for (const QString &part : resource.table.split(QLatin1Char('.')))
        parts.append(m_database.driver()->escapeIdentifier(part, QSqlDriver::TableName));
    return parts.join(QLatin1Char('.'));
}

QString RowReader::quoted(const QString &column) const {
    return m_database.driver()->escapeIdentifier(column, QSqlDriver::FieldName);
}

Result<std::optional<QVariantMap>> RowReader::read(const ResourceMapping &resource, const QString &key) {
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    if (!resource.query.isEmpty()) {
        query.prepare(resource.query);
        query.bindValue(QStringLiteral(":key"), key);
    } else {
        query.prepare(QStringLiteral("SELECT * FROM %1 WHERE %2 = ?")
                          .arg(quotedTable(resource), quoted(resource.keyColumn)));
        query.addBindValue(key);
    }
    if (!query.exec())
        return sqlError(query, QStringLiteral("Reading %1 %2").arg(resource.name, key));
    if (!query.next())
        return std::optional<QVariantMap>();
    QVariantMap row;
    const QSqlRecord record = query.record();
    for (int i = 0; i < record.count(); ++i)
        row.insert(record.fieldName(i), query.value(i));
    return std::optional<QVariantMap>(row);
}

Result<QString> RowReader::pageIdOf(const ResourceMapping &resource, const QString &key) {
    if (!resource.hasOwnPage())
        return QString();
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("SELECT %1 FROM %2 WHERE %3 = ?")
                      .arg(quoted(resource.pageIdColumn), quotedTable(resource), quoted(resource.keyColumn)));
    query.addBindValue(key);
    if (!query.exec())
        return sqlError(query, QStringLiteral("Reading the Notion page of %1 %2").arg(resource.name, key));
    return query.next() ? query.value(0).toString() : QString();
}

Result<void> RowReader::storePageId(const ResourceMapping &resource, const QString &key,
                                    const QString &pageId) {
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("UPDATE %1 SET %2 = ? WHERE %3 = ? AND %2 IS DISTINCT FROM ?")
                      .arg(quotedTable(resource), quoted(resource.pageIdColumn), quoted(resource.keyColumn)));
    query.addBindValue(pageId.isEmpty() ? QVariant() : QVariant(pageId));
    query.addBindValue(key);
    query.addBindValue(pageId.isEmpty() ? QVariant() : QVariant(pageId));
    if (!query.exec())
        return sqlError(query, QStringLiteral("Storing the Notion page of %1 %2").arg(resource.name, key));
    return {};
}

} // namespace pgnotion
