#include "DashboardBenchmark.h"
#include "EndToEndBenchmark.h"
#include "InboundBenchmark.h"
#include "NotionBenchmark.h"
#include "QueueBenchmark.h"
#include "SharedRateBenchmark.h"
#include "VerifyBenchmark.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTextStream>

#include <cstdio>
#include <memory>

using namespace pgnotion;

int main(int argc, char *argv[]) {
    // The dashboard suite drives the real main window: it needs a QApplication (offscreen is fine).
    bool dashboard = false;
    for (int i = 1; i < argc; ++i)
        dashboard = dashboard || qstrcmp(argv[i], "dashboard") == 0;
    if (dashboard && qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    std::unique_ptr<QCoreApplication> app = dashboard ? std::make_unique<QApplication>(argc, argv)
                                                      : std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("pgnotion-bench"));
    QTextStream out(stdout);
    QTextStream err(stderr);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("pgnotion benchmarks. Prints one `name: value unit` per line."));
    parser.addHelpOption();
    parser.addPositionalArgument(
        QStringLiteral("suite"),
        QStringLiteral("queue | notion | e2e | dashboard | verify | inbound | shared"));
    const QCommandLineOption url(QStringLiteral("database-url"),
                                 QStringLiteral("PostgreSQL URL (default: $PGNOTION_DATABASE_URL)."),
                                 QStringLiteral("url"));
    const QCommandLineOption jobs(QStringLiteral("jobs"), QStringLiteral("Jobs per throughput run (20000)."),
                                  QStringLiteral("n"), QStringLiteral("20000"));
    const QCommandLineOption samples(QStringLiteral("samples"), QStringLiteral("Wake-up samples (200)."),
                                     QStringLiteral("n"), QStringLiteral("200"));
    const QCommandLineOption batch(QStringLiteral("batch"),
                                   QStringLiteral("Jobs per claim when batched (100)."), QStringLiteral("n"),
                                   QStringLiteral("100"));
    const QCommandLineOption updates(QStringLiteral("updates"), QStringLiteral("notion: page updates (300)."),
                                     QStringLiteral("n"), QStringLiteral("300"));
    const QCommandLineOption threads(QStringLiteral("threads"), QStringLiteral("notion: threads (8)."),
                                     QStringLiteral("n"), QStringLiteral("8"));
    const QCommandLineOption rows(QStringLiteral("rows"), QStringLiteral("verify: synced rows (5000)."),
                                  QStringLiteral("n"), QStringLiteral("5000"));
    const QCommandLineOption engines(QStringLiteral("engines"),
                                     QStringLiteral("shared: headless worker processes (3)."),
                                     QStringLiteral("n"));
    parser.addOptions({url, jobs, samples, batch, updates, threads, rows, engines});
    parser.process(*app);

    const QStringList suites = parser.positionalArguments();
    if (suites.size() == 1 && suites.first() == QLatin1String("notion")) {
        bench::NotionBenchmarkOptions options;
        options.updates = parser.value(updates).toInt();
        options.threads = parser.value(threads).toInt();
        if (options.updates <= 0 || options.threads <= 0) {
            err << "pgnotion-bench: --updates and --threads must be positive numbers\n";
            return 2;
        }
        return bench::runNotionBenchmark(options, out, err);
    }
    if (suites.size() != 1 ||
        (suites.first() != QLatin1String("queue") && suites.first() != QLatin1String("e2e") &&
         suites.first() != QLatin1String("dashboard") && suites.first() != QLatin1String("verify") &&
         suites.first() != QLatin1String("inbound") && suites.first() != QLatin1String("shared"))) {
        err << "pgnotion-bench: name one suite: queue, notion, e2e, dashboard, verify, inbound or shared\n";
        return 2;
    }
    const QString urlText =
        parser.isSet(url) ? parser.value(url) : qEnvironmentVariable("PGNOTION_DATABASE_URL");
    if (urlText.isEmpty()) {
        err << "pgnotion-bench: give --database-url URL (or set PGNOTION_DATABASE_URL)\n";
        return 2;
    }
    const auto parsed = DatabaseUrl::parse(urlText);
    if (!parsed) {
        err << "pgnotion-bench: " << parsed.error().message << "\n";
        return 2;
    }
    if (suites.first() == QLatin1String("dashboard"))
        return bench::runDashboardBenchmark(parsed.value(), bench::DashboardBenchmarkOptions{}, out, err);
    if (suites.first() == QLatin1String("inbound"))
        return bench::runInboundBenchmark(parsed.value(), bench::InboundBenchmarkOptions{}, out, err);
    if (suites.first() == QLatin1String("verify")) {
        bench::VerifyBenchmarkOptions verify;
        verify.rows = parser.value(rows).toInt();
        if (verify.rows < 5) {
            err << "pgnotion-bench: --rows must be a number of at least 5\n";
            return 2;
        }
        return bench::runVerifyBenchmark(parsed.value(), verify, out, err);
    }
    if (suites.first() == QLatin1String("shared")) {
        bench::SharedRateBenchmarkOptions shared;
        if (parser.value(jobs) != QLatin1String("20000"))
            shared.jobs = parser.value(jobs).toInt();
        if (parser.isSet(engines))
            shared.engines = parser.value(engines).toInt();
        if (shared.jobs <= 0 || shared.engines <= 0) {
            err << "pgnotion-bench: --jobs and --engines must be positive numbers\n";
            return 2;
        }
        return bench::runSharedRateBenchmark(parsed.value(), shared, out, err);
    }
    if (suites.first() == QLatin1String("e2e")) {
        bench::EndToEndBenchmarkOptions e2e;
        e2e.backlogJobs =
            parser.value(jobs) == QLatin1String("20000") ? e2e.backlogJobs : parser.value(jobs).toInt();
        return bench::runEndToEndBenchmark(parsed.value(), e2e, out, err);
    }
    bench::QueueBenchmarkOptions options;
    options.jobs = parser.value(jobs).toInt();
    options.wakeSamples = parser.value(samples).toInt();
    options.batchSize = parser.value(batch).toInt();
    if (options.jobs <= 0 || options.wakeSamples <= 0 || options.batchSize <= 0) {
        err << "pgnotion-bench: --jobs, --samples and --batch must be positive numbers\n";
        return 2;
    }
    return bench::runQueueBenchmark(parsed.value(), options, out, err);
}
