#include "EndToEndBenchmark.h"

#include "BenchDatabase.h"
#include "BenchNotion.h"
#include "EmulatorProcess.h"
#include "ProcessCpu.h"
#include "db/DatabaseConnection.h"
#include "engine/NotionSyncHandler.h"
#include "queue/WorkerPool.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QSqlQuery>
#include <QThread>
#include <QTimer>

#include <algorithm>

namespace pgnotion::bench {
namespace {

const QString kToken = QStringLiteral("secret_e2e_bench");

double percentile(QList<double> values, double q) {
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[qsizetype(q * double(values.size() - 1) + 0.5)];
}

// The engine's work as the bench sees it: how many jobs were reported, and when each resource was done.
struct Progress {
    int jobs = 0;
    QHash<QString, qint64> doneAtNs; // resource id -> steady clock
};

class Bench {
public:
    Bench(QSqlDatabase db, pgnotion::EmulatorProcess &notion, QTextStream &err)
        : m_db(std::move(db))
        , m_notion(notion)
        , m_err(err) {}

    QString exec(const QString &sql) {
        QSqlQuery query(m_db);
        if (!query.exec(sql)) {
            m_err << "pgnotion-bench: " << sqlError(query, sql.left(60)).message << Qt::endl;
            return {};
        }
        return query.next() ? query.value(0).toString() : QString();
    }
    int notionRequests() {
        QString error;
        return m_notion
            .get(QStringLiteral("/__emulator/requests"),
                 error)[QStringLiteral("counters")][QStringLiteral("requests_served")]
            .toInt();
    }
    int rateLimited() {
        QString error;
        return m_notion
            .get(QStringLiteral("/__emulator/requests"),
                 error)[QStringLiteral("counters")][QStringLiteral("rate_limited")]
            .toInt();
    }
    // Waits (processing events: the pool reports on this thread) until no job waits or runs.
    bool waitIdle(int timeoutMs) {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
            QThread::msleep(20);
            if (exec(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue WHERE status IN ('pending', "
                                    "'retrying', 'running')")) == QLatin1String("0"))
                return true;
        }
        return false;
    }

private:
    QSqlDatabase m_db;
    pgnotion::EmulatorProcess &m_notion;
    QTextStream &m_err;
};

} // namespace

int runEndToEndBenchmark(const DatabaseUrl &server, const EndToEndBenchmarkOptions &options, QTextStream &out,
                         QTextStream &err) {
    const auto database = BenchDatabase::create(server, QStringLiteral("e2e"), err);
    if (!database)
        return 1;
    const DatabaseUrl &url = database->url();

    const auto workspace = BenchNotion::start(kToken, {QStringLiteral("--latency-ms"), QStringLiteral("100")},
                                              QStringLiteral("Bench"), err);
    if (!workspace)
        return 1;
    EmulatorProcess &notion = workspace->emulator();
    const NotionClientOptions &client = workspace->client();

    Bench bench(database->database(), notion, err);
    bench.exec(QStringLiteral("INSERT INTO tiers (level, name) VALUES (1, 'Basic'), (2, 'Pro')"));
    bench.exec(QStringLiteral("INSERT INTO clients (name) VALUES ('Acme')"));
    Progress progress;
    WorkerPoolOptions pool;
    pool.workers = 4;
    pool.worker.pollInterval = std::chrono::milliseconds(200);
    pool.supervisor.instance = QStringLiteral("pgnotion-bench-e2e");
    const auto engineMapping = std::make_shared<const Mapping>(workspace->mapping());
    const auto dataSources = workspace->dataSources();
    WorkerPool engine(
        url, [=] { return std::make_unique<NotionSyncHandler>(engineMapping, dataSources, client); }, pool);
    QObject::connect(&engine, &WorkerPool::jobsProcessed, &engine,
                     [&progress](const QList<JobReport> &reports) {
                         const qint64 now = std::chrono::steady_clock::now().time_since_epoch().count();
                         for (const JobReport &report : reports) {
                             ++progress.jobs;
                             if (report.outcome == QLatin1String("completed"))
                                 progress.doneAtNs.insert(report.resourceId, now);
                         }
                     });
    engine.start();
    bench.waitIdle(10000);

    // (1) Commit -> Notion updated, with no backlog: alternately a new project and an update of it.
    QList<double> latencies;
    QString project;
    for (int i = 0; i < options.latencySamples; ++i) {
        const qint64 committed = std::chrono::steady_clock::now().time_since_epoch().count();
        if (i % 2 == 0)
            project = bench.exec(
                QStringLiteral("INSERT INTO projects (name, tier) VALUES ('Latency %1', 1) RETURNING id")
                    .arg(i));
        else
            bench.exec(
                QStringLiteral("UPDATE projects SET status = 'step %1' WHERE id = '%2'").arg(i).arg(project));
        progress.doneAtNs.remove(project);
        QElapsedTimer waited;
        waited.start();
        while (!progress.doneAtNs.contains(project) && waited.elapsed() < 10000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        if (progress.doneAtNs.contains(project))
            latencies.append(double(progress.doneAtNs.value(project) - committed) / 1e6);
        QThread::msleep(700); // the limiter's slots refill: no backlog
    }
    out << "e2e.latency_samples: " << latencies.size() << " samples\n";
    out << "e2e.latency_p50: " << QString::number(percentile(latencies, 0.5), 'f', 1) << " ms\n";
    out << "e2e.latency_p95: " << QString::number(percentile(latencies, 0.95), 'f', 1) << " ms\n";
    out.flush();

    // (2) Requests per write: a burst of updates to a few projects coalesces; new projects cost one each.
    QStringList projects;
    for (int i = 0; i < options.burstProjects; ++i)
        projects.append(bench.exec(
            QStringLiteral("INSERT INTO projects (name, tier) VALUES ('Burst %1', 2) RETURNING id").arg(i)));
    bench.waitIdle(600000);
    int before = bench.notionRequests();
    for (int i = 0; i < options.burstWrites; ++i)
        bench.exec(QStringLiteral("UPDATE projects SET status = 'write %1' WHERE id = '%2'")
                       .arg(i)
                       .arg(projects[i % projects.size()]));
    bench.waitIdle(600000);
    out << "e2e.requests_per_write_burst: "
        << QString::number(double(bench.notionRequests() - before) / options.burstWrites, 'f', 3)
        << " requests/write (" << options.burstWrites << " writes to " << options.burstProjects
        << " projects)\n";
    before = bench.notionRequests();
    for (int i = 0; i < options.newProjects; ++i)
        bench.exec(QStringLiteral("INSERT INTO projects (name, tier) VALUES ('New %1', 1)").arg(i));
    bench.waitIdle(600000);
    out << "e2e.requests_per_write_new: "
        << QString::number(double(bench.notionRequests() - before) / options.newProjects, 'f', 3)
        << " requests/write (" << options.newProjects << " new projects)\n";
    out.flush();

    // (3) Backlog drain: jobs queued while the engine is paused, then drained at Notion's limit.
    engine.pause();
    bench.exec(QStringLiteral("INSERT INTO projects (name, tier) SELECT 'Backlog ' || g, 1 + g % 2 FROM "
                              "generate_series(1, %1) g")
                   .arg(options.backlogJobs));
    const int limitedBefore = bench.rateLimited();
    before = bench.notionRequests();
    const int jobsBefore = progress.jobs;
    const double cpuBefore = processCpuSeconds();
    QElapsedTimer drain;
    drain.start();
    engine.resume();
    bench.waitIdle(3600000);
    const double seconds = double(drain.nsecsElapsed()) / 1e9;
    const double cpu = processCpuSeconds() - cpuBefore;
    const int requests = bench.notionRequests() - before;
    const int jobs = progress.jobs - jobsBefore;
    out << "e2e.backlog_jobs: " << jobs << " jobs\n";
    out << "e2e.backlog_dead: "
        << bench.exec(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue WHERE status = 'dead'"))
        << " jobs\n";
    const QString firstError =
        bench.exec(QStringLiteral("SELECT error_message FROM pgnotion.sync_queue WHERE status = "
                                  "'dead' ORDER BY id LIMIT 1"));
    if (!firstError.isEmpty())
        err << "pgnotion-bench: first dead job: " << firstError << Qt::endl;
    out << "e2e.backlog_rate: " << QString::number(requests / seconds, 'f', 3) << " requests/s\n";
    out << "e2e.backlog_achieved_to_limit: " << QString::number(requests / seconds / 3.0, 'f', 3)
        << " ratio\n";
    out << "e2e.backlog_rate_limited: " << bench.rateLimited() - limitedBefore << " answers\n";
    out << "e2e.engine_cpu_per_job: " << QString::number(cpu * 1e6 / std::max(1, jobs), 'f', 0)
        << " us/job\n";
    out.flush();

    QEventLoop stopping;
    QObject::connect(&engine, &WorkerPool::stopped, &stopping, &QEventLoop::quit);
    engine.stop();
    stopping.exec();
    return 0;
}

} // namespace pgnotion::bench
