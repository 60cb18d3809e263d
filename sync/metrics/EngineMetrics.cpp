#include "metrics/EngineMetrics.h"

#include "metrics/QueueDepthSampler.h"
#include "notion/RateLimiter.h"

#include <algorithm>

namespace pgnotion {

QByteArray EngineMetrics::render() const {
    ExpositionWriter writer;
    writer.family(QStringLiteral("pgnotion_build_info"), QStringLiteral("gauge"),
                  QStringLiteral("The pgnotion version this process runs (always 1)."));
    writer.sample(QStringLiteral("pgnotion_build_info"),
                  {{QStringLiteral("version"), QStringLiteral(PGNOTION_VERSION)}}, 1);
    m_jobs.write(writer);
    writeQueue(writer);
    writeEngine(writer);
    writeNotion(writer);
    writeWebhooks(writer);
    return writer.text();
}

void EngineMetrics::writeQueue(ExpositionWriter &writer) const {
    if (!m_sampler)
        return;
    const QueueDepthSnapshot snapshot = m_sampler->snapshot();
    writer.family(QStringLiteral("pgnotion_queue_depth_errors_total"), QStringLiteral("counter"),
                  QStringLiteral("Samples of the queue's depth that failed (Postgres unreachable or "
                                 "erroring); the depth shown is then the newest one that succeeded."));
    writer.sample(QStringLiteral("pgnotion_queue_depth_errors_total"), double(snapshot.failures));
    if (!snapshot.sampledAt.isValid())
        return; // no figure yet: better absent than a zero that looks like an empty queue

    const QueueCount total = snapshot.total();
    const QList<QPair<QString, int>> states{{QStringLiteral("pending"), total.pending},
                                            {QStringLiteral("running"), total.running},
                                            {QStringLiteral("retrying"), total.retrying},
                                            {QStringLiteral("dead"), total.dead}};
    writer.family(QStringLiteral("pgnotion_queue_depth"), QStringLiteral("gauge"),
                  QStringLiteral("Jobs in the shared queue (every engine's, from Postgres) by state, as of "
                                 "the newest sample (see pgnotion_queue_depth_age_seconds)."));
    for (const auto &[state, count] : states)
        writer.sample(QStringLiteral("pgnotion_queue_depth"), {{QStringLiteral("state"), state}}, count);

    writer.family(QStringLiteral("pgnotion_queue_jobs"), QStringLiteral("gauge"),
                  QStringLiteral("Jobs in the shared queue by resource type and state, as of the newest "
                                 "sample."));
    for (const QueueCount &count : snapshot.counts) {
        const QList<QPair<QString, int>> byState{{QStringLiteral("pending"), count.pending},
                                                 {QStringLiteral("running"), count.running},
                                                 {QStringLiteral("retrying"), count.retrying},
                                                 {QStringLiteral("dead"), count.dead}};
        for (const auto &[state, jobs] : byState) {
            writer.sample(QStringLiteral("pgnotion_queue_jobs"),
                          {{QStringLiteral("type"), count.resourceType}, {QStringLiteral("state"), state}},
                          jobs);
        }
    }

    const double age =
        std::max<qint64>(0, snapshot.sampledAt.msecsTo(QDateTime::currentDateTimeUtc())) / 1000.0;
    writer.family(QStringLiteral("pgnotion_queue_depth_age_seconds"), QStringLiteral("gauge"),
                  QStringLiteral("Seconds since the queue's depth was last read from Postgres."));
    writer.sample(QStringLiteral("pgnotion_queue_depth_age_seconds"), age);
    writer.family(QStringLiteral("pgnotion_queue_depth_timestamp_seconds"), QStringLiteral("gauge"),
                  QStringLiteral("When the queue's depth was last read from Postgres (Unix time)."));
    writer.sample(QStringLiteral("pgnotion_queue_depth_timestamp_seconds"),
                  double(snapshot.sampledAt.toMSecsSinceEpoch()) / 1000.0);
}

void EngineMetrics::writeEngine(ExpositionWriter &writer) const {
    const bool queuePaused = m_sampler && m_sampler->snapshot().queuePaused;
    writer.family(QStringLiteral("pgnotion_engine_paused"), QStringLiteral("gauge"),
                  QStringLiteral("1 when this engine does not take jobs, by reason: queue_paused (an admin "
                                 "paused every engine sharing the queue) or token_rejected (Notion rejected "
                                 "the token; this engine paused itself until resumed)."));
    writer.sample(QStringLiteral("pgnotion_engine_paused"),
                  {{QStringLiteral("reason"), QStringLiteral("queue_paused")}}, queuePaused ? 1 : 0);
    writer.sample(QStringLiteral("pgnotion_engine_paused"),
                  {{QStringLiteral("reason"), QStringLiteral("token_rejected")}}, m_tokenRejected ? 1 : 0);
    if (!m_workers)
        return;
    const Workers workers = m_workers();
    writer.family(QStringLiteral("pgnotion_workers"), QStringLiteral("gauge"),
                  QStringLiteral("This process's worker threads: busy with a job, or idle."));
    writer.sample(QStringLiteral("pgnotion_workers"), {{QStringLiteral("state"), QStringLiteral("busy")}},
                  workers.busy);
    writer.sample(QStringLiteral("pgnotion_workers"), {{QStringLiteral("state"), QStringLiteral("idle")}},
                  workers.total - workers.busy);
}

void EngineMetrics::writeNotion(ExpositionWriter &writer) const {
    if (!m_limiter)
        return;
    const RateLimiter::Statistics statistics = m_limiter->statistics();
    writer.family(
        QStringLiteral("pgnotion_notion_rate_limited_total"), QStringLiteral("counter"),
        QStringLiteral("HTTP 429 answers this process received, by reason: rate_limited (Notion's "
                       "rate limit) or other_429 (a 429 without Notion's code, e.g. from a proxy)."));
    QMap<QString, qint64> reasons{{QStringLiteral("rate_limited"), 0}, {QStringLiteral("other_429"), 0}};
    for (auto it = statistics.rateLimitedByReason.cbegin(); it != statistics.rateLimitedByReason.cend(); ++it)
        reasons[it.key()] = it.value();
    for (auto it = reasons.cbegin(); it != reasons.cend(); ++it) {
        writer.sample(QStringLiteral("pgnotion_notion_rate_limited_total"),
                      {{QStringLiteral("reason"), it.key()}}, double(it.value()));
    }
    writer.family(QStringLiteral("pgnotion_notion_rate_limit_pause_seconds_total"), QStringLiteral("counter"),
                  QStringLiteral("Seconds every Notion request of this process was held back because a 429 "
                                 "asked to wait (Retry-After)."));
    writer.sample(QStringLiteral("pgnotion_notion_rate_limit_pause_seconds_total"), statistics.pausedSeconds);
    writer.family(QStringLiteral("pgnotion_notion_request_rate"), QStringLiteral("gauge"),
                  QStringLiteral("Notion requests per second this process allows itself: the configured "
                                 "limit, and the current one (lowered after a 429, recovering while Notion "
                                 "stays quiet)."));
    writer.sample(QStringLiteral("pgnotion_notion_request_rate"),
                  {{QStringLiteral("limit"), QStringLiteral("configured")}}, statistics.configuredRate);
    writer.sample(QStringLiteral("pgnotion_notion_request_rate"),
                  {{QStringLiteral("limit"), QStringLiteral("current")}}, statistics.currentRate);
}

void EngineMetrics::writeWebhooks(ExpositionWriter &writer) const {
    if (!m_webhooks)
        return;
    const QMap<QString, qint64> counters = m_webhooks();
    writer.family(QStringLiteral("pgnotion_webhook_requests_total"), QStringLiteral("counter"),
                  QStringLiteral("Requests to the Notion webhook endpoint, by what became of them (accepted, "
                                 "duplicate, rejected_bad_signature...)."));
    for (auto it = counters.cbegin(); it != counters.cend(); ++it) {
        writer.sample(QStringLiteral("pgnotion_webhook_requests_total"),
                      {{QStringLiteral("outcome"), it.key()}}, double(it.value()));
    }
}

} // namespace pgnotion
