#pragma once

#include "metrics/CounterFamily.h"
#include "metrics/HistogramFamily.h"
#include "queue/JobReport.h"

#include <QList>

namespace pgnotion {

// What this process's workers did, from the reports the pool emits for every finished attempt: attempts by
// type, direction and outcome, failures by kind, and how long attempts took per direction. Thread-safe.
class JobMetrics {
public:
    JobMetrics();

    void record(const JobReport &report);
    void record(const QList<JobReport> &reports);

    // The buckets of pgnotion_job_duration_seconds: 50 ms (an unchanged row) to a minute (Notion's
    // timeouts and long rate-limit waits), with the dashboard's 30 s latency alert on a bound.
    static QList<double> durationBuckets();

    const CounterFamily &jobs() const { return m_jobs; }
    const CounterFamily &failures() const { return m_failures; }
    const HistogramFamily &durations() const { return m_durations; }

    void write(ExpositionWriter &writer) const;

private:
    CounterFamily m_jobs;
    CounterFamily m_failures;
    HistogramFamily m_durations;
};

} // namespace pgnotion
