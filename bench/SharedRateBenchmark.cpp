#include "SharedRateBenchmark.h"

#include "BenchDatabase.h"
#include "BenchNotion.h"
#include "db/DatabaseConnection.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QSqlQuery>
#include <QThread>

#include <memory>
#include <vector>

namespace pgnotion::bench {
namespace {

const QString kToken = QStringLiteral("secret_shared_bench");
constexpr double kLimit = 3.0; // the emulator's requests per second for the token

struct Counters {
    int requests = 0;
    int rateLimited = 0;
    double atSeconds = 0;
};

Counters readCounters(EmulatorProcess &notion, const QElapsedTimer &clock) {
    QString error;
    const QJsonObject counters =
        notion.get(QStringLiteral("/__emulator/requests"), error)[QStringLiteral("counters")].toObject();
    return {counters[QStringLiteral("requests_served")].toInt(),
            counters[QStringLiteral("rate_limited")].toInt(), double(clock.nsecsElapsed()) / 1e9};
}

QString scalar(QSqlDatabase db, const QString &sql) {
    QSqlQuery query(db);
    return query.exec(sql) && query.next() ? query.value(0).toString() : QString();
}

void printWindow(QTextStream &out, const QString &name, const Counters &from, const Counters &to) {
    const double seconds = std::max(0.001, to.atSeconds - from.atSeconds);
    const double rate = double(to.requests - from.requests) / seconds;
    out << "shared." << name << "_rate: " << QString::number(rate, 'f', 3) << " requests/s over "
        << QString::number(seconds, 'f', 1) << " s\n";
    out << "shared." << name << "_achieved_to_limit: " << QString::number(rate / kLimit, 'f', 3)
        << " ratio\n";
    out << "shared." << name << "_rate_limited: " << to.rateLimited - from.rateLimited << " answers\n";
}

} // namespace

int runSharedRateBenchmark(const DatabaseUrl &server, const SharedRateBenchmarkOptions &options,
                           QTextStream &out, QTextStream &err) {
    const auto database = BenchDatabase::create(server, QStringLiteral("shared"), err);
    if (!database)
        return 1;
    const auto workspace = BenchNotion::start(kToken, {}, QStringLiteral("Bench shared"), err);
    if (!workspace)
        return 1;
    EmulatorProcess &notion = workspace->emulator();
    QSqlDatabase db = database->database();
    scalar(db, QStringLiteral("INSERT INTO tiers (level, name) VALUES (1, 'Basic'), (2, 'Pro')"));
    scalar(db, QStringLiteral("INSERT INTO clients (name) VALUES ('Acme')"));
    scalar(db, QStringLiteral("INSERT INTO projects (name, tier) SELECT 'Shared ' || g, 1 + g % 2 "
                              "FROM generate_series(1, %1) g")
                   .arg(options.jobs));

    QStringList arguments{QStringLiteral("--headless"),        QStringLiteral("--exit-when-idle"),
                          QStringLiteral("--workers"),         QStringLiteral("2"),
                          QStringLiteral("--database-url"),    database->url().toString(),
                          QStringLiteral("--notion-base-url"), notion.baseUrl().toString()};
    for (const ResourceMapping &resource : workspace->mapping().resources)
        if (resource.enabled && !resource.notionDatabase.isEmpty())
            arguments << QStringLiteral("--notion-database")
                      << resource.name + u'=' + resource.notionDatabase;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("PGNOTION_NOTION_TOKEN"), kToken);

    QElapsedTimer clock;
    clock.start();
    const Counters atStart = readCounters(notion, clock);
    std::vector<std::unique_ptr<QProcess>> engines;
    for (int i = 0; i < options.engines; ++i) {
        auto engine = std::make_unique<QProcess>();
        engine->setProcessEnvironment(environment);
        engine->setStandardOutputFile(QProcess::nullDevice());
        engine->setStandardErrorFile(QProcess::nullDevice());
        engine->start(QCoreApplication::applicationDirPath() + QStringLiteral("/pgnotion"),
                      arguments +
                          QStringList{QStringLiteral("--instance"), QStringLiteral("shared-%1").arg(i)});
        engines.push_back(std::move(engine));
        QThread::msleep(quint64(options.startGapMs));
    }
    // Every process has registered, and a heartbeat later each knows the others.
    Counters allKnown;
    bool known = false;
    int running = options.engines;
    while (running > 0 && clock.elapsed() < 3600000) {
        QThread::msleep(100);
        QCoreApplication::processEvents();
        running = 0;
        for (const auto &engine : engines)
            running += engine->state() != QProcess::NotRunning ? 1 : 0;
        if (!known &&
            scalar(db, QStringLiteral("SELECT count(*) FROM pgnotion.sync_workers WHERE stopped_at IS "
                                      "NULL AND notion_integration IS NOT NULL"))
                    .toInt() == options.engines) {
            QThread::msleep(6000); // one heartbeat (5 s) and a margin
            allKnown = readCounters(notion, clock);
            known = true;
        }
    }
    const Counters atEnd = readCounters(notion, clock);
    out << "shared.engines: " << options.engines << " processes\n";
    out << "shared.jobs: " << options.jobs << " projects\n";
    out << "shared.dead: "
        << scalar(db, QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue WHERE status = 'dead'"))
        << " jobs\n";
    out << "shared.pages: "
        << scalar(db, QStringLiteral("SELECT count(*) FROM projects WHERE notion_page_id IS NOT NULL"))
        << " of " << options.jobs << "\n";
    printWindow(out, QStringLiteral("whole_run"), atStart, atEnd);
    if (known)
        printWindow(out, QStringLiteral("steady"), allKnown, atEnd);
    else
        err << "pgnotion-bench: the engines finished before all of them had registered\n";
    out.flush();
    return 0;
}

} // namespace pgnotion::bench
