#include "ActivityLoader.h"

#include "db/DatabaseConnection.h"

#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace pgnotion {
namespace {

std::optional<double> optionalDouble(const QVariant &value) {
    return value.isNull() ? std::nullopt : std::optional<double>(value.toDouble());
}

// The WHERE clauses of a filter, with their values appended to `values` in order.
QStringList filterClauses(const ActivityFilter &filter, QVariantList &values) {
    QStringList clauses{QStringLiteral("true")};
    if (!filter.direction.isEmpty()) {
        clauses.append(QStringLiteral("direction = ?"));
        values.append(filter.direction);
    }
    if (!filter.outcome.isEmpty()) {
        clauses.append(QStringLiteral("outcome = ?"));
        values.append(filter.outcome);
    }
    if (!filter.resourceType.isEmpty()) {
        clauses.append(QStringLiteral("resource_type = ?"));
        values.append(filter.resourceType);
    }
    if (!filter.text.isEmpty()) {
        // The text is a literal, not a pattern: a user searching for "50%" or "a_b" means those characters.
        QString escaped = filter.text;
        escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
            .replace(QLatin1Char('%'), QStringLiteral("\\%"))
            .replace(QLatin1Char('_'), QStringLiteral("\\_"));
        const QString pattern = QLatin1Char('%') + escaped + QLatin1Char('%');
        clauses.append(
            QStringLiteral("(resource_id ILIKE ? OR error_code ILIKE ? OR error_message ILIKE ?)"));
        values << pattern << pattern << pattern;
    }
    return clauses;
}

const QString kColumns = QStringLiteral(
    "id, finished_at, direction, resource_type, resource_id, outcome, attempt, queue_latency_ms, "
    "total_latency_ms, http_status, error_code, error_message, notion_request_id, worker");

ActivityRow rowFrom(const QSqlQuery &query) {
    ActivityRow row;
    row.id = query.value(0).toLongLong();
    row.finishedAt = query.value(1).toDateTime();
    row.direction = query.value(2).toString();
    row.resourceType = query.value(3).toString();
    row.resourceId = query.value(4).toString();
    row.outcome = query.value(5).toString();
    row.attempt = query.value(6).toInt();
    row.queueLatencyMs = optionalDouble(query.value(7));
    row.totalLatencyMs = optionalDouble(query.value(8));
    row.httpStatus = query.value(9).toInt();
    row.errorCode = query.value(10).toString();
    row.errorMessage = query.value(11).toString();
    row.requestId = query.value(12).toString();
    row.worker = query.value(13).toString();
    return row;
}

} // namespace

ActivityLoader::ActivityLoader(QSqlDatabase database)
    : m_database(std::move(database)) {}

Result<qint64> ActivityLoader::highWaterId() {
    QSqlQuery query(m_database);
    if (!query.exec(QStringLiteral("SELECT coalesce(max(id), 0) FROM pgnotion.sync_log")) || !query.next())
        return sqlError(query, QStringLiteral("Reading the newest sync log entry"));
    return query.value(0).toLongLong();
}

Result<ActivityChunk> ActivityLoader::loadOlder(const ActivityFilter &filter, qint64 beforeId, int limit) {
    ActivityChunk chunk;
    if (beforeId <= 0) {
        // Read before the rows: a row committed in between shows in the rows and raises the mark below.
        auto mark = highWaterId();
        if (!mark)
            return mark.error();
        chunk.highWaterId = mark.value();
    }
    QVariantList values;
    QStringList clauses = filterClauses(filter, values);
    if (beforeId > 0) {
        clauses.append(QStringLiteral("id < ?"));
        values.append(beforeId);
    }
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT %1 FROM pgnotion.sync_log WHERE %2 ORDER BY id DESC LIMIT ?")
                      .arg(kColumns, clauses.join(QStringLiteral(" AND "))));
    for (const QVariant &value : std::as_const(values))
        query.addBindValue(value);
    query.addBindValue(limit);
    if (!query.exec())
        return sqlError(query, QStringLiteral("Loading the sync activity"));
    while (query.next())
        chunk.rows.append(rowFrom(query));
    if (!chunk.rows.isEmpty())
        chunk.highWaterId = std::max(chunk.highWaterId, chunk.rows.constFirst().id);
    return chunk;
}

Result<ActivityChunk> ActivityLoader::loadNewer(const ActivityFilter &filter, qint64 afterId, int limit,
                                                qint64 lookbackFrom, const QList<qint64> &knownIds) {
    auto mark = highWaterId();
    if (!mark)
        return mark.error();
    ActivityChunk chunk;
    chunk.highWaterId = std::max(afterId, mark.value());
    lookbackFrom = std::clamp<qint64>(lookbackFrom, 0, afterId);
    if (chunk.highWaterId == afterId && lookbackFrom == afterId)
        return chunk; // nothing new at all
    QStringList known;
    for (qint64 id : knownIds)
        known.append(QString::number(id));
    QVariantList values;
    QStringList clauses = filterClauses(filter, values);
    // A range of the primary key: cheap however long the log is.
    clauses.append(QStringLiteral("id > ? AND id <= ? AND (id > ? OR id <> ALL (?::bigint[]))"));
    values << lookbackFrom << chunk.highWaterId << afterId
           << QString(QLatin1Char('{') + known.join(QLatin1Char(',')) + QLatin1Char('}'));
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT %1 FROM pgnotion.sync_log WHERE %2 ORDER BY id DESC LIMIT ?")
                      .arg(kColumns, clauses.join(QStringLiteral(" AND "))));
    for (const QVariant &value : std::as_const(values))
        query.addBindValue(value);
    query.addBindValue(limit);
    if (!query.exec())
        return sqlError(query, QStringLiteral("Loading new sync activity"));
    while (query.next())
        chunk.rows.append(rowFrom(query));
    return chunk;
}

Result<int> ActivityLoader::countNewer(const ActivityFilter &filter, qint64 afterId) {
    QVariantList values;
    QStringList clauses = filterClauses(filter, values);
    clauses.append(QStringLiteral("id > ?"));
    values.append(afterId);
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("SELECT count(*) FROM pgnotion.sync_log WHERE %1")
                      .arg(clauses.join(QStringLiteral(" AND "))));
    for (const QVariant &value : std::as_const(values))
        query.addBindValue(value);
    if (!query.exec() || !query.next())
        return sqlError(query, QStringLiteral("Counting new sync activity"));
    return query.value(0).toInt();
}

} // namespace pgnotion
