#pragma once

#include "common/Result.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QSqlDatabase>

#include <chrono>
#include <optional>

namespace pgnotion {

// One point of the Overview's charts: a minute (1 h window), an hour (24 h) or three hours (7 d).
struct HealthPoint {
    QDateTime at;
    int completed = 0;
    int failed = 0; // retry, dead, lost: rescheduled (rate limit, outage) is not a failure of the sync
    std::optional<double> p50Ms;
    std::optional<double> p95Ms;
    int depth = 0; // the latest queue depth snapshot in the bucket
};

// Failed attempts (retry, dead, lost) of the window under one key: a resource type or a Notion error code.
struct FailureCount {
    QString key;
    int attempts = 0;
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
    QList<FailureCount> failuresByType;      // most first
    QList<FailureCount> failuresByErrorCode; // most first, the top 8

    static Result<SyncHealth> read(QSqlDatabase database, std::chrono::minutes window);
};

} // namespace pgnotion

Q_DECLARE_METATYPE(pgnotion::SyncHealth)
