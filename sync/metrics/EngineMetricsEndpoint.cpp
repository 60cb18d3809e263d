#include "metrics/EngineMetricsEndpoint.h"

#include "notion/RateLimiter.h"
#include "queue/WorkerPool.h"

namespace pgnotion {

EngineMetricsEndpoint::EngineMetricsEndpoint(const DatabaseUrl &url, WorkerPool *pool,
                                             std::shared_ptr<RateLimiter> limiter, Options options,
                                             QObject *parent)
    : QObject(parent)
    , m_sampler(url, options.depthInterval)
    , m_server(options.server, [this] { return m_metrics.render(); }) {
    connect(pool, &WorkerPool::jobsProcessed, this,
            [this](const QList<JobReport> &reports) { m_metrics.jobs().record(reports); });
    connect(pool, &WorkerPool::notionAuthenticationFailed, this,
            [this] { m_metrics.setTokenRejected(true); });
    connect(pool, &WorkerPool::pausedChanged, this, [this](bool paused) {
        if (!paused)
            m_metrics.setTokenRejected(false); // resumed: whatever paused it is over
    });
    m_metrics.setWorkers([pool] { return EngineMetrics::Workers{pool->busyWorkers(), pool->workerCount()}; });
    m_metrics.setRateLimiter(std::move(limiter));
    m_metrics.setQueueDepthSampler(&m_sampler);
}

// The server goes first (members in reverse order): no scrape reads the sampler while it stops.
EngineMetricsEndpoint::~EngineMetricsEndpoint() {
    m_server.close();
}

bool EngineMetricsEndpoint::start() {
    if (!m_server.listen())
        return false;
    m_sampler.start();
    return true;
}

} // namespace pgnotion
