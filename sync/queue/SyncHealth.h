#pragma once

#include "common/Result.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QSqlDatabase>

#include <chrono>
#include <optional>

namespace pgnotion {

// One point of the Overview's charts: a minute (1 h window), a quarter of an hour (24 h) or two hours (7 d).
struct HealthPoint {
    QDateTime at;
    int completed = 0;
    int failed = 0; // retry, dead, lost: rescheduled (rate limit, outage) is not a failure of the sync
    std::optional<double> p95Ms;
    int depth = 0; // the latest queue depth snapshot in the bucket
};

// The figures of the Overview, from the per-minute rollups (never the raw log) and the queue's partial
// indexes: cheap however long the history is.
struct SyncHealth {
    std::optional<double> successRateHour; // 0..1; empty when nothing ran
    std::optional<double> successRateDay;
    std::optional<double> p50Ms; // completed syncs of the last hour
    std::optional<double> p95Ms;
    int queueDepth = 0; // pending + retrying now
    int deadJobs = 0;
    double throughputPerMinute = 0; // completed per minute over the last 5 minutes
    QList<HealthPoint> series;

    static Result<SyncHealth> read(QSqlDatabase database, std::chrono::minutes window);
};

} // namespace pgnotion

Q_DECLARE_METATYPE(pgnotion::SyncHealth)
