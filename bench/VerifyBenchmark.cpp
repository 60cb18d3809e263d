#include "VerifyBenchmark.h"

#include "BenchDatabase.h"
#include "BenchNotion.h"
#include "EmulatorProcess.h"
#include "engine/PageBuilder.h"
#include "engine/SyncState.h"
#include "verify/ResourceRowScanner.h"
#include "verify/VerifySession.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSqlQuery>

namespace pgnotion::bench {
namespace {

const QString kToken = QStringLiteral("secret_verify_bench");
constexpr int kSeedChunk = 500; // rows per admin seed request

struct Counters {
    qint64 requests = 0;
    qint64 rateLimited = 0;
};

Counters counters(const pgnotion::EmulatorProcess &notion) {
    QString error;
    const QJsonObject answer = notion.get(QStringLiteral("/__emulator/requests"), error);
    const QJsonObject counters = answer.value(QStringLiteral("counters")).toObject();
    return {counters.value(QStringLiteral("requests_served")).toInteger(),
            counters.value(QStringLiteral("rate_limited")).toInteger()};
}

bool exec(QSqlDatabase db, const QString &sql, QTextStream &err) {
    QSqlQuery query(db);
    if (query.exec(sql))
        return true;
    err << "pgnotion-bench: " << sqlError(query, sql.left(60)).message << Qt::endl;
    return false;
}

// Pages for every row of one resource, as the engine would have created them, then the row's page id and
// its sync_state, as the engine's completion writes them.
bool seedResource(QSqlDatabase db, const Mapping &mapping, const ResourceMapping &resource,
                  const QString &dataSource, const pgnotion::EmulatorProcess &notion, QTextStream &err) {
    RowReader reader(db);
    PageBuilder builder(mapping, reader);
    struct Built {
        QString key;
        QJsonObject properties;
        QMap<QString, QString> canonical;
    };
    QList<Built> rows;
    ResourceRowScanner scanner(db, 1000);
    auto scanned = scanner.scan(resource, [&](const QList<ScannedRow> &chunk) -> Result<void> {
        for (const ScannedRow &row : chunk) {
            auto built = builder.build(resource, resource.properties, row.values, row.key, true);
            if (!built)
                return built.error();
            rows.append({row.key, built.value().properties, built.value().canonical});
        }
        return {};
    });
    if (!scanned) {
        err << "pgnotion-bench: " << scanned.error().message << Qt::endl;
        return false;
    }
    if (!db.transaction())
        return false;
    QSqlQuery store(db);
    store.prepare(QStringLiteral("UPDATE %1 SET %2 = ? WHERE %3 = ?")
                      .arg(reader.quotedTable(resource), reader.quoted(resource.pageIdColumn),
                           reader.quoted(resource.keyColumn)));
    for (qsizetype start = 0; start < rows.size(); start += kSeedChunk) {
        QJsonArray seedRows;
        for (qsizetype i = start; i < qMin(rows.size(), start + kSeedChunk); ++i)
            seedRows.append(QJsonObject{{QStringLiteral("data_source_id"), dataSource},
                                        {QStringLiteral("properties"), rows[i].properties}});
        QString error;
        const QJsonObject created = notion.post(QStringLiteral("/__emulator/seed"),
                                                QJsonObject{{QStringLiteral("rows"), seedRows}}, error);
        const QJsonArray ids = created.value(QStringLiteral("rows")).toArray();
        if (!error.isEmpty() || ids.size() != seedRows.size()) {
            err << "pgnotion-bench: seeding " << resource.name << " pages: " << error << Qt::endl;
            db.rollback();
            return false;
        }
        for (qsizetype i = 0; i < ids.size(); ++i) {
            const Built &row = rows[start + i];
            store.addBindValue(ids[i].toString());
            store.addBindValue(row.key);
            if (!store.exec() ||
                !SyncState::save(db, resource.name, row.key, ids[i].toString(), row.canonical)) {
                err << "pgnotion-bench: storing the page of " << resource.name << ' ' << row.key << Qt::endl;
                db.rollback();
                return false;
            }
        }
    }
    return db.commit();
}

} // namespace

int runVerifyBenchmark(const DatabaseUrl &server, const VerifyBenchmarkOptions &options, QTextStream &out,
                       QTextStream &err) {
    const auto database = BenchDatabase::create(server, QStringLiteral("verify"), err);
    if (!database)
        return 1;
    QSqlDatabase db = database->database();

    const auto workspace = BenchNotion::start(kToken, {QStringLiteral("--latency-ms"), QStringLiteral("100")},
                                              QStringLiteral("Verify bench"), err);
    if (!workspace)
        return 1;
    EmulatorProcess &notion = workspace->emulator();
    const NotionClientOptions &client = workspace->client();

    // The rows: projects, three milestones each, one deliverable each; no job of theirs stays queued.
    const int projects = qMax(1, options.rows / 5);
    QElapsedTimer seeding;
    seeding.start();
    if (!exec(db, QStringLiteral("INSERT INTO tiers (level, name) VALUES (1, 'Basic'), (2, 'Pro')"), err) ||
        !exec(db, QStringLiteral("INSERT INTO clients (name) VALUES ('Acme')"), err) ||
        !exec(db,
              QStringLiteral(
                  "INSERT INTO projects (name, tier, status, client_id) SELECT 'Project ' || g, 1 + g % 2, "
                  "'active', (SELECT id FROM clients) FROM generate_series(1, %1) g")
                  .arg(projects),
              err) ||
        !exec(db,
              QStringLiteral(
                  "INSERT INTO milestones (project_id, name, status) SELECT p.id, 'Milestone ' || m, "
                  "(ARRAY['pending', 'in_progress', 'completed'])[m] FROM projects p, "
                  "generate_series(1, 3) m"),
              err) ||
        !exec(db,
              QStringLiteral(
                  "INSERT INTO deliverables (project_id, name, category, file_url) SELECT id, 'Logo', "
                  "'Branding', 'https://files.example.com/' || id || '.png' FROM projects"),
              err) ||
        !exec(db, QStringLiteral("DELETE FROM pgnotion.sync_queue"), err))
        return 1;
    for (const QString &name : workspace->mapping().syncOrder()) {
        if (!seedResource(db, workspace->mapping(), *workspace->mapping().resource(name),
                          workspace->dataSources().value(name), notion, err))
            return 1;
    }
    err << "pgnotion-bench: " << projects * 5 << " synced rows seeded in " << seeding.elapsed() << " ms"
        << Qt::endl;

    // The verify as `pgnotion --headless --verify` runs it: the engine's set-up, then the check.
    // The verify as `pgnotion --headless --verify` runs it: the engine's set-up, then the check.
    VerifySession session(workspace->mapping(), client);
    const Counters before = counters(notion);
    QElapsedTimer timer;
    timer.start();
    if (auto prepared = session.prepare(); !prepared) {
        err << "pgnotion-bench: " << prepared.error().message << Qt::endl;
        return 1;
    }
    const Counters afterSetup = counters(notion);
    QElapsedTimer checkTimer;
    checkTimer.start();
    // Postgres time: each resource's rows are read before its data source is queried, and every chunk
    // read reports a line; the time up to a "rows read" line since the previous line is Postgres'.
    qint64 postgresNs = 0;
    qint64 mark = 0;
    session.setProgress([&](const QString &line) {
        const qint64 now = checkTimer.nsecsElapsed();
        if (line.endsWith(QLatin1String("rows read")))
            postgresNs += now - mark;
        mark = now;
    });
    auto report = session.check(db);
    const double checkSeconds = double(checkTimer.nsecsElapsed()) / 1e9;
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    const Counters after = counters(notion);
    if (!report) {
        err << "pgnotion-bench: " << report.error().message << Qt::endl;
        return 1;
    }
    const int rows = report.value().rowCount();
    const qint64 requests = after.requests - before.requests;
    const qint64 setupRequests = afterSetup.requests - before.requests;
    const qint64 queryRequests = after.requests - afterSetup.requests;
    out << "verify.rows: " << rows << " rows\n";
    out << "verify.pages: " << report.value().pageCount() << " pages\n";
    out << "verify.drift: " << report.value().drifts.size() << " drifts\n";
    out << "verify.time: " << QString::number(seconds, 'f', 2) << " s\n";
    out << "verify.check_time: " << QString::number(checkSeconds, 'f', 2) << " s\n";
    out << "verify.postgres_time: " << QString::number(double(postgresNs) / 1e9, 'f', 2) << " s\n";
    out << "verify.requests: " << requests << " requests\n";
    out << "verify.setup_requests: " << setupRequests << " requests\n";
    out << "verify.query_requests: " << queryRequests << " requests\n";
    out << "verify.requests_per_100_rows: "
        << QString::number(100.0 * double(requests) / qMax(1, rows), 'f', 3) << " requests\n";
    out << "verify.query_requests_per_100_rows: "
        << QString::number(100.0 * double(queryRequests) / qMax(1, rows), 'f', 3) << " requests\n";
    out << "verify.rate: " << QString::number(double(requests) / seconds, 'f', 3) << " requests/s\n";
    out << "verify.rate_limited: " << after.rateLimited - before.rateLimited << " answers\n";
    out.flush();
    if (report.value().hasDrift())
        err << "pgnotion-bench: unexpected drift:\n" << report.value().toText() << Qt::flush;
    return report.value().hasDrift() ? 1 : 0;
}

} // namespace pgnotion::bench
