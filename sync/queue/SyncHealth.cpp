#include "queue/SyncHealth.h"

#include "db/DatabaseConnection.h"

#include <QSqlQuery>

namespace pgnotion {
namespace {

std::optional<double> optionalDouble(const QVariant &value) {
    return value.isNull() ? std::nullopt : std::optional<double>(value.toDouble());
}

} // namespace

Result<SyncHealth> SyncHealth::read(QSqlDatabase database, std::chrono::minutes window) {
    SyncHealth health;
    QSqlQuery query(database);
    if (!query.exec(QStringLiteral(
            "WITH hour AS (SELECT * FROM pgnotion.sync_stats_minute WHERE minute >= now() - interval '1 "
            "hour'), "
            "day AS (SELECT * FROM pgnotion.sync_stats_minute WHERE minute >= now() - interval '1 day'), "
            "buckets AS (SELECT coalesce(pgnotion.int_array_add_all(latency_buckets), NULL) AS b FROM hour "
            "            WHERE outcome = 'completed') "
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

    // Buckets: ~60 points whatever the window (1 minute for 1 h, 24 minutes for 24 h, ~2.8 h for 7 d).
    const qint64 bucketSeconds =
        std::max<qint64>(60, std::chrono::duration_cast<std::chrono::seconds>(window).count() / 60);
    query.prepare(QStringLiteral(
        "WITH stats AS ("
        "  SELECT to_timestamp(floor(extract(epoch FROM minute) / ?) * ?) AS at, "
        "         sum(attempts) FILTER (WHERE outcome = 'completed') AS completed, "
        "         sum(attempts) FILTER (WHERE outcome IN ('retry', 'dead', 'lost')) AS failed, "
        "         pgnotion.histogram_quantile(pgnotion.int_array_add_all(latency_buckets) "
        "                                     FILTER (WHERE outcome = 'completed'), 0.95) AS p95 "
        "  FROM pgnotion.sync_stats_minute WHERE minute >= now() - ? * interval '1 minute' GROUP BY 1), "
        "depth AS ("
        "  SELECT DISTINCT ON (1) to_timestamp(floor(extract(epoch FROM minute) / ?) * ?) AS at, "
        "         sum(pending + retrying) OVER (PARTITION BY minute) AS depth "
        "  FROM pgnotion.sync_depth_minute WHERE minute >= now() - ? * interval '1 minute' ORDER BY 1, "
        "minute DESC) "
        "SELECT coalesce(s.at, d.at), coalesce(s.completed, 0), coalesce(s.failed, 0), s.p95, "
        "coalesce(d.depth, 0) "
        "FROM stats s FULL JOIN depth d ON d.at = s.at ORDER BY 1"));
    const qint64 minutes = window.count();
    for (const QVariant &value : {QVariant(bucketSeconds), QVariant(bucketSeconds), QVariant(minutes),
                                  QVariant(bucketSeconds), QVariant(bucketSeconds), QVariant(minutes)})
        query.addBindValue(value);
    if (!query.exec())
        return sqlError(query, QStringLiteral("Reading the sync health series"));
    while (query.next()) {
        health.series.append({query.value(0).toDateTime(), query.value(1).toInt(), query.value(2).toInt(),
                              optionalDouble(query.value(3)), query.value(4).toInt()});
    }
    return health;
}

} // namespace pgnotion
