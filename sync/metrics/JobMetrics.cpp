#include "metrics/JobMetrics.h"

namespace pgnotion {

JobMetrics::JobMetrics()
    : m_jobs(
          QStringLiteral("pgnotion_jobs_total"),
          QStringLiteral("Sync job attempts this process finished, by resource type, direction and outcome "
                         "(completed, retry, rescheduled, dead, superseded, lease_lost, unrecorded)."),
          {QStringLiteral("type"), QStringLiteral("direction"), QStringLiteral("outcome")})
    , m_failures(QStringLiteral("pgnotion_job_failures_total"),
                 QStringLiteral("Failed attempts this process finished, by direction and failure kind "
                                "(transient, rate_limited, unreachable, auth, permanent, deferred)."),
                 {QStringLiteral("direction"), QStringLiteral("kind")})
    , m_durations(QStringLiteral("pgnotion_job_duration_seconds"),
                  QStringLiteral("How long this process's attempts took to run, from the handler's start to "
                                 "its outcome, by direction."),
                  {QStringLiteral("direction")}, durationBuckets()) {
    // The usual series exist from the start, at zero: a rate() over them is right from the first scrape.
    for (const QString &direction :
         {QStringLiteral("postgres_to_notion"), QStringLiteral("notion_to_postgres")})
        m_durations.declare({direction});
}

QList<double> JobMetrics::durationBuckets() {
    return {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 45, 60};
}

void JobMetrics::record(const JobReport &report) {
    m_jobs.add({report.resourceType, report.direction, report.outcome});
    if (!report.failureKind.isEmpty())
        m_failures.add({report.direction, report.failureKind});
    m_durations.observe({report.direction}, double(report.durationMs) / 1000.0);
}

void JobMetrics::record(const QList<JobReport> &reports) {
    for (const JobReport &report : reports)
        record(report);
}

void JobMetrics::write(ExpositionWriter &writer) const {
    m_jobs.write(writer);
    m_failures.write(writer);
    m_durations.write(writer);
}

} // namespace pgnotion
