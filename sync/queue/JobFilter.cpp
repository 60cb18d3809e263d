#include "queue/JobFilter.h"

#include "queue/SyncQueue.h"

namespace pgnotion {
namespace {

QString escapedLikePattern(QString text) {
    text.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
        .replace(QLatin1Char('%'), QStringLiteral("\\%"))
        .replace(QLatin1Char('_'), QStringLiteral("\\_"));
    return QLatin1Char('%') + text + QLatin1Char('%');
}

} // namespace

QStringList JobFilter::whereClauses(QVariantList &values) const {
    QStringList clauses{QStringLiteral("status = ANY (?::text[])")};
    values.append(toPostgresArray(statuses));
    if (!resourceType.isEmpty()) {
        clauses.append(QStringLiteral("resource_type = ?"));
        values.append(resourceType);
    }
    if (!direction.isEmpty()) {
        clauses.append(QStringLiteral("direction = ?"));
        values.append(direction);
    }
    if (!errorCode.isEmpty()) {
        clauses.append(QStringLiteral("last_error ->> 'code' = ?"));
        values.append(errorCode);
    }
    if (!text.isEmpty()) {
        const QString pattern = escapedLikePattern(text);
        clauses.append(QStringLiteral("(resource_id ILIKE ? OR error_message ILIKE ?)"));
        values.append(pattern);
        values.append(pattern);
    }
    if (updatedAfter.isValid()) {
        clauses.append(QStringLiteral("updated_at >= ?::timestamptz"));
        values.append(updatedAfter.toUTC().toString(Qt::ISODateWithMs));
    }
    if (updatedBefore.isValid()) {
        clauses.append(QStringLiteral("updated_at < ?::timestamptz"));
        values.append(updatedBefore.toUTC().toString(Qt::ISODateWithMs));
    }
    return clauses;
}

} // namespace pgnotion
