#include "CommandLine.h"
#include "EmulatedWorkspace.h"
#include "TestDatabase.h"
#include "engine/NotionSyncHandler.h"
#include "metrics/EngineMetricsEndpoint.h"
#include "metrics/ExpositionWriter.h"
#include "metrics/HistogramFamily.h"
#include "metrics/JobMetrics.h"
#include "notion/RateLimiter.h"
#include "queue/WorkerPool.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QThread>

#include <algorithm>

using namespace pgnotion;
using namespace pgnotion::test;
using namespace std::chrono_literals;

namespace {

struct Answer {
    int status = 0;
    QByteArray contentType;
    QByteArray allow;
    QByteArray body;
};

Answer request(const QUrl &url, const QByteArray &method = "GET") {
    QNetworkAccessManager network;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QStringLiteral("application/x-www-form-urlencoded"));
    QNetworkReply *reply = method == "POST" ? network.post(request, QByteArray("x=1"))
                                            : network.sendCustomRequest(request, method);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(20000);
    Answer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.contentType = reply->rawHeader("Content-Type");
    answer.allow = reply->rawHeader("Allow");
    answer.body = reply->readAll();
    reply->deleteLater();
    return answer;
}

// A scraped page: every sample by its series as written (`name{label="value",...}`), after checking each
// line against the text format: HELP and TYPE before a family's first sample, sample lines well formed.
struct Scrape {
    QHash<QString, double> samples;
    QHash<QString, QString> types;
    QString error;

    double value(const QString &series) const { return samples.value(series, -1); }
    // The sum over every series of `name` whose labels contain all of `labels` (`type="project"`).
    double sum(const QString &name, const QStringList &labels = {}) const {
        double total = 0;
        for (auto it = samples.cbegin(); it != samples.cend(); ++it) {
            if (it.key() != name && !it.key().startsWith(name + u'{'))
                continue;
            if (std::all_of(labels.cbegin(), labels.cend(),
                            [&](const QString &label) { return it.key().contains(label); }))
                total += it.value();
        }
        return total;
    }

    static Scrape parse(const QByteArray &text) {
        static const QRegularExpression sampleLine(
            QStringLiteral(R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")"
                           R"((?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")*\})? (\S+)$)"));
        static const QRegularExpression commentLine(
            QStringLiteral(R"(^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$)"));
        Scrape scrape;
        if (!text.endsWith('\n'))
            scrape.error = QStringLiteral("the page does not end with a newline");
        QSet<QString> helped;
        for (const QString &line : QString::fromUtf8(text).split(u'\n', Qt::SkipEmptyParts)) {
            if (line.startsWith(u'#')) {
                const auto match = commentLine.match(line);
                if (!match.hasMatch()) {
                    scrape.error = QStringLiteral("bad comment line: ") + line;
                    continue;
                }
                if (match.captured(1) == QLatin1String("HELP"))
                    helped.insert(match.captured(2));
                else
                    scrape.types.insert(match.captured(2), match.captured(3));
                continue;
            }
            const auto match = sampleLine.match(line);
            if (!match.hasMatch()) {
                scrape.error = QStringLiteral("bad sample line: ") + line;
                continue;
            }
            QString family = match.captured(1);
            for (const QString &suffix :
                 {QStringLiteral("_bucket"), QStringLiteral("_sum"), QStringLiteral("_count")}) {
                if (family.endsWith(suffix) &&
                    scrape.types.value(family.chopped(suffix.size())) == u"histogram")
                    family.chop(suffix.size());
            }
            if (!scrape.types.contains(family) || !helped.contains(family))
                scrape.error = QStringLiteral("no HELP and TYPE before ") + line;
            bool ok = false;
            const QString number = match.captured(3);
            const double value = number == u"+Inf" ? qInf() : number.toDouble(&ok);
            if (!ok && number != u"+Inf")
                scrape.error = QStringLiteral("bad value: ") + line;
            scrape.samples.insert(match.captured(1) + match.captured(2), value);
        }
        return scrape;
    }
};

JobReport report(const QString &type, const QString &outcome, qint64 durationMs, const QString &kind = {}) {
    JobReport job;
    job.resourceType = type;
    job.direction = QStringLiteral("postgres_to_notion");
    job.outcome = outcome;
    job.failureKind = kind;
    job.durationMs = durationMs;
    return job;
}

quint16 freePort() {
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

// The Prometheus endpoint of the headless worker: the text format, the HTTP endpoint, and figures that
// follow real work of the real engine against PostgreSQL and the Notion emulator.
class TestMetrics : public QObject {
    Q_OBJECT

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<EmulatedWorkspace> m_workspace;

    bool startWorkspace() {
        m_db = std::make_unique<TestDatabase>();
        if (!m_db->isReady())
            return false;
        m_db->exec(QStringLiteral("INSERT INTO tiers (level, name) VALUES (1, 'Basic'), (2, 'Pro')"));
        m_db->exec(QStringLiteral("INSERT INTO clients (name) VALUES ('Acme')"));
        m_workspace = std::make_unique<EmulatedWorkspace>();
        const QString failed = m_workspace->start();
        if (!failed.isEmpty())
            qWarning() << failed;
        return failed.isEmpty();
    }

    void newProjects(int count, const QString &prefix) {
        for (int i = 0; i < count; ++i) {
            QVERIFY(m_db->exec(QStringLiteral("INSERT INTO projects (name, tier, client_id) VALUES ('%1 %2', "
                                              "2, (SELECT id FROM clients LIMIT 1))")
                                   .arg(prefix)
                                   .arg(i)));
        }
    }

    int logged(const QString &outcome) const {
        return m_db
            ->scalar(
                QStringLiteral("SELECT count(*) FROM pgnotion.sync_log WHERE outcome = '%1'").arg(outcome))
            .toInt();
    }

    bool queueIdle() const {
        return m_db->scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue "
                                           "WHERE status IN ('pending', 'retrying', 'running')"))
                   .toInt() == 0;
    }

private Q_SLOTS:
    void cleanup() {
        m_workspace.reset();
        m_db.reset();
    }

    void labelValuesAndHelpAreEscaped() {
        ExpositionWriter writer;
        writer.family(QStringLiteral("pgnotion_test_total"), QStringLiteral("counter"),
                      QStringLiteral("A help with a \\ backslash\nand a newline \"quoted\"."));
        writer.sample(QStringLiteral("pgnotion_test_total"),
                      {{QStringLiteral("type"), QStringLiteral("say \"hi\"\\now\nbye")},
                       {QStringLiteral("direction"), QStringLiteral("ümlaut")}},
                      3);
        writer.sample(QStringLiteral("pgnotion_test_total"), 0.25);
        const QByteArray expected = "# HELP pgnotion_test_total A help with a \\\\ backslash\\nand a newline "
                                    "\"quoted\".\n"
                                    "# TYPE pgnotion_test_total counter\n"
                                    "pgnotion_test_total{type=\"say \\\"hi\\\"\\\\now\\nbye\",direction=\""
                                    "\xc3\xbcmlaut\"} 3\n"
                                    "pgnotion_test_total 0.25\n";
        QCOMPARE(writer.text(), expected);
        const Scrape scrape = Scrape::parse(writer.text());
        QVERIFY2(scrape.error.isEmpty(), qPrintable(scrape.error));

        QCOMPARE(ExpositionWriter::formatValue(qInf()), QStringLiteral("+Inf"));
        QCOMPARE(ExpositionWriter::formatValue(-qInf()), QStringLiteral("-Inf"));
        QCOMPARE(ExpositionWriter::formatValue(qQNaN()), QStringLiteral("NaN"));
        QCOMPARE(ExpositionWriter::formatValue(123456789012.0), QStringLiteral("123456789012"));
        QCOMPARE(ExpositionWriter::formatValue(0.05), QStringLiteral("0.05"));
        QCOMPARE(ExpositionWriter::formatValue(1e300), QStringLiteral("1e+300"));
    }

    void histogramBucketsAreCumulativeWithSumCountAndInf() {
        HistogramFamily histogram(QStringLiteral("pgnotion_test_seconds"), QStringLiteral("Test."),
                                  {QStringLiteral("direction")}, {0.1, 1, 10});
        for (const double value : {0.05, 0.1, 0.5, 5.0, 100.0})
            histogram.observe({QStringLiteral("out")}, value);
        ExpositionWriter writer;
        histogram.write(writer);
        const QByteArray expected = "# HELP pgnotion_test_seconds Test.\n"
                                    "# TYPE pgnotion_test_seconds histogram\n"
                                    "pgnotion_test_seconds_bucket{direction=\"out\",le=\"0.1\"} 2\n"
                                    "pgnotion_test_seconds_bucket{direction=\"out\",le=\"1\"} 3\n"
                                    "pgnotion_test_seconds_bucket{direction=\"out\",le=\"10\"} 4\n"
                                    "pgnotion_test_seconds_bucket{direction=\"out\",le=\"+Inf\"} 5\n"
                                    "pgnotion_test_seconds_sum{direction=\"out\"} 105.65\n"
                                    "pgnotion_test_seconds_count{direction=\"out\"} 5\n";
        QCOMPARE(writer.text(), expected);
    }

    void jobReportsBecomeCountersAndDurations() {
        JobMetrics metrics;
        metrics.record(
            {report(QStringLiteral("project"), QStringLiteral("completed"), 40),
             report(QStringLiteral("project"), QStringLiteral("completed"), 1200),
             report(QStringLiteral("lead"), QStringLiteral("dead"), 30, QStringLiteral("permanent")),
             report(QStringLiteral("lead"), QStringLiteral("rescheduled"), 61000,
                    QStringLiteral("rate_limited"))});
        ExpositionWriter writer;
        metrics.write(writer);
        const Scrape scrape = Scrape::parse(writer.text());
        QVERIFY2(scrape.error.isEmpty(), qPrintable(scrape.error));
        const QString out = QStringLiteral("direction=\"postgres_to_notion\"");
        QCOMPARE(
            scrape.value(
                QStringLiteral("pgnotion_jobs_total{type=\"project\",%1,outcome=\"completed\"}").arg(out)),
            2.0);
        QCOMPARE(
            scrape.value(QStringLiteral("pgnotion_jobs_total{type=\"lead\",%1,outcome=\"dead\"}").arg(out)),
            1.0);
        QCOMPARE(
            scrape.value(QStringLiteral("pgnotion_job_failures_total{%1,kind=\"rate_limited\"}").arg(out)),
            1.0);
        QCOMPARE(
            scrape.value(QStringLiteral("pgnotion_job_duration_seconds_bucket{%1,le=\"0.05\"}").arg(out)),
            2.0);
        QCOMPARE(scrape.value(QStringLiteral("pgnotion_job_duration_seconds_bucket{%1,le=\"2.5\"}").arg(out)),
                 3.0);
        QCOMPARE(scrape.value(QStringLiteral("pgnotion_job_duration_seconds_bucket{%1,le=\"60\"}").arg(out)),
                 3.0);
        QCOMPARE(
            scrape.value(QStringLiteral("pgnotion_job_duration_seconds_bucket{%1,le=\"+Inf\"}").arg(out)),
            4.0);
        QCOMPARE(scrape.value(QStringLiteral("pgnotion_job_duration_seconds_count{%1}").arg(out)), 4.0);
        QCOMPARE(scrape.value(QStringLiteral("pgnotion_job_duration_seconds_sum{%1}").arg(out)), 62.27);
        // The other direction exists from the start, at zero.
        QCOMPARE(scrape.value(
                     QStringLiteral("pgnotion_job_duration_seconds_count{direction=\"notion_to_postgres\"}")),
                 0.0);
        QCOMPARE(JobMetrics::durationBuckets().first(), 0.05);
        QCOMPARE(JobMetrics::durationBuckets().last(), 60.0);
    }

    // Workers record from their threads while the endpoint renders: no count is lost.
    void countersAreThreadSafe() {
        JobMetrics metrics;
        QList<QThread *> threads;
        for (int t = 0; t < 4; ++t) {
            threads.append(QThread::create([&metrics] {
                for (int i = 0; i < 5000; ++i)
                    metrics.record(report(QStringLiteral("project"), QStringLiteral("completed"), i % 100));
            }));
            threads.last()->start();
        }
        for (int i = 0; i < 50; ++i) {
            ExpositionWriter writer;
            metrics.write(writer);
        }
        for (QThread *thread : threads) {
            QVERIFY(thread->wait(60000));
            delete thread;
        }
        const QStringList labels{QStringLiteral("project"), QStringLiteral("postgres_to_notion"),
                                 QStringLiteral("completed")};
        QCOMPARE(metrics.jobs().value(labels), 20000.0);
        QCOMPARE(metrics.durations().series({QStringLiteral("postgres_to_notion")}).count, quint64(20000));
    }

    // 429s by reason; overlapping Retry-After pauses (several threads hit at once) count once.
    void theRateLimiterCountsItsPauses() {
        auto limiter = std::make_shared<RateLimiter>(8, 2);
        limiter->rateLimited(2s, QStringLiteral("rate_limited"));
        limiter->rateLimited(2s, QStringLiteral("other_429"));
        limiter->rateLimited(1s);
        const RateLimiter::Statistics statistics = limiter->statistics();
        QCOMPARE(statistics.rateLimitedByReason.value(QStringLiteral("rate_limited")), 2);
        QCOMPARE(statistics.rateLimitedByReason.value(QStringLiteral("other_429")), 1);
        // One pause of 2 s, extended only by the time between the calls (never 5 s).
        QVERIFY2(statistics.pausedSeconds >= 2.0 && statistics.pausedSeconds < 4.0,
                 qPrintable(QString::number(statistics.pausedSeconds)));
        QCOMPARE(statistics.configuredRate, 8.0);
        QCOMPARE(statistics.currentRate, 1.0); // halved three times

        EngineMetrics metrics;
        metrics.setRateLimiter(limiter);
        const Scrape scrape = Scrape::parse(metrics.render());
        QVERIFY2(scrape.error.isEmpty(), qPrintable(scrape.error));
        QCOMPARE(scrape.value(QStringLiteral("pgnotion_notion_rate_limited_total{reason=\"rate_limited\"}")),
                 2.0);
        QCOMPARE(scrape.value(QStringLiteral("pgnotion_notion_rate_limited_total{reason=\"other_429\"}")),
                 1.0);
        QCOMPARE(scrape.value(QStringLiteral("pgnotion_notion_request_rate{limit=\"current\"}")), 1.0);
        // Sources not given leave their metrics out rather than show zeros that mean nothing.
        QVERIFY(!scrape.samples.contains(QStringLiteral("pgnotion_workers{state=\"busy\"}")));
        QVERIFY(!scrape.samples.contains(QStringLiteral("pgnotion_queue_depth_errors_total")));
        QVERIFY(!scrape.types.contains(QStringLiteral("pgnotion_webhook_requests_total")));
    }

    // Postgres does not answer: the page still does, says so, and shows no depth it does not know.
    void anUnreachableDatabaseLeavesTheDepthOut() {
        auto url = DatabaseUrl::parse(
            QStringLiteral("postgresql://nobody:s3cret@127.0.0.1:1/none?connect_timeout=2"));
        QVERIFY(url.ok());
        QueueDepthSampler sampler(url.value(), 50ms);
        EngineMetrics metrics;
        metrics.setQueueDepthSampler(&sampler);
        sampler.start();
        QTRY_VERIFY_WITH_TIMEOUT(sampler.snapshot().failures >= 2, 20000);
        sampler.stop();
        const QueueDepthSnapshot snapshot = sampler.snapshot();
        QVERIFY(!snapshot.sampledAt.isValid());
        QVERIFY(!snapshot.lastError.isEmpty());
        QVERIFY2(!snapshot.lastError.contains(QStringLiteral("s3cret")), qPrintable(snapshot.lastError));
        const Scrape scrape = Scrape::parse(metrics.render());
        QVERIFY2(scrape.error.isEmpty(), qPrintable(scrape.error));
        QCOMPARE(scrape.value(QStringLiteral("pgnotion_queue_depth_errors_total")),
                 double(snapshot.failures));
        QVERIFY(!scrape.types.contains(QStringLiteral("pgnotion_queue_depth")));
        QVERIFY(!scrape.samples.contains(QStringLiteral("pgnotion_queue_depth_age_seconds")));
        QCOMPARE(scrape.value(QStringLiteral("pgnotion_engine_paused{reason=\"queue_paused\"}")), 0.0);
    }

    void theEndpointAnswersGetMetricsOnly() {
        MetricsServer server({}, [] { return QByteArrayLiteral("# HELP up Up.\n# TYPE up gauge\nup 1\n"); });
        QVERIFY2(server.listen(), qPrintable(server.errorString()));
        QCOMPARE(server.url().host(), QStringLiteral("127.0.0.1"));
        const Answer scraped = request(server.url());
        QCOMPARE(scraped.status, 200);
        QCOMPARE(scraped.contentType, QByteArray("text/plain; version=0.0.4; charset=utf-8"));
        QCOMPARE(scraped.body, QByteArray("# HELP up Up.\n# TYPE up gauge\nup 1\n"));
        QCOMPARE(server.scrapes(), 1);

        QUrl other = server.url();
        other.setPath(QStringLiteral("/"));
        QCOMPARE(request(other).status, 404);
        other.setPath(QStringLiteral("/metricsx"));
        QCOMPARE(request(other).status, 404);
        const Answer posted = request(server.url(), "POST");
        QCOMPARE(posted.status, 405);
        QCOMPARE(posted.allow, QByteArray("GET"));
        QCOMPARE(request(server.url(), "DELETE").status, 405);
        QCOMPARE(server.scrapes(), 1);

        // A port in use is a clear error, not a silent endpoint elsewhere.
        MetricsServer::Options taken;
        taken.port = server.serverPort();
        MetricsServer second(taken, [] { return QByteArray(); });
        QVERIFY(!second.listen());
        QVERIFY2(second.errorString().contains(QString::number(server.serverPort())),
                 qPrintable(second.errorString()));
    }

    void theCommandLineTakesTheMetricsOptions() {
        const auto parsed = CommandLine::parse(
            {QStringLiteral("pgnotion"), QStringLiteral("--headless"), QStringLiteral("--database-url"),
             QStringLiteral("postgresql://x/y"), QStringLiteral("--metrics-port"), QStringLiteral("9464"),
             QStringLiteral("--metrics-address"), QStringLiteral("0.0.0.0")});
        QCOMPARE(parsed.mode, CommandLine::Mode::Headless);
        QCOMPARE(parsed.metricsPort, 9464);
        QCOMPARE(parsed.metricsAddress, QStringLiteral("0.0.0.0"));
        const auto off =
            CommandLine::parse({QStringLiteral("pgnotion"), QStringLiteral("--headless"),
                                QStringLiteral("--database-url"), QStringLiteral("postgresql://x/y")});
        QCOMPARE(off.metricsPort, 0);
        for (const QString &bad : {QStringLiteral("70000"), QStringLiteral("-1"), QStringLiteral("http")}) {
            const auto invalid = CommandLine::parse(
                {QStringLiteral("pgnotion"), QStringLiteral("--headless"), QStringLiteral("--database-url"),
                 QStringLiteral("postgresql://x/y"), QStringLiteral("--metrics-port"), bad});
            QCOMPARE(invalid.mode, CommandLine::Mode::Invalid);
            QVERIFY2(invalid.error.contains(QStringLiteral("--metrics-port")), qPrintable(invalid.error));
        }
    }

    // The real engine (worker pool, Notion handler) against PostgreSQL and a rate-limiting emulator: what
    // the endpoint says is what the queue and the log say.
    void theFiguresFollowTheRealEngine() {
        QVERIFY(startWorkspace());
        m_workspace->notion().setRateLimit(4, 1); // the client below does not know it: 429s are certain
        NotionClientOptions notion = m_workspace->clientOptions();
        notion.requestsPerSecond = 20;
        notion.burst = 5;
        WorkerPoolOptions options;
        options.workers = 2;
        options.worker.pollInterval = 100ms;
        options.worker.backoffBase = 50ms;
        options.worker.backoffCap = 200ms;
        options.supervisor.instance = QStringLiteral("tst_metrics");
        const std::shared_ptr<const Mapping> mapping = m_workspace->mapping();
        const auto dataSources = m_workspace->dataSources();
        WorkerPool pool(
            m_db->url(), [=] { return std::make_unique<NotionSyncHandler>(mapping, dataSources, notion); },
            options);
        EngineMetricsEndpoint::Options endpointOptions;
        endpointOptions.depthInterval = 200ms;
        EngineMetricsEndpoint endpoint(
            m_db->url(), &pool, RateLimiter::forToken(notion.token, notion.requestsPerSecond, notion.burst),
            endpointOptions);
        QVERIFY2(endpoint.start(), qPrintable(endpoint.errorString()));

        const int projects = 4;
        newProjects(projects, QStringLiteral("Metered"));
        QVERIFY(m_db->exec(QStringLiteral("SELECT pgnotion.enqueue('no_such_type', 'X-1')")));
        pool.start();
        QTRY_VERIFY_WITH_TIMEOUT(queueIdle(), 60000);
        QTRY_COMPARE_WITH_TIMEOUT(pool.busyWorkers(), 0, 10000);

        // A sample taken after the queue went idle.
        const QDateTime idleAt = QDateTime::currentDateTimeUtc();
        QTRY_VERIFY_WITH_TIMEOUT(endpoint.sampler().snapshot().sampledAt > idleAt, 10000);

        const Answer answer = request(endpoint.url());
        QCOMPARE(answer.status, 200);
        const Scrape scrape = Scrape::parse(answer.body);
        QVERIFY2(scrape.error.isEmpty(), qPrintable(scrape.error));
        const QString out = QStringLiteral("direction=\"postgres_to_notion\"");

        QCOMPARE(scrape.sum(QStringLiteral("pgnotion_jobs_total"),
                            {QStringLiteral("type=\"project\""), QStringLiteral("outcome=\"completed\"")}),
                 double(projects));
        QCOMPARE(scrape.sum(QStringLiteral("pgnotion_jobs_total"), {QStringLiteral("outcome=\"completed\"")}),
                 double(logged(QStringLiteral("completed"))));
        QCOMPARE(
            scrape.value(
                QStringLiteral("pgnotion_jobs_total{type=\"no_such_type\",%1,outcome=\"dead\"}").arg(out)),
            1.0);
        QCOMPARE(scrape.sum(QStringLiteral("pgnotion_jobs_total"), {QStringLiteral("outcome=\"dead\"")}),
                 double(logged(QStringLiteral("dead"))));
        QCOMPARE(scrape.value(QStringLiteral("pgnotion_job_failures_total{%1,kind=\"permanent\"}").arg(out)),
                 1.0);
        // Every attempt is one observation; the buckets are cumulative and end at the count.
        const double attempts = scrape.sum(QStringLiteral("pgnotion_jobs_total"), {out});
        QCOMPARE(scrape.value(QStringLiteral("pgnotion_job_duration_seconds_count{%1}").arg(out)), attempts);
        QCOMPARE(
            scrape.value(QStringLiteral("pgnotion_job_duration_seconds_bucket{%1,le=\"+Inf\"}").arg(out)),
            attempts);
        double previous = 0;
        for (const double bound : JobMetrics::durationBuckets()) {
            const double cumulative =
                scrape.value(QStringLiteral("pgnotion_job_duration_seconds_bucket{%1,le=\"%2\"}")
                                 .arg(out, ExpositionWriter::formatValue(bound)));
            QVERIFY(cumulative >= previous && cumulative <= attempts);
            previous = cumulative;
        }
        QVERIFY(scrape.value(QStringLiteral("pgnotion_job_duration_seconds_sum{%1}").arg(out)) > 0);

        QCOMPARE(scrape.value(QStringLiteral("pgnotion_queue_depth{state=\"pending\"}")), 0.0);
        QCOMPARE(scrape.value(QStringLiteral("pgnotion_queue_depth{state=\"running\"}")), 0.0);
        QCOMPARE(scrape.value(QStringLiteral("pgnotion_queue_depth{state=\"retrying\"}")), 0.0);
        QCOMPARE(scrape.value(QStringLiteral("pgnotion_queue_depth{state=\"dead\"}")), 1.0);
        QCOMPARE(scrape.value(QStringLiteral("pgnotion_queue_jobs{type=\"no_such_type\",state=\"dead\"}")),
                 1.0);
        QVERIFY(scrape.value(QStringLiteral("pgnotion_queue_depth_age_seconds")) >= 0);
        QVERIFY(scrape.value(QStringLiteral("pgnotion_queue_depth_timestamp_seconds")) >=
                double(idleAt.toSecsSinceEpoch()));
        QCOMPARE(scrape.value(QStringLiteral("pgnotion_queue_depth_errors_total")), 0.0);

        // Each 429 the emulator sent was counted, by Notion's reason.
        const double limited =
            scrape.value(QStringLiteral("pgnotion_notion_rate_limited_total{reason=\"rate_limited\"}"));
        QVERIFY(limited >= 1);
        QCOMPARE(limited, double(m_workspace->notion().counters().rateLimited));
        QCOMPARE(scrape.value(QStringLiteral("pgnotion_notion_rate_limited_total{reason=\"other_429\"}")),
                 0.0);
        QVERIFY(scrape.value(QStringLiteral("pgnotion_notion_rate_limit_pause_seconds_total")) >= 1);
        QCOMPARE(scrape.value(QStringLiteral("pgnotion_notion_request_rate{limit=\"configured\"}")), 20.0);
        QVERIFY(scrape.value(QStringLiteral("pgnotion_notion_request_rate{limit=\"current\"}")) < 20);

        QCOMPARE(scrape.value(QStringLiteral("pgnotion_workers{state=\"busy\"}")), 0.0);
        QCOMPARE(scrape.value(QStringLiteral("pgnotion_workers{state=\"idle\"}")), 2.0);
        QCOMPARE(scrape.value(QStringLiteral("pgnotion_engine_paused{reason=\"queue_paused\"}")), 0.0);
        QCOMPARE(scrape.value(QStringLiteral("pgnotion_engine_paused{reason=\"token_rejected\"}")), 0.0);

        // An admin pauses the shared queue: the next sample says so.
        QVERIFY(m_db->exec(QStringLiteral("SELECT pgnotion.set_queue_paused(true, 'tst_metrics')")));
        const QDateTime pausedAt = QDateTime::currentDateTimeUtc();
        QTRY_VERIFY_WITH_TIMEOUT(endpoint.sampler().snapshot().sampledAt > pausedAt, 10000);
        QCOMPARE(Scrape::parse(request(endpoint.url()).body)
                     .value(QStringLiteral("pgnotion_engine_paused{reason=\"queue_paused\"}")),
                 1.0);
        QVERIFY(m_db->exec(QStringLiteral("SELECT pgnotion.set_queue_paused(false, 'tst_metrics')")));

        // Notion rejects the token: the pool pauses itself, and the endpoint says why.
        QSignalSpy authFailed(&pool, &WorkerPool::notionAuthenticationFailed);
        m_workspace->notion().setRateLimit(0, 0);
        m_workspace->notion().revokeToken(notionemu::NotionEmulator::defaultToken());
        newProjects(1, QStringLiteral("Locked out"));
        QVERIFY(authFailed.wait(20000));
        QCOMPARE(Scrape::parse(request(endpoint.url()).body)
                     .value(QStringLiteral("pgnotion_engine_paused{reason=\"token_rejected\"}")),
                 1.0);
        m_workspace->notion().addToken(
            notionemu::NotionEmulator::defaultToken()); // fixed: resuming is over the pause
        pool.resume();
        QCOMPARE(Scrape::parse(request(endpoint.url()).body)
                     .value(QStringLiteral("pgnotion_engine_paused{reason=\"token_rejected\"}")),
                 0.0);

        QSignalSpy stopped(&pool, &WorkerPool::stopped);
        pool.stop();
        QVERIFY(stopped.wait(20000));
    }

    // The real `pgnotion --headless --metrics-port`: scraped while it runs, next to its webhook endpoint.
    void theHeadlessWorkerServesMetrics() {
        QVERIFY(startWorkspace());
        const int projects = 3;
        newProjects(projects, QStringLiteral("Headless"));
        QVERIFY(m_db->exec(QStringLiteral("SELECT pgnotion.enqueue('no_such_type', 'X-2')")));
        const quint16 port = freePort();
        const quint16 webhookPort = freePort();
        QProcess worker;
        m_workspace->startHeadless(worker, m_db->urlString(),
                                   {QStringLiteral("--metrics-port"), QString::number(port),
                                    QStringLiteral("--webhook-port"), QString::number(webhookPort)});
        QVERIFY(worker.waitForStarted());
        QUrl url(QStringLiteral("http://127.0.0.1/metrics"));
        url.setPort(port);

        // Until every job is done and a sample has seen the queue idle.
        Scrape scrape;
        QTRY_VERIFY_WITH_TIMEOUT(
            (scrape = Scrape::parse(request(url).body),
             scrape.sum(QStringLiteral("pgnotion_jobs_total"), {QStringLiteral("outcome=\"completed\"")}) ==
                     projects &&
                 scrape.value(QStringLiteral("pgnotion_queue_depth{state=\"pending\"}")) == 0 &&
                 scrape.value(QStringLiteral("pgnotion_queue_depth{state=\"running\"}")) == 0 &&
                 scrape.value(QStringLiteral("pgnotion_queue_depth{state=\"dead\"}")) == 1),
            60000);
        const QString output = QString::fromUtf8(worker.readAll());
        QVERIFY2(scrape.error.isEmpty(), qPrintable(scrape.error));
        QVERIFY2(output.contains(QStringLiteral("serving metrics on http://127.0.0.1:%1/metrics").arg(port)),
                 qPrintable(output));
        QCOMPARE(scrape.sum(QStringLiteral("pgnotion_jobs_total"), {QStringLiteral("outcome=\"dead\"")}),
                 1.0);
        QCOMPARE(scrape.sum(QStringLiteral("pgnotion_jobs_total"), {QStringLiteral("outcome=\"completed\"")}),
                 double(logged(QStringLiteral("completed"))));
        QCOMPARE(scrape.sum(QStringLiteral("pgnotion_job_duration_seconds_count")),
                 scrape.sum(QStringLiteral("pgnotion_jobs_total")));
        QCOMPARE(scrape.sum(QStringLiteral("pgnotion_workers")), 2.0);
        QCOMPARE(scrape.value(QStringLiteral("pgnotion_notion_rate_limited_total{reason=\"rate_limited\"}")),
                 double(m_workspace->notion().counters().rateLimited));
        QCOMPARE(scrape.value(QStringLiteral("pgnotion_notion_request_rate{limit=\"configured\"}")), 3.0);
        QCOMPARE(scrape.types.value(QStringLiteral("pgnotion_job_duration_seconds")),
                 QStringLiteral("histogram"));
        QCOMPARE(scrape.types.value(QStringLiteral("pgnotion_jobs_total")), QStringLiteral("counter"));
        QCOMPARE(scrape.types.value(QStringLiteral("pgnotion_queue_depth")), QStringLiteral("gauge"));

        // The webhook receiver's counters, after a request it refused.
        QUrl webhook(QStringLiteral("http://127.0.0.1/"));
        webhook.setPort(webhookPort);
        QCOMPARE(request(webhook).status, 404);
        const Scrape withWebhook = Scrape::parse(request(url).body);
        QCOMPARE(withWebhook.value(
                     QStringLiteral("pgnotion_webhook_requests_total{outcome=\"rejected_not_found\"}")),
                 1.0);
        QCOMPARE(withWebhook.value(QStringLiteral("pgnotion_webhook_requests_total{outcome=\"accepted\"}")),
                 0.0);

        const Answer scraped = request(url);
        QCOMPARE(scraped.contentType, QByteArray("text/plain; version=0.0.4; charset=utf-8"));
        QUrl elsewhere = url;
        elsewhere.setPath(QStringLiteral("/nothing"));
        QCOMPARE(request(elsewhere).status, 404);
        QCOMPARE(request(url, "POST").status, 405);

        worker.terminate();
        QVERIFY(worker.waitForFinished(20000));
        QCOMPARE(worker.exitCode(), 0);
    }

    // A port already taken stops the worker before it runs any job, with one clear line.
    void aTakenMetricsPortIsAClearError() {
        QVERIFY(startWorkspace());
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
        QProcess worker;
        m_workspace->startHeadless(worker, m_db->urlString(),
                                   {QStringLiteral("--metrics-port"), QString::number(taken.serverPort())});
        QVERIFY(worker.waitForFinished(60000));
        const QString output = QString::fromUtf8(worker.readAll()); // stdout and stderr merged
        QCOMPARE(worker.exitCode(), 1);
        QVERIFY2(
            output.contains(
                QStringLiteral("metrics endpoint cannot listen on 127.0.0.1:%1").arg(taken.serverPort())),
            qPrintable(output));
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_workers")).toInt(), 0);
    }
};

QTEST_MAIN(TestMetrics)
#include "tst_metrics.moc"
