#include "DashboardBenchmark.h"

#include "ActivityLoader.h"
#include "AppProcessProbe.h"
#include "BenchDatabase.h"
#include "FailedJobsLoader.h"
#include "MainWindow.h"
#include "queue/EngineStatus.h"
#include "queue/QueueStats.h"
#include "queue/SyncHealth.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTimer>

#include <algorithm>
#include <functional>
#include <limits>

namespace pgnotion::bench {
namespace {

// Spread over 7 days, five types, both directions; 2 % retried, 1 % rescheduled, 0.5 % dead.
bool plantHistory(QSqlDatabase db, const DashboardBenchmarkOptions &options, QTextStream &err) {
    const QStringList statements = {
        QStringLiteral(
            "INSERT INTO pgnotion.sync_log (job_id, resource_type, resource_id, direction, attempt, worker, "
            "enqueued_at, started_at, finished_at, outcome, http_status, error_code, error_message) "
            "SELECT g, (ARRAY['project','milestone','deliverable','payment','lead'])[1 + g % 5], (g % "
            "50000)::text, "
            "CASE WHEN g % 10 = 0 THEN 'notion_to_postgres' ELSE 'postgres_to_notion' END, 1, 'bench', "
            "t - interval '400 ms', t - interval '300 ms', t, "
            "CASE WHEN g % 200 = 0 THEN 'dead' WHEN g % 50 = 0 THEN 'retry' WHEN g % 100 = 1 THEN "
            "'rescheduled' "
            "     ELSE 'completed' END, "
            "CASE WHEN g % 200 = 0 THEN 400 WHEN g % 50 = 0 THEN 502 ELSE 200 END, "
            "CASE WHEN g % 200 = 0 THEN 'validation_error' WHEN g % 50 = 0 THEN 'bad_gateway' END, "
            "CASE WHEN g % 200 = 0 THEN 'body failed validation' END "
            "FROM generate_series(1, %1) g, "
            "LATERAL (SELECT now() - (g::double precision / %1) * interval '7 days' AS t) at_time")
            .arg(options.logRows),
        QStringLiteral(
            "INSERT INTO pgnotion.sync_queue (resource_type, resource_id, status, attempts, coalesce_key, "
            "error_message, last_error, error_history, processed_at, updated_at) "
            "SELECT 'project', 'dead-' || g, 'dead', 8, 'project:dead-' || g, 'body failed validation: ' || "
            "g, "
            "jsonb_build_object('code', 'validation_error', 'http_status', 400), "
            "(SELECT jsonb_agg(jsonb_build_object('at', now(), 'code', 'validation_error', 'message', 'x')) "
            " FROM generate_series(1, 8)), now() - g * interval '1 second', now() - g * interval '1 second' "
            "FROM generate_series(1, %1) g")
            .arg(options.deadJobs),
        QStringLiteral(
            "INSERT INTO pgnotion.sync_depth_minute (minute, resource_type, pending, retrying, running, "
            "dead) SELECT m, t, 10, 1, 2, 2000 FROM generate_series(date_trunc('minute', now()) - "
            "interval '7 days', now(), interval '1 minute') m, unnest(ARRAY['project','milestone',"
            "'deliverable','payment','lead']) t"),
        QStringLiteral("ANALYZE"),
    };
    QSqlQuery query(db);
    for (const QString &sql : statements) {
        if (!query.exec(sql)) {
            err << "pgnotion-bench: " << sqlError(query, QStringLiteral("Planting the history")).message
                << Qt::endl;
            return false;
        }
    }
    return true;
}

struct Timing {
    double medianMs = 0;
    double maxMs = 0;
};

// Runs `query` `repeats` times after one warm-up (a dashboard's connection is warm after its first refresh).
template <typename Query>
std::optional<Timing> timeQuery(int repeats, Query query) {
    if (!query())
        return std::nullopt;
    QList<double> samples;
    for (int i = 0; i < repeats; ++i) {
        QElapsedTimer timer;
        timer.start();
        if (!query())
            return std::nullopt;
        samples.append(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(samples.begin(), samples.end());
    return Timing{samples.at(samples.size() / 2), samples.last()};
}

// The longest gap between ticks of a 1 ms timer on the GUI thread while the window does its work, and
// the page shown then.
std::pair<double, QString> longestStall(MainWindow &window, int durationMs) {
    QElapsedTimer clock;
    clock.start();
    qint64 last = clock.nsecsElapsed();
    qint64 longest = 0;
    QString longestOn;
    auto *pages = window.findChild<QTabWidget *>(QStringLiteral("pagesTabWidget"));
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(1);
    QObject::connect(&probe, &QTimer::timeout, &window, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (now - last > longest) {
            longest = now - last;
            longestOn = pages->tabText(pages->currentIndex());
        }
        last = now;
    });
    probe.start();
    // Visit every page (each loads or refreshes off the GUI thread) while the refresh timers run.
    while (clock.elapsed() < durationMs) {
        pages->setCurrentIndex(static_cast<int>((clock.elapsed() / 500) % pages->count()));
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    }
    probe.stop();
    return {static_cast<double>(longest) / 1e6, longestOn};
}

} // namespace

int runDashboardBenchmark(const DatabaseUrl &server, const DashboardBenchmarkOptions &options,
                          QTextStream &out, QTextStream &err) {
    const auto database = BenchDatabase::create(server, QStringLiteral("dashboard"), err);
    if (!database)
        return 1;
    QElapsedTimer planting;
    planting.start();
    if (!plantHistory(database->database(), options, err))
        return 1;
    out << "planted: " << options.logRows << " sync_log rows, " << options.deadJobs << " dead jobs in "
        << planting.elapsed() / 1000.0 << " s" << Qt::endl;

    const QSqlDatabase db = database->database();
    struct Measured {
        QString name;
        std::function<bool()> query;
    };
    const QList<Measured> queries = {
        {QStringLiteral("overview_1h"),
         [db] {
             return SyncHealth::read(db, std::chrono::minutes(60)).ok();
         }},
        {QStringLiteral("overview_24h"),
         [db] {
             return SyncHealth::read(db, std::chrono::minutes(24 * 60)).ok();
         }},
        {QStringLiteral("overview_7d"),
         [db] {
             return SyncHealth::read(db, std::chrono::minutes(7 * 24 * 60)).ok();
         }},
        {QStringLiteral("queue_counts"),
         [db] {
             return QueueStats::countsByType(db).ok();
         }},
        {QStringLiteral("engine_status"),
         [db] {
             return EngineStatus::read(db).ok();
         }},
        {QStringLiteral("failed_first_rows"),
         [db] {
             return FailedJobsLoader(db).load(JobFilter{}, {}, 200).ok();
         }},
        {QStringLiteral("activity_first_rows"),
         [db] {
             return ActivityLoader(db).loadOlder(ActivityFilter{}, 0, 200).ok();
         }},
        {QStringLiteral("activity_new_rows_poll"),
         [db] {
             return ActivityLoader(db)
                 .loadNewer(ActivityFilter{}, std::numeric_limits<qint32>::max(), 200)
                 .ok();
         }},
        {QStringLiteral("activity_dead_first_rows"),
         [db] {
             ActivityFilter filter;
             filter.outcome = QStringLiteral("dead");
             return ActivityLoader(db).loadOlder(filter, 0, 200).ok();
         }},
        {QStringLiteral("failed_search_first_rows"),
         [db] {
             JobFilter filter;
             filter.text = QStringLiteral("validation: 99");
             return FailedJobsLoader(db).load(filter, {}, 200).ok();
         }},
    };
    for (const Measured &measured : queries) {
        const auto timing = timeQuery(options.repeats, measured.query);
        if (!timing) {
            err << "pgnotion-bench: the " << measured.name << " query failed" << Qt::endl;
            return 1;
        }
        out << measured.name << "_median: " << QString::number(timing->medianMs, 'f', 2) << " ms" << Qt::endl;
        out << measured.name << "_max: " << QString::number(timing->maxMs, 'f', 2) << " ms" << Qt::endl;
    }

    {
        MainWindow window;
        window.resize(1366, 768);
        window.show();
        window.connectToDatabase(database->url().toString());
        // First the first visit of each page (its first paint, its first load), then the steady state:
        // refresh after refresh, page after page.
        const int pageCount = window.findChild<QTabWidget *>(QStringLiteral("pagesTabWidget"))->count();
        const QList<std::pair<QString, int>> phases = {
            {QStringLiteral("gui_longest_stall_first_visits"), pageCount * 500},
            {QStringLiteral("gui_longest_stall"), 10000}};
        for (const auto &[name, durationMs] : phases) {
            const auto [stallMs, page] = longestStall(window, durationMs);
            out << name << ": " << QString::number(stallMs, 'f', 1) << " ms (on the " << page << " page)"
                << Qt::endl;
        }
    }

    const AppProbe app = probeApp(database->url(), err);
    if (!app.ok)
        return 1;
    out << "cold_start_to_painted_overview: " << app.firstPaintMs << " ms" << Qt::endl;
    out << "app_resident_memory: " << app.residentKb / 1024 << " MB" << Qt::endl;
    out << "app_peak_resident_memory: " << app.peakResidentKb / 1024 << " MB" << Qt::endl;
    return 0;
}

} // namespace pgnotion::bench
