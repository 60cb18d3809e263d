#include "queue/SyncHealth.h"

#include "db/DatabaseConnection.h"

#include <QSqlQuery>

#include <tuple>

namespace pgnotion {
namespace {

std::optional<double> optionalDouble(const QVariant &value) {
    return value.isNull() ? std::nullopt : std::optional<double>(value.toDouble());
}

// The latency histogram of the completed attempts among the rows aggregated: a sum per bucket. Thirteen
// plain sums cost a fraction of adding arrays row by row (pgnotion.int_array_add_all), which made a 7-day
// chart read take half a second on a million-row history.
QString completedHistogramSql() {
    QStringList sums;
    for (int bucket = 1; bucket <= 13; ++bucket)
        sums.append(
            QStringLiteral("sum(latency_buckets[%1]) FILTER (WHERE outcome = 'completed')").arg(bucket));
    return QStringLiteral("ARRAY[") + sums.join(QStringLiteral(", ")) + QStringLiteral("]::integer[]");
}

} // namespace

Result<SyncHealth> SyncHealth::read(QSqlDatabase database, std::chrono::minutes window) {
    SyncHealth health;
    QSqlQuery query(database);
    if (!query.exec(
            QStringLiteral(
                "WITH hour AS (SELECT * FROM pgnotion.sync_stats_minute WHERE minute >= now() - interval '1 "
                "hour'), "
                "day AS (SELECT * FROM pgnotion.sync_stats_hour WHERE hour > now() - interval '1 day'), "
                "buckets AS (SELECT %1 AS b FROM hour) ")
                .arg(completedHistogramSql()) +
            QStringLiteral(
                "SELECT (SELECT sum(attempts) FILTER (WHERE outcome = 'completed')::float8 / "
                "               nullif(sum(attempts) FILTER (WHERE outcome IN ('completed', 'retry', 'dead', "
                "'lost')), 0) "
                "        FROM hour), "
                "       (SELECT sum(attempts) FILTER (WHERE outcome = 'completed')::float8 / "
                "               nullif(sum(attempts) FILTER (WHERE outcome IN ('completed', 'retry', 'dead', "
                "'lost')), 0) "
                "        FROM day), "
                "       (SELECT pgnotion.histogram_quantile(b, 0.5) FROM buckets), "
                "       (SELECT pgnotion.histogram_quantile(b, 0.95) FROM buckets), "
                "       (SELECT count(*) FROM pgnotion.sync_queue WHERE status IN ('pending', 'retrying')), "
                "       (SELECT count(*) FROM pgnotion.sync_queue WHERE status = 'dead'), "
                "       (SELECT coalesce(sum(attempts), 0)::float8 / 5 FROM pgnotion.sync_stats_minute "
                "        WHERE outcome = 'completed' AND minute >= date_trunc('minute', now()) - interval '5 "
                "minutes')")) ||
        !query.next())
        return sqlError(query, QStringLiteral("Reading the sync health"));
    health.successRateHour = optionalDouble(query.value(0));
    health.successRateDay = optionalDouble(query.value(1));
    health.p50Ms = optionalDouble(query.value(2));
    health.p95Ms = optionalDouble(query.value(3));
    health.queueDepth = query.value(4).toInt();
    health.deadJobs = query.value(5).toInt();
    health.throughputPerMinute = query.value(6).toDouble();

    // Buckets: ~60 points whatever the window (1 minute for 1 h); beyond 6 h from the hour rollups
    // (1 h buckets for 24 h, 3 h for 7 d).
    const qint64 windowSeconds = std::chrono::duration_cast<std::chrono::seconds>(window).count();
    const bool hourly = window > std::chrono::hours(6);
    const qint64 granule = hourly ? 3600 : 60;
    const qint64 bucketSeconds = std::max<qint64>(1, (windowSeconds / 60 + granule - 1) / granule) * granule;
    const QString unit = hourly ? QStringLiteral("hour") : QStringLiteral("minute");
    query.prepare(
        QStringLiteral(
            "WITH stats AS ("
            "  SELECT to_timestamp(floor(extract(epoch FROM %2) / ?) * ?) AS at, "
            "         sum(attempts) FILTER (WHERE outcome = 'completed') AS completed, "
            "         sum(attempts) FILTER (WHERE outcome IN ('retry', 'dead', 'lost')) AS failed, "
            "         pgnotion.histogram_quantile(%1, 0.5) AS p50, pgnotion.histogram_quantile(%1, 0.95) AS "
            "p95 "
            "  FROM pgnotion.sync_stats_%2 WHERE %2 >= now() - ? * interval '1 minute' GROUP BY 1), "
            "depth AS ("
            "  SELECT DISTINCT ON (1) to_timestamp(floor(extract(epoch FROM %2) / ?) * ?) AS at, "
            "         sum(pending + retrying) OVER (PARTITION BY %2) AS depth "
            "  FROM pgnotion.sync_depth_%2 WHERE %2 >= now() - ? * interval '1 minute' ORDER BY 1, "
            "%2 DESC) "
            "SELECT coalesce(s.at, d.at), coalesce(s.completed, 0), coalesce(s.failed, 0), s.p50, s.p95, "
            "coalesce(d.depth, 0) "
            "FROM stats s FULL JOIN depth d ON d.at = s.at ORDER BY 1")
            .arg(completedHistogramSql(), unit));
    const qint64 minutes = window.count();
    for (const QVariant &value : {QVariant(bucketSeconds), QVariant(bucketSeconds), QVariant(minutes),
                                  QVariant(bucketSeconds), QVariant(bucketSeconds), QVariant(minutes)})
        query.addBindValue(value);
    if (!query.exec())
        return sqlError(query, QStringLiteral("Reading the sync health series"));
    while (query.next()) {
        health.series.append({query.value(0).toDateTime(), query.value(1).toInt(), query.value(2).toInt(),
                              optionalDouble(query.value(3)), optionalDouble(query.value(4)),
                              query.value(5).toInt()});
    }

    for (const auto &[column, counts, limit] :
         {std::tuple{QStringLiteral("resource_type"), &health.failuresByType, 20},
          std::tuple{QStringLiteral("error_code"), &health.failuresByErrorCode, 8}}) {
        query.prepare(
            QStringLiteral("SELECT %1, sum(attempts) FROM pgnotion.sync_stats_%2 "
                           "WHERE %2 >= now() - ? * interval '1 minute' "
                           "AND outcome IN ('retry', 'dead', 'lost') GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?")
                .arg(column, unit));
        query.addBindValue(minutes);
        query.addBindValue(limit);
        if (!query.exec())
            return sqlError(query, QStringLiteral("Reading the failures by %1").arg(column));
        while (query.next())
            counts->append({query.value(0).toString(), query.value(1).toInt()});
    }
    return health;
}

} // namespace pgnotion
