#include "NotionBenchmark.h"

#include "EmulatorProcess.h"
#include "ProcessCpu.h"
#include "notion/NotionApi.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QThread>

#include <atomic>

namespace pgnotion::bench {
namespace {

const QString kToken = QStringLiteral("secret_bench");

QJsonObject title(const QString &text) {
    return QJsonObject{
        {QStringLiteral("title"),
         QJsonArray{QJsonObject{{QStringLiteral("text"), QJsonObject{{QStringLiteral("content"), text}}}}}}};
}

} // namespace

int runNotionBenchmark(const NotionBenchmarkOptions &options, QTextStream &out, QTextStream &err) {
    pgnotion::EmulatorProcess emulator;
    QString error;
    if (!emulator.start({QStringLiteral("--token"), kToken, QStringLiteral("--rate-limit"),
                         QString::number(options.rateLimit), QStringLiteral("--burst"),
                         QString::number(options.burst)},
                        error)) {
        err << "pgnotion-bench: " << error << Qt::endl;
        return 1;
    }
    const QUrl base = emulator.baseUrl();

    // One database with 30 pages, seeded through the admin endpoint (not rate limited).
    QJsonArray rows;
    const QString dataSourceId = QStringLiteral("0b1e6c2a-5f0e-4f7e-9a51-7d1c2b3a4e50");
    for (int i = 0; i < 30; ++i)
        rows.append(
            QJsonObject{{QStringLiteral("data_source_id"), dataSourceId},
                        {QStringLiteral("properties"),
                         QJsonObject{{QStringLiteral("Name"), title(QStringLiteral("p%1").arg(i))}}}});
    const QJsonObject seed{
        {QStringLiteral("databases"),
         QJsonArray{QJsonObject{{QStringLiteral("title"), QStringLiteral("Bench")},
                                {QStringLiteral("data_source_id"), dataSourceId},
                                {QStringLiteral("properties"),
                                 QJsonObject{{QStringLiteral("Name"),
                                              QJsonObject{{QStringLiteral("title"), QJsonObject{}}}}}}}}},
        {QStringLiteral("rows"), rows}};
    const QJsonObject seeded = emulator.post(QStringLiteral("/__emulator/seed"), seed, error);
    const QJsonArray pageIds = seeded.value(QStringLiteral("rows")).toArray();
    if (!error.isEmpty() || pageIds.size() != 30) {
        err << "pgnotion-bench: seeding the emulator failed: " << error << Qt::endl;
        return 1;
    }

    NotionClientOptions clientOptions;
    clientOptions.baseUrl = base;
    clientOptions.token = kToken;
    clientOptions.requestsPerSecond = options.rateLimit;
    clientOptions.burst = options.burst;
    std::atomic<int> next{0};
    std::atomic<int> failed{0};
    std::atomic<int> rateLimited{0};
    std::atomic<int> requests{0};
    QList<QThread *> threads;
    QElapsedTimer elapsed;
    elapsed.start();
    const double cpuStart = processCpuSeconds();
    for (int t = 0; t < options.threads; ++t) {
        threads.append(QThread::create([&] {
            NotionClient client(clientOptions); // one per thread; one rate limiter for the token
            NotionApi api(client);
            for (int i = next++; i < options.updates; i = next++) {
                const QString pageId = pageIds.at(i % pageIds.size()).toString();
                if (!api.updatePage(pageId, QJsonObject{{QStringLiteral("Name"),
                                                         title(QStringLiteral("update %1").arg(i))}}))
                    ++failed;
            }
            rateLimited += client.rateLimitedAnswers();
            requests += client.requestsSent();
        }));
        threads.last()->start();
    }
    for (QThread *thread : threads) {
        thread->wait();
        delete thread;
    }
    const double seconds = double(elapsed.nsecsElapsed()) / 1e9;
    const double cpu = processCpuSeconds() - cpuStart;

    const double achieved = requests / seconds;
    out << "notion.updates: " << options.updates << " updates\n";
    out << "notion.threads: " << options.threads << " threads\n";
    out << "notion.limit: " << options.rateLimit << " requests/s (burst " << options.burst << ")\n";
    out << "notion.requests: " << requests.load() << " requests\n";
    out << "notion.failed: " << failed.load() << " updates\n";
    out << "notion.achieved: " << QString::number(achieved, 'f', 3) << " requests/s\n";
    out << "notion.achieved_to_limit: " << QString::number(achieved / options.rateLimit, 'f', 3)
        << " ratio\n";
    out << "notion.rate_limited: " << rateLimited.load() << " answers\n";
    out << "notion.client_cpu: " << QString::number(cpu * 1e6 / std::max(1, requests.load()), 'f', 0)
        << " us/request\n";
    out.flush();
    return failed == 0 ? 0 : 1;
}

} // namespace pgnotion::bench
