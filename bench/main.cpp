#include "EndToEndBenchmark.h"
#include "NotionBenchmark.h"
#include "QueueBenchmark.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

using namespace pgnotion;

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("pgnotion-bench"));
    QTextStream out(stdout);
    QTextStream err(stderr);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("pgnotion benchmarks. Prints one `name: value unit` per line."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("suite"), QStringLiteral("queue | notion | e2e"));
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
    parser.addOptions({url, jobs, samples, batch, updates, threads});
    parser.process(app);

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
        (suites.first() != QLatin1String("queue") && suites.first() != QLatin1String("e2e"))) {
        err << "pgnotion-bench: name one suite: queue, notion or e2e\n";
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
