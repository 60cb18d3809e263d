#pragma once

#include "metrics/JobMetrics.h"

#include <QByteArray>
#include <QMap>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>

namespace pgnotion {

class QueueDepthSampler;
class RateLimiter;

// Every metric of an engine process, rendered as one Prometheus page. The job figures are recorded here;
// the rest is read from its sources when a scrape renders: the queue depth sampler's newest snapshot, the
// Notion rate limiter's counters, the pool's workers and the webhook receiver's counters. Nothing here
// touches the database: render() answers at once.
class EngineMetrics {
public:
    struct Workers {
        int busy = 0;
        int total = 0;
    };

    JobMetrics &jobs() { return m_jobs; }
    const JobMetrics &jobs() const { return m_jobs; }

    // Sources; each is optional (its metrics are left out without it). Set them before serving.
    void setQueueDepthSampler(const QueueDepthSampler *sampler) { m_sampler = sampler; }
    void setRateLimiter(std::shared_ptr<RateLimiter> limiter) { m_limiter = std::move(limiter); }
    // Called on the thread that renders.
    void setWorkers(std::function<Workers()> workers) { m_workers = std::move(workers); }
    void setWebhookCounters(std::function<QMap<QString, qint64>()> counters) {
        m_webhooks = std::move(counters);
    }

    // This process's engine paused itself because Notion rejected the token. Thread-safe.
    void setTokenRejected(bool rejected) { m_tokenRejected = rejected; }

    QByteArray render() const;

private:
    void writeQueue(ExpositionWriter &writer) const;
    void writeEngine(ExpositionWriter &writer) const;
    void writeNotion(ExpositionWriter &writer) const;
    void writeWebhooks(ExpositionWriter &writer) const;

    JobMetrics m_jobs;
    const QueueDepthSampler *m_sampler = nullptr;
    std::shared_ptr<RateLimiter> m_limiter;
    std::function<Workers()> m_workers;
    std::function<QMap<QString, qint64>()> m_webhooks;
    std::atomic<bool> m_tokenRejected{false};
};

} // namespace pgnotion
