#include "NotionEmulator.h"
#include "TestDatabase.h"
#include "engine/NotionSyncHandler.h"
#include "mapping/MappingLoader.h"
#include "mapping/MappingSchema.h"
#include "queue/WorkerPool.h"
#include "verify/DriftChecker.h"
#include "verify/DriftRepairer.h"
#include "verify/ResourceRowScanner.h"
#include "verify/VerifySession.h"

#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryFile>
#include <QTest>

using namespace pgnotion;
using namespace pgnotion::test;
using namespace std::chrono_literals;

// Verify and repair end to end: rows synced by the real engine into the in-process emulator, drift
// planted on both sides, found by DriftChecker, fixed through the queue by DriftRepairer and the engine.
class TestVerify : public QObject {
    Q_OBJECT

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<notionemu::NotionEmulator> m_notion;
    std::shared_ptr<Mapping> m_mapping;
    QHash<QString, QString> m_dataSources;
    QHash<QString, QString> m_databases;
    std::unique_ptr<WorkerPool> m_pool;

    QString scalar(const QString &sql) { return m_db->scalar(sql).toString(); }
    QString pageOf(const QString &table, const QString &key) {
        return scalar(QStringLiteral("SELECT notion_page_id FROM %1 WHERE id = '%2'").arg(table, key));
    }

    NotionClientOptions notionOptions() const {
        NotionClientOptions notion;
        notion.baseUrl = m_notion->baseUrl();
        notion.token = notionemu::NotionEmulator::defaultToken();
        notion.requestsPerSecond = 200;
        notion.burst = 50;
        notion.retryBase = 10ms;
        notion.retryCap = 50ms;
        return notion;
    }

    void startPool() {
        WorkerPoolOptions options;
        options.workers = 2;
        options.worker.pollInterval = 100ms;
        options.worker.backoffBase = 50ms;
        options.worker.backoffCap = 200ms;
        options.supervisor.instance = QStringLiteral("tst_verify");
        const std::shared_ptr<const Mapping> mapping = m_mapping;
        const auto dataSources = m_dataSources;
        const NotionClientOptions notion = notionOptions();
        m_pool = std::make_unique<WorkerPool>(
            m_db->url(), [=] { return std::make_unique<NotionSyncHandler>(mapping, dataSources, notion); },
            options);
        m_pool->start();
    }

    void stopPool() {
        if (!m_pool)
            return;
        QSignalSpy stopped(m_pool.get(), &WorkerPool::stopped);
        m_pool->stop();
        stopped.wait(10000);
        m_pool.reset();
    }

    bool waitUntilIdle(int timeoutMs = 20000) {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            QTest::qWait(100);
            if (m_db->scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue "
                                            "WHERE status IN ('pending', 'retrying', 'running')"))
                    .toInt() == 0)
                return true;
        }
        return false;
    }

    QString newProject(const QString &name) {
        return scalar(QStringLiteral("INSERT INTO projects (name, tier, client_id) VALUES ('%1', 2, "
                                     "(SELECT id FROM clients LIMIT 1)) RETURNING id")
                          .arg(name));
    }
    QString newMilestone(const QString &project, const QString &name) {
        return scalar(QStringLiteral("INSERT INTO milestones (project_id, name, status) VALUES ('%1', '%2', "
                                     "'in_progress') RETURNING id")
                          .arg(project, name));
    }

    Result<DriftReport> verify(int chunkSize = 2) {
        DriftChecker checker(*m_mapping, m_dataSources, notionOptions());
        checker.setChunkSize(chunkSize); // several chunks even for a handful of rows
        return checker.check(m_db->database());
    }

    // A page made directly in Notion (as a person), carrying `postgresId`.
    QString seedPage(const QString &resource, const QString &title, const QString &postgresId) {
        const QJsonObject properties{
            {QStringLiteral("Name"),
             QJsonObject{{QStringLiteral("title"),
                          QJsonArray{QJsonObject{
                              {QStringLiteral("text"), QJsonObject{{QStringLiteral("content"), title}}}}}}}},
            {QStringLiteral("Postgres ID"),
             QJsonObject{{QStringLiteral("rich_text"),
                          QJsonArray{QJsonObject{{QStringLiteral("text"),
                                                  QJsonObject{{QStringLiteral("content"), postgresId}}}}}}}}};
        QString error;
        const QJsonObject created = m_notion->seed(
            QJsonObject{
                {QStringLiteral("rows"),
                 QJsonArray{QJsonObject{{QStringLiteral("data_source_id"), m_dataSources.value(resource)},
                                        {QStringLiteral("properties"), properties}}}}},
            &error);
        return error.isEmpty() ? created[QStringLiteral("rows")][0].toString() : QString();
    }

    using Found = QSet<QString>; // "kind resource key" (property for property drift)
    static Found found(const DriftReport &report) {
        Found result;
        for (const Drift &drift : report.drifts)
            result.insert(QStringLiteral("%1 %2 %3%4")
                              .arg(Drift::kindName(drift.kind), drift.resource, drift.key,
                                   drift.property.isEmpty() ? QString() : QLatin1Char(' ') + drift.property));
        return result;
    }

    QStringList cliArguments(const QStringList &extra) const {
        QStringList arguments{QStringLiteral("--headless"),        QStringLiteral("--verify"),
                              QStringLiteral("--database-url"),    m_db->urlString(),
                              QStringLiteral("--notion-base-url"), m_notion->baseUrl().toString()};
        for (auto it = m_databases.begin(); it != m_databases.end(); ++it)
            arguments << QStringLiteral("--notion-database") << it.key() + QLatin1Char('=') + it.value();
        return arguments + extra;
    }
    struct Run {
        int exitCode = -1;
        QString out;
        QString err;
    };
    Run pgnotion(const QStringList &arguments) {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("PGNOTION_NOTION_TOKEN"),
                           notionemu::NotionEmulator::defaultToken());
        process.setProcessEnvironment(environment);
        process.start(qEnvironmentVariable("PGNOTION_BIN_DIR") + QStringLiteral("/pgnotion"), arguments);
        if (!process.waitForFinished(60000))
            return {};
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                QString::fromUtf8(process.readAllStandardOutput()),
                QString::fromUtf8(process.readAllStandardError())};
    }

private Q_SLOTS:
    void init() {
        m_db = std::make_unique<TestDatabase>();
        PGNOTION_REQUIRE(*m_db);
        QVERIFY(
            m_db->exec(QStringLiteral("INSERT INTO tiers (level, name) VALUES (1, 'Basic'), (2, 'Pro')")));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO clients (name) VALUES ('Acme')")));
        m_notion = std::make_unique<notionemu::NotionEmulator>();
        QVERIFY(m_notion->start());
        m_notion->setRateLimit(0, 0);
        auto mapping = MappingLoader::defaultMapping();
        QVERIFY2(mapping.ok(), qPrintable(mapping.ok() ? QString() : mapping.error().message));
        m_mapping = std::make_shared<Mapping>(mapping.value());
        m_dataSources.clear();
        m_databases.clear();
        for (const QString &name : m_mapping->syncOrder()) {
            auto properties = MappingSchema::dataSourceProperties(*m_mapping, name, m_dataSources);
            QVERIFY2(properties.ok(), qPrintable(properties.ok() ? QString() : properties.error().message));
            const auto created =
                m_notion->createDatabase(m_mapping->resource(name)->databaseTitle, properties.value());
            QVERIFY2(!created.dataSourceId.isEmpty(), qPrintable(name));
            m_dataSources.insert(name, created.dataSourceId);
            m_databases.insert(name, created.databaseId);
        }
    }

    void cleanup() {
        stopPool();
        m_notion.reset();
        m_db.reset();
    }

    void aSyncedWorkspaceHasNoDrift() {
        startPool();
        const QString project = newProject(QStringLiteral("Alpha"));
        newProject(QStringLiteral("Beta"));
        newProject(QStringLiteral("Gamma"));
        newMilestone(project, QStringLiteral("Design"));
        QVERIFY(
            m_db->exec(QStringLiteral("INSERT INTO deliverables (project_id, name, category, file_url) "
                                      "VALUES ('%1', 'Logo', 'Branding', 'https://files.example.com/l.png')")
                           .arg(project)));
        QVERIFY(waitUntilIdle());
        stopPool();
        auto report = verify();
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        QVERIFY2(!report.value().hasDrift(), qPrintable(report.value().toText()));
        QCOMPARE(report.value().rowCount(), 5);
        QCOMPARE(report.value().pageCount(), 5);
        QVERIFY(report.value().toText().contains(QStringLiteral("verify: no drift (5 rows, 5 pages)")));
        QVERIFY(report.value().toText().contains(QStringLiteral("project: 3 rows, 3 pages: in sync")));
    }

    void eachPlantedDriftIsFoundRepairedAndGone() {
        startPool();
        const QString alpha = newProject(QStringLiteral("Alpha"));
        const QString beta = newProject(QStringLiteral("Beta"));
        const QString gamma = newProject(QStringLiteral("Gamma"));
        const QString design = newMilestone(alpha, QStringLiteral("Design"));
        const QString build = newMilestone(alpha, QStringLiteral("Build"));
        const QString logo = scalar(
            QStringLiteral(
                "INSERT INTO deliverables (project_id, name, category, file_url) VALUES ('%1', 'Logo', "
                "'Branding', 'https://files.example.com/l.png') RETURNING id")
                .arg(alpha));
        QVERIFY(waitUntilIdle());
        stopPool(); // the planted drift stays until the repair

        // Notion side: an edited property, a trashed page, a duplicate, an orphan, a broken relation.
        QString error;
        QVERIFY2(m_notion->editPageAsPerson(
                     pageOf(QStringLiteral("projects"), alpha),
                     QJsonObject{
                         {QStringLiteral("Name"),
                          QJsonObject{{QStringLiteral("title"),
                                       QJsonArray{QJsonObject{{QStringLiteral("text"),
                                                               QJsonObject{{QStringLiteral("content"),
                                                                            QStringLiteral("Edited")}}}}}}}}},
                     &error),
                 qPrintable(error));
        const QString gonePage = pageOf(QStringLiteral("deliverables"), logo);
        QVERIFY(m_notion->trashPageAsPerson(gonePage));
        const QString duplicate = seedPage(QStringLiteral("project"), QStringLiteral("Beta"), beta);
        QVERIFY(!duplicate.isEmpty());
        const QString strangerKey = QStringLiteral("00000000-0000-0000-0000-00000000dead");
        const QString stranger =
            seedPage(QStringLiteral("project"), QStringLiteral("Made by hand"), strangerKey);
        QVERIFY(!stranger.isEmpty());
        QVERIFY2(
            m_notion->editPageAsPerson(
                pageOf(QStringLiteral("milestones"), design),
                QJsonObject{
                    {QStringLiteral("Project"),
                     QJsonObject{{QStringLiteral("relation"),
                                  QJsonArray{QJsonObject{
                                      {QStringLiteral("id"), pageOf(QStringLiteral("projects"), beta)}}}}}}},
                &error),
            qPrintable(error));
        // Postgres side: a row never synced, a row whose page id was lost, a row deleted without its sync.
        const QString delta = newProject(QStringLiteral("Delta")); // its job waits: nothing runs
        const QString gammaPage = pageOf(QStringLiteral("projects"), gamma);
        QVERIFY(m_db->exec(
            QStringLiteral("UPDATE projects SET notion_page_id = NULL WHERE id = '%1'").arg(gamma)));
        QVERIFY(m_db->exec(
            QStringLiteral(
                "DELETE FROM pgnotion.sync_state WHERE resource_type = 'project' AND resource_id = '%1'")
                .arg(gamma)));
        const QString buildPage = pageOf(QStringLiteral("milestones"), build);
        QVERIFY(m_db->exec(QStringLiteral("DELETE FROM milestones WHERE id = '%1'").arg(build)));

        auto report = verify();
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        const Found expected{
            QStringLiteral("property_differs project %1 Name").arg(alpha),
            QStringLiteral("duplicate_page project %1").arg(beta),
            QStringLiteral("unlinked_page project %1").arg(gamma),
            QStringLiteral("missing_page project %1").arg(delta),
            QStringLiteral("orphan_page project %1").arg(strangerKey),
            QStringLiteral("broken_relation milestone %1 Project").arg(design),
            QStringLiteral("orphan_page milestone %1").arg(build),
            QStringLiteral("page_gone deliverable %1").arg(logo),
        };
        QCOMPARE(found(report.value()), expected);
        for (const Drift &drift : report.value().drifts) {
            if (drift.kind == DriftKind::DuplicatePage) {
                QCOMPARE(drift.pageId, duplicate);
                QVERIFY(drift.detail.contains(pageOf(QStringLiteral("projects"), beta)));
            }
            if (drift.kind == DriftKind::OrphanPage)
                QCOMPARE(drift.rowDeleted, drift.key == build);
            if (drift.kind == DriftKind::OrphanPage && drift.key == build)
                QCOMPARE(drift.pageId, buildPage);
            if (drift.kind == DriftKind::UnlinkedPage)
                QCOMPARE(drift.pageId, gammaPage);
            if (drift.kind == DriftKind::PageGone) {
                QCOMPARE(drift.pageId, gonePage);
                QVERIFY2(drift.detail.contains(QStringLiteral("in Notion's trash")),
                         qPrintable(drift.detail));
            }
            QCOMPARE(drift.syncQueued, drift.key == delta || drift.key == build);
        }

        // The text: one line per drift, values as a person reads them, a summary per resource.
        const QString text = report.value().toText();
        QVERIFY2(
            text.contains(QStringLiteral("project %1: property_differs, page %2, property \"Name\": expected "
                                         "\"Alpha\", actual \"Edited\"")
                              .arg(alpha, pageOf(QStringLiteral("projects"), alpha))),
            qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("project: 4 rows, 5 pages: 1 missing_page, 1 unlinked_page, "
                                              "1 duplicate_page, 1 orphan_page, 1 property_differs")),
                 qPrintable(text));
        QVERIFY2(
            text.contains(QStringLiteral("milestone: 1 rows, 2 pages: 1 orphan_page, 1 broken_relation")),
            qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("deliverable: 1 rows, 0 pages: 1 page_gone")),
                 qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("verify: 8 drift(s) in 3 of 3 resource(s)")));

        // Repair: resyncs for the engine, the duplicate trashed, the stranger left for a person.
        DriftRepairer repairer(*m_mapping, notionOptions());
        auto repaired = repairer.repair(m_db->database(), report.value());
        QVERIFY2(repaired.ok(), qPrintable(repaired.ok() ? QString() : repaired.error().message));
        QCOMPARE(repaired.value().resyncs, 6);
        QCOMPARE(repaired.value().lookups, 3); // gamma, the deleted milestone, the gone deliverable
        QCOMPARE(repaired.value().cleared, 1);
        QCOMPARE(repaired.value().trashed, 1);
        QCOMPARE(repaired.value().left.size(), 1);
        QVERIFY(repaired.value().left.first().contains(strangerKey));
        QVERIFY(m_notion->page(duplicate)[QStringLiteral("in_trash")].toBool());

        startPool();
        QVERIFY(waitUntilIdle());
        QCOMPARE(
            m_db->scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue WHERE status = 'dead'"))
                .toInt(),
            0);
        stopPool();
        QCOMPARE(pageOf(QStringLiteral("projects"), gamma), gammaPage); // adopted, not created again
        QVERIFY(m_notion->page(buildPage)[QStringLiteral("in_trash")].toBool());
        QVERIFY(pageOf(QStringLiteral("deliverables"), logo) != gonePage); // recreated

        auto again = verify();
        QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : again.error().message));
        QCOMPARE(found(again.value()), Found{QStringLiteral("orphan_page project %1").arg(strangerKey)});
        QVERIFY(m_notion->trashPageAsPerson(stranger)); // what the admin does with it
        auto clean = verify(500);
        QVERIFY2(clean.ok() && !clean.value().hasDrift(), qPrintable(clean.value().toText()));
    }

    void aRelationToATrashedPageIsBrokenAndRepairedInOrder() {
        startPool();
        const QString alpha = newProject(QStringLiteral("Alpha"));
        const QString design = newMilestone(alpha, QStringLiteral("Design"));
        QVERIFY(waitUntilIdle());
        stopPool();
        const QString oldPage = pageOf(QStringLiteral("projects"), alpha);
        QVERIFY(m_notion->trashPageAsPerson(oldPage));
        // As `--verify --repair` and the dashboard run it: a session that prepares from the databases.
        Mapping mapping = *m_mapping;
        for (ResourceMapping &resource : mapping.resources)
            resource.notionDatabase = m_databases.value(resource.name);
        VerifySession session(mapping, notionOptions());
        QVERIFY(session.check(m_db->database()).error().code == QLatin1String("not_prepared"));
        const auto prepared = session.prepare();
        QVERIFY2(prepared.ok(), qPrintable(prepared.ok() ? QString() : prepared.error().message));
        QCOMPARE(session.resources(), m_mapping->syncOrder()); // related resources first: project
        QCOMPARE(session.resources().first(), QStringLiteral("project"));
        QStringList progress;
        session.setProgress([&progress](const QString &line) { progress.append(line); });
        auto report = session.check(m_db->database());
        QVERIFY(report.ok());
        QVERIFY2(progress.contains(QStringLiteral("milestone: 1 rows read")),
                 qPrintable(progress.join(u'|')));
        QCOMPARE(found(report.value()),
                 (Found{QStringLiteral("page_gone project %1").arg(alpha),
                        QStringLiteral("broken_relation milestone %1 Project").arg(design)}));
        for (const Drift &drift : report.value().drifts) {
            if (drift.kind == DriftKind::BrokenRelation)
                QVERIFY2(drift.detail.contains(QStringLiteral("trashed or deleted")),
                         qPrintable(drift.detail));
        }
        QVERIFY(session.repair(m_db->database(), report.value()).ok());
        startPool();
        QVERIFY(waitUntilIdle());
        stopPool();
        const QString newPage = pageOf(QStringLiteral("projects"), alpha);
        QVERIFY(!newPage.isEmpty() && newPage != oldPage);
        auto again = verify();
        QVERIFY2(again.ok() && !again.value().hasDrift(), qPrintable(again.value().toText()));
    }

    void aNotionEditOfAnInboundPropertyIsNotOverwritten() {
        startPool();
        const QString alpha = newProject(QStringLiteral("Alpha"));
        QVERIFY(waitUntilIdle());
        stopPool();
        QString error;
        // Status flows back to Postgres (an inbound rule of the default mapping); Name does not.
        QVERIFY2(
            m_notion->editPageAsPerson(
                pageOf(QStringLiteral("projects"), alpha),
                QJsonObject{{QStringLiteral("Status"),
                             QJsonObject{{QStringLiteral("select"),
                                          QJsonObject{{QStringLiteral("name"), QStringLiteral("won")}}}}}},
                &error),
            qPrintable(error));
        auto report = verify();
        QVERIFY(report.ok());
        QCOMPARE(found(report.value()),
                 Found{QStringLiteral("property_differs project %1 Status").arg(alpha)});
        const Drift &drift = report.value().drifts.first();
        QVERIFY(drift.notionEdit);
        QCOMPARE(drift.expected, QStringLiteral("\"planning\""));
        QCOMPARE(drift.actual, QStringLiteral("\"won\""));
        QVERIFY2(drift.detail.contains(QStringLiteral("inbound")), qPrintable(drift.detail));
        DriftRepairer repairer(*m_mapping, notionOptions());
        auto repaired = repairer.repair(m_db->database(), report.value());
        QVERIFY(repaired.ok());
        QCOMPARE(repaired.value().resyncs, 0);
        QCOMPARE(repaired.value().left.size(), 1);
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue")).toInt(), 0);
    }

    void theRowScannerReadsEachRowOnceAsItsQueryDoes() {
        QStringList visible;
        for (int i = 0; i < 7; ++i) {
            const QString id = newProject(QStringLiteral("P%1").arg(i));
            if (i % 3 == 0)
                QVERIFY(m_db->exec(
                    QStringLiteral("UPDATE projects SET status = 'hidden' WHERE id = '%1'").arg(id)));
            else
                visible.append(id);
        }
        std::sort(visible.begin(), visible.end());
        ResourceMapping resource = *m_mapping->resource(QStringLiteral("project"));
        // A query that leaves some keys out (the engine treats those rows as deleted), with a semicolon.
        resource.query =
            QStringLiteral("SELECT p.*, upper(p.name) AS shout FROM projects p WHERE p.id = :key "
                           "AND p.status <> 'hidden';");
        for (int chunkSize : {1, 2, 3, 100}) {
            ResourceRowScanner scanner(m_db->database(), chunkSize);
            QStringList keys;
            auto scanned = scanner.scan(resource, [&](const QList<ScannedRow> &chunk) -> Result<void> {
                for (const ScannedRow &row : chunk) {
                    keys.append(row.key);
                    if (row.values.value(QStringLiteral("shout")).toString() !=
                        row.values.value(QStringLiteral("name")).toString().toUpper())
                        return Error{QStringLiteral("computed column missing"), {}};
                }
                return {};
            });
            QVERIFY2(scanned.ok(), qPrintable(scanned.ok() ? QString() : scanned.error().message));
            QCOMPARE(keys, visible);
        }
    }

    void aRowNotionCannotTakeIsReportedAndLeftAlone() {
        const QString alpha = newProject(QStringLiteral("Alpha"));
        const QString huge =
            scalar(QStringLiteral("INSERT INTO deliverables (project_id, name, file_url) VALUES "
                                  "('%1', 'Huge', 'https://x.example.com/' || repeat('a', 2100)) "
                                  "RETURNING id")
                       .arg(alpha));
        auto report = verify();
        QVERIFY(report.ok());
        QCOMPARE(found(report.value()), (Found{QStringLiteral("missing_page project %1").arg(alpha),
                                               QStringLiteral("row_error deliverable %1").arg(huge),
                                               QStringLiteral("missing_page deliverable %1").arg(huge)}));
        for (const Drift &drift : report.value().drifts) {
            if (drift.kind == DriftKind::RowError)
                QVERIFY2(drift.detail.contains(QStringLiteral("File URL")), qPrintable(drift.detail));
        }
        DriftRepairer repairer(*m_mapping, notionOptions());
        auto repaired = repairer.repair(m_db->database(), report.value());
        QVERIFY(repaired.ok());
        QCOMPARE(repaired.value().left.size(), 1);
        QVERIFY(repaired.value().left.first().contains(QStringLiteral("fix the row")));
    }

    void theCommandLineExitsByDrift() {
        startPool();
        const QString alpha = newProject(QStringLiteral("Alpha"));
        QVERIFY(waitUntilIdle());
        stopPool();
        const Run clean = pgnotion(cliArguments({}));
        QVERIFY2(clean.exitCode == 0, qPrintable(clean.err + clean.out));
        QVERIFY2(clean.out.contains(QStringLiteral("verify: no drift (1 rows, 1 pages)")),
                 qPrintable(clean.out));
        QVERIFY(!clean.err.contains(notionemu::NotionEmulator::defaultToken()));

        QVERIFY(m_notion->trashPageAsPerson(pageOf(QStringLiteral("projects"), alpha)));
        const Run drift = pgnotion(cliArguments({}));
        QCOMPARE(drift.exitCode, 1);
        QVERIFY2(drift.out.contains(QStringLiteral("project %1: page_gone").arg(alpha)),
                 qPrintable(drift.out));
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue")).toInt(),
                 0); // read only

        const Run repair = pgnotion(cliArguments({QStringLiteral("--repair")}));
        QCOMPARE(repair.exitCode, 1);
        QVERIFY2(repair.out.contains(QStringLiteral("resync enqueued")), qPrintable(repair.out));
        QCOMPARE(
            m_db->scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue WHERE resource_id = '%1'")
                             .arg(alpha))
                .toInt(),
            1);

        QTemporaryFile badMapping;
        QVERIFY(badMapping.open());
        badMapping.write("{\"version\": 2}");
        badMapping.close();
        const Run bad = pgnotion(cliArguments({QStringLiteral("--mapping"), badMapping.fileName()}));
        QCOMPARE(bad.exitCode, 2);
        const Run noUrl = pgnotion({QStringLiteral("--verify"), QStringLiteral("--database-url"), QString()});
        QCOMPARE(noUrl.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestVerify)
#include "tst_verify.moc"
