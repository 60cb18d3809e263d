#pragma once

#include "db/DatabaseUrl.h"
#include "metrics/EngineMetrics.h"
#include "metrics/MetricsServer.h"
#include "metrics/QueueDepthSampler.h"

#include <QObject>

#include <chrono>
#include <memory>

namespace pgnotion {

class RateLimiter;
class WorkerPool;

// An engine's metrics endpoint, wired: the pool's job reports and pauses feed EngineMetrics, the queue's
// depth is sampled on a thread of its own, the Notion limiter's 429 counters are read at each scrape, and
// MetricsServer serves the page. Lives in the pool's thread (the headless worker's main thread), which
// never waits on Postgres or Notion, so a scrape is answered at once.
class EngineMetricsEndpoint : public QObject {
    Q_OBJECT
public:
    struct Options {
        MetricsServer::Options server;
        std::chrono::milliseconds depthInterval{std::chrono::seconds(5)};
    };

    // `pool` must outlive this; connect before the pool starts so that no report is missed.
    EngineMetricsEndpoint(const DatabaseUrl &url, WorkerPool *pool, std::shared_ptr<RateLimiter> limiter,
                          Options options, QObject *parent = nullptr);
    ~EngineMetricsEndpoint() override;

    // Listens and starts sampling; false with errorString() when the port cannot be bound.
    bool start();
    QString errorString() const { return m_server.errorString(); }
    QUrl url() const { return m_server.url(); }

    EngineMetrics &metrics() { return m_metrics; }
    QueueDepthSampler &sampler() { return m_sampler; }
    MetricsServer &server() { return m_server; }

private:
    EngineMetrics m_metrics;
    QueueDepthSampler m_sampler;
    MetricsServer m_server;
};

} // namespace pgnotion
