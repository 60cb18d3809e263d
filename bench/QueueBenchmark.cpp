#include "QueueBenchmark.h"

#include "ProcessCpu.h"
#include "db/DatabaseConnection.h"
#include "db/Migrator.h"
#include "queue/SyncQueue.h"
#include "queue/WorkerPool.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHash>
#include <QMutex>
#include <QSqlQuery>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <chrono>

namespace pgnotion::bench {
namespace {

const QString kBenchType = QStringLiteral("__bench__");
using Clock = std::chrono::steady_clock;

// Records when each job reached a worker: that is when it was claimed.
class ClaimRecorder {
public:
    void record(const QString &resourceId) {
        const auto now = Clock::now();
        QMutexLocker lock(&m_mutex);
        m_claimed.insert(resourceId, now);
    }
    bool take(const QString &resourceId, Clock::time_point &when) {
        QMutexLocker lock(&m_mutex);
        auto found = m_claimed.find(resourceId);
        if (found == m_claimed.end())
            return false;
        when = found.value();
        m_claimed.erase(found);
        return true;
    }

private:
    QMutex m_mutex;
    QHash<QString, Clock::time_point> m_claimed;
};

class NoOpHandler : public JobHandler {
public:
    explicit NoOpHandler(ClaimRecorder *recorder)
        : m_recorder(recorder) {}
    JobResult handle(const SyncJob &job, JobContext &) override {
        if (m_recorder)
            m_recorder->record(job.resourceId);
        return JobResult::success();
    }

private:
    ClaimRecorder *m_recorder;
};

bool clearBenchJobs(QSqlDatabase db, QTextStream &err) {
    QSqlQuery query(db);
    for (const QString &sql :
         {QStringLiteral("DELETE FROM pgnotion.sync_queue WHERE resource_type = '__bench__'"),
          QStringLiteral("DELETE FROM pgnotion.sync_log WHERE resource_type = '__bench__'"),
          QStringLiteral("DELETE FROM pgnotion.sync_stats_minute WHERE resource_type = '__bench__'"),
          QStringLiteral("VACUUM ANALYZE pgnotion.sync_queue"),
          QStringLiteral("VACUUM ANALYZE pgnotion.sync_log")}) {
        if (!query.exec(sql)) {
            err << "pgnotion-bench: " << sqlError(query, sql).message << Qt::endl;
            return false;
        }
    }
    return true;
}

bool insertJobs(QSqlDatabase db, int count, QTextStream &err) {
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT INTO pgnotion.sync_queue (resource_type, resource_id, coalesce_key) "
                                 "SELECT '__bench__', g::text, "
                                 "pgnotion.coalesce_key('__bench__', g::text, 'postgres_to_notion') "
                                 "FROM generate_series(1, ?) AS g"));
    query.addBindValue(count);
    if (!query.exec()) {
        err << "pgnotion-bench: " << sqlError(query, QStringLiteral("Inserting jobs")).message << Qt::endl;
        return false;
    }
    return true;
}

struct ThroughputResult {
    double jobsPerSecond = 0;
    double cpuMicrosPerJob = 0;
    int processed = 0;
};

ThroughputResult measureThroughput(const DatabaseUrl &url, QSqlDatabase db, int workers, int batchSize,
                                   int jobs, QTextStream &err) {
    if (!clearBenchJobs(db, err) || !insertJobs(db, jobs, err))
        return {};
    WorkerPoolOptions options;
    options.workers = workers;
    options.worker.batchSize = batchSize;
    options.supervisor.instance = QStringLiteral("pgnotion-bench");
    WorkerPool pool(
        url, [] { return std::make_unique<NoOpHandler>(nullptr); }, options);
    // Steady state: the clock runs from the first finished batch to the last, counting the jobs after
    // the first batch, so that thread start-up and connection set-up are not part of the figure.
    QEventLoop loop;
    int processed = 0;
    int countedJobs = 0;
    QElapsedTimer elapsed;
    double cpuStart = 0;
    double cpuEnd = 0;
    qint64 nanoseconds = 0;
    QObject::connect(&pool, &WorkerPool::jobsProcessed, &loop, [&](const QList<JobReport> &reports) {
        processed += int(reports.size());
        if (!elapsed.isValid()) {
            elapsed.start();
            cpuStart = processCpuSeconds();
            return;
        }
        countedJobs += int(reports.size());
        if (processed >= jobs)
            loop.quit();
    });
    QObject::connect(&pool, &WorkerPool::databaseErrorOccurred, &loop,
                     [&err](const QString &message) { err << "pgnotion-bench: " << message << Qt::endl; });
    pool.start();
    QTimer::singleShot(std::chrono::minutes(5), &loop, &QEventLoop::quit);
    loop.exec();
    // The clock stops when the pool has stopped: the last completions are written by then.
    QEventLoop stopLoop;
    QObject::connect(&pool, &WorkerPool::stopped, &stopLoop, &QEventLoop::quit);
    pool.stop();
    stopLoop.exec();
    nanoseconds = elapsed.isValid() ? elapsed.nsecsElapsed() : 0;
    cpuEnd = processCpuSeconds();
    // Every job must have left the queue with its log row: a figure for work not done is no figure.
    QSqlQuery check(db);
    if (!check.exec(
            QStringLiteral("SELECT (SELECT count(*) FROM pgnotion.sync_queue WHERE resource_type = "
                           "'__bench__'), (SELECT count(*) FROM pgnotion.sync_log WHERE resource_type = "
                           "'__bench__' AND outcome = 'completed')")) ||
        !check.next()) {
        err << "pgnotion-bench: " << sqlError(check, QStringLiteral("Checking the run")).message << Qt::endl;
        return {};
    }
    if (check.value(0).toInt() != 0 || check.value(1).toInt() != jobs) {
        err << "pgnotion-bench: after the run " << check.value(0).toInt() << " jobs remain queued and "
            << check.value(1).toInt() << " of " << jobs << " were logged as completed" << Qt::endl;
        return {};
    }
    ThroughputResult result;
    result.processed = processed;
    if (nanoseconds > 0 && countedJobs > 0) {
        result.jobsPerSecond = countedJobs / (double(nanoseconds) / 1e9);
        result.cpuMicrosPerJob = (cpuEnd - cpuStart) * 1e6 / countedJobs;
    }
    return result;
}

struct WakeResult {
    double p50Ms = 0;
    double p95Ms = 0;
    int samples = 0;
};

WakeResult measureWakeLatency(const DatabaseUrl &url, QSqlDatabase db, int samples, QTextStream &err) {
    if (!clearBenchJobs(db, err))
        return {};
    ClaimRecorder recorder;
    WorkerPoolOptions options;
    options.workers = 4;
    options.worker.batchSize = 1;
    // Only NOTIFY can wake the workers within the measurement: the safety-net poll is pushed out.
    options.worker.pollInterval = std::chrono::minutes(10);
    options.supervisor.instance = QStringLiteral("pgnotion-bench-wake");
    WorkerPool pool(
        url, [&recorder] { return std::make_unique<NoOpHandler>(&recorder); }, options);
    QEventLoop ready;
    QObject::connect(&pool, &WorkerPool::ready, &ready, &QEventLoop::quit);
    pool.start();
    QTimer::singleShot(std::chrono::seconds(30), &ready, &QEventLoop::quit);
    ready.exec();
    QThread::msleep(200); // every worker idle

    SyncQueue producer(db, QStringLiteral("bench-producer"));
    QList<double> latencies;
    for (int i = 0; i < samples; ++i) {
        const QString id = QStringLiteral("wake-%1").arg(i);
        const auto sent = Clock::now();
        if (auto queued = producer.enqueue(kBenchType, id); !queued) {
            err << "pgnotion-bench: " << queued.error().message << Qt::endl;
            break;
        }
        Clock::time_point claimed;
        const auto deadline = Clock::now() + std::chrono::seconds(5);
        while (!recorder.take(id, claimed) && Clock::now() < deadline)
            QThread::usleep(50);
        if (Clock::now() >= deadline) {
            err << "pgnotion-bench: job " << id << " was not claimed within 5 s" << Qt::endl;
            continue;
        }
        latencies.append(std::chrono::duration<double, std::milli>(claimed - sent).count());
        QThread::msleep(10); // let the workers go idle again
        QCoreApplication::processEvents();
    }
    QEventLoop stopLoop;
    QObject::connect(&pool, &WorkerPool::stopped, &stopLoop, &QEventLoop::quit);
    pool.stop();
    stopLoop.exec();

    WakeResult result;
    result.samples = int(latencies.size());
    if (latencies.isEmpty())
        return result;
    std::sort(latencies.begin(), latencies.end());
    auto at = [&latencies](double q) {
        return latencies[qsizetype(q * double(latencies.size() - 1) + 0.5)];
    };
    result.p50Ms = at(0.50);
    result.p95Ms = at(0.95);
    return result;
}

} // namespace

int runQueueBenchmark(const DatabaseUrl &url, const QueueBenchmarkOptions &options, QTextStream &out,
                      QTextStream &err) {
    DatabaseConnection connection(url, QStringLiteral("bench"));
    if (auto opened = connection.open(); !opened) {
        err << "pgnotion-bench: " << opened.error().message << Qt::endl;
        return 1;
    }
    if (auto migrated = Migrator(connection.database()).applyBundled(true); !migrated) {
        err << "pgnotion-bench: " << migrated.error().message << Qt::endl;
        return 1;
    }
    out << "queue.jobs: " << options.jobs << " jobs\n";
    out << "queue.batch_size: " << options.batchSize << " jobs\n";
    const struct {
        int workers;
        int batch;
        const char *name;
    } runs[] = {{1, 1, "queue.unbatched_1_worker"},
                {8, 1, "queue.unbatched_8_workers"},
                {1, options.batchSize, "queue.throughput_1_worker"},
                {8, options.batchSize, "queue.throughput_8_workers"}};
    for (const auto &run : runs) {
        const auto result =
            measureThroughput(url, connection.database(), run.workers, run.batch, options.jobs, err);
        if (result.processed < options.jobs) {
            err << "pgnotion-bench: " << run.name << " processed only " << result.processed << " jobs"
                << Qt::endl;
            return 1;
        }
        out << run.name << ": " << qRound(result.jobsPerSecond) << " jobs/s\n";
        out << run.name << ".client_cpu: " << QString::number(result.cpuMicrosPerJob, 'f', 1) << " us/job\n";
        out.flush();
    }
    const auto wake = measureWakeLatency(url, connection.database(), options.wakeSamples, err);
    if (wake.samples == 0)
        return 1;
    out << "queue.wake_samples: " << wake.samples << " samples\n";
    out << "queue.wake_latency_p50: " << QString::number(wake.p50Ms, 'f', 2) << " ms\n";
    out << "queue.wake_latency_p95: " << QString::number(wake.p95Ms, 'f', 2) << " ms\n";
    out.flush();
    clearBenchJobs(connection.database(), err);
    return 0;
}

} // namespace pgnotion::bench
