#include "NotionEmulator.h"
#include "TestDatabase.h"
#include "engine/EngineSetup.h"
#include "engine/NotionSyncHandler.h"
#include "mapping/MappingLoader.h"
#include "mapping/MappingSchema.h"
#include "queue/WorkerPool.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace pgnotion;
using namespace pgnotion::test;
using namespace std::chrono_literals;

// The engine end to end: Postgres writes reach the emulator's Notion through the queue, the default
// mapping and the real worker pool.
class TestSyncEngine : public QObject {
    Q_OBJECT

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<notionemu::NotionEmulator> m_notion;
    std::shared_ptr<Mapping> m_mapping;
    QHash<QString, QString> m_dataSources;
    QHash<QString, QString> m_databases;
    std::unique_ptr<WorkerPool> m_pool;

    QString scalar(const QString &sql) { return m_db->scalar(sql).toString(); }
    QJsonObject page(const QString &id) { return m_notion->page(id); }
    static QString text(const QJsonObject &page, const QString &property) {
        const QJsonObject value = page[QStringLiteral("properties")][property].toObject();
        const QString type = value.value(QStringLiteral("type")).toString();
        if (type == QLatin1String("title") || type == QLatin1String("rich_text")) {
            QString joined;
            for (const QJsonValue &item : value.value(type).toArray())
                joined += item[QStringLiteral("plain_text")].toString();
            return joined;
        }
        if (type == QLatin1String("select") || type == QLatin1String("status"))
            return value.value(type)[QStringLiteral("name")].toString();
        if (type == QLatin1String("url"))
            return value.value(type).toString();
        if (type == QLatin1String("relation")) {
            QStringList ids;
            for (const QJsonValue &item : value.value(type).toArray())
                ids.append(item[QStringLiteral("id")].toString());
            return ids.join(QLatin1Char(','));
        }
        return QString::fromUtf8(QJsonDocument(value).toJson(QJsonDocument::Compact));
    }

    void startPool() {
        NotionClientOptions notion;
        notion.baseUrl = m_notion->baseUrl();
        notion.token = notionemu::NotionEmulator::defaultToken();
        notion.requestsPerSecond = 200;
        notion.burst = 50;
        notion.retryBase = 10ms;
        notion.retryCap = 50ms;
        WorkerPoolOptions options;
        options.workers = 2;
        options.worker.pollInterval = 100ms;
        options.worker.backoffBase = 50ms;
        options.worker.backoffCap = 200ms;
        options.supervisor.instance = QStringLiteral("tst_syncengine");
        const std::shared_ptr<const Mapping> mapping = m_mapping;
        const auto dataSources = m_dataSources;
        m_pool = std::make_unique<WorkerPool>(
            m_db->url(), [=] { return std::make_unique<NotionSyncHandler>(mapping, dataSources, notion); },
            options);
        m_pool->start();
    }

    // Every job finished (or dead): nothing pending, retrying or running.
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

    QString newProject(const QString &name, int tier = 2) {
        return scalar(QStringLiteral("INSERT INTO projects (name, tier, client_id) VALUES ('%1', %2, "
                                     "(SELECT id FROM clients LIMIT 1)) RETURNING id")
                          .arg(name)
                          .arg(tier));
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
        for (ResourceMapping &resource : m_mapping->resources)
            resource.enabled = true; // leads too
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
        if (m_pool) {
            QSignalSpy stopped(m_pool.get(), &WorkerPool::stopped);
            m_pool->stop();
            stopped.wait(10000);
        }
        m_pool.reset();
        m_notion.reset();
        m_db.reset();
    }

    void aProjectIsCreatedThenUpdatedOnlyWhenItChanges() {
        startPool();
        const QString id = newProject(QStringLiteral("Website"));
        QVERIFY(waitUntilIdle());
        const QString pageId =
            scalar(QStringLiteral("SELECT notion_page_id FROM projects WHERE id = '%1'").arg(id));
        QVERIFY(!pageId.isEmpty());
        QCOMPARE(text(page(pageId), QStringLiteral("Name")), QStringLiteral("Website"));
        QCOMPARE(text(page(pageId), QStringLiteral("Tier")), QStringLiteral("Tier 2"));
        QCOMPARE(text(page(pageId), QStringLiteral("Client")), QStringLiteral("Acme"));
        QCOMPARE(text(page(pageId), QStringLiteral("Postgres ID")), id);

        QVERIFY(m_db->exec(QStringLiteral("UPDATE projects SET status = 'active' WHERE id = '%1'").arg(id)));
        QVERIFY(waitUntilIdle());
        QCOMPARE(text(page(pageId), QStringLiteral("Status")), QStringLiteral("active"));
        QCOMPARE(m_notion->countPages(m_dataSources.value(QStringLiteral("project"))), 1);

        // A job for an unchanged row: no API call at all.
        m_notion->clearRequestLog();
        QVERIFY(m_db->exec(QStringLiteral("SELECT pgnotion.enqueue('project', '%1')").arg(id)));
        QVERIFY(waitUntilIdle());
        QCOMPARE(m_notion->requestLog().size(), 0);
    }

    void milestonesDeliverablesPaymentsAndLeadsFollowTheSeed() {
        startPool();
        const QString project = newProject(QStringLiteral("Shop"));
        QVERIFY(m_db->exec(
            QStringLiteral(
                "INSERT INTO milestones (project_id, name, status) VALUES ('%1', 'Design', 'in_progress')")
                .arg(project)));
        QVERIFY(m_db->exec(
            QStringLiteral("INSERT INTO deliverables (project_id, name, category, file_url) VALUES "
                           "('%1', 'Logo', 'Branding', 'https://files.example.com/logo.png')")
                .arg(project)));
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO payments (project_id, amount, status, received_at) "
                                          "VALUES ('%1', 500, 'received', now())")
                               .arg(project)));
        QVERIFY(m_db->exec(QStringLiteral(
            "INSERT INTO leads (name, email, source) VALUES ('Ada', 'ada@example.com', 'website')")));
        QVERIFY(waitUntilIdle());
        QCOMPARE(
            m_db->scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue WHERE status = 'dead'"))
                .toInt(),
            0);

        const QString projectPage = scalar(QStringLiteral("SELECT notion_page_id FROM projects"));
        QCOMPARE(text(page(projectPage), QStringLiteral("Current Milestone")), QStringLiteral("Design"));
        QVERIFY(!text(page(projectPage), QStringLiteral("Milestone Status")).isEmpty());
        QCOMPARE(text(page(projectPage), QStringLiteral("Payment Status")), QStringLiteral("received"));

        const QString milestonePage = scalar(QStringLiteral("SELECT notion_page_id FROM milestones"));
        QCOMPARE(text(page(milestonePage), QStringLiteral("Project")), projectPage);
        const QString deliverablePage = scalar(QStringLiteral("SELECT notion_page_id FROM deliverables"));
        QCOMPARE(text(page(deliverablePage), QStringLiteral("Project")), projectPage);
        QCOMPARE(text(page(deliverablePage), QStringLiteral("File URL")),
                 QStringLiteral("https://files.example.com/logo.png"));
        // The file block was created with the page.
        const QByteArray state = QJsonDocument(m_notion->snapshot()).toJson(QJsonDocument::Compact);
        QVERIFY(state.contains("\"file\"") && state.contains("logo.png"));
        QVERIFY(!scalar(QStringLiteral("SELECT notion_page_id FROM leads")).isEmpty());
    }

    void aRelationNeverPointsAtNothing() {
        startPool();
        m_pool->pause();
        // The milestone's job may well run before its project's: it waits for (and triggers) it.
        QVERIFY(m_db->exec(QStringLiteral("BEGIN")));
        const QString project = newProject(QStringLiteral("Later"));
        QVERIFY(
            m_db->exec(QStringLiteral("INSERT INTO milestones (project_id, name) VALUES ('%1', 'Kickoff')")
                           .arg(project)));
        QVERIFY(m_db->exec(QStringLiteral(
            "UPDATE pgnotion.sync_queue SET priority = -10 WHERE resource_type = 'milestone'")));
        QVERIFY(m_db->exec(QStringLiteral("COMMIT")));
        m_pool->resume();
        QVERIFY(waitUntilIdle());
        const QString projectPage = scalar(QStringLiteral("SELECT notion_page_id FROM projects"));
        QVERIFY(!projectPage.isEmpty());
        QCOMPARE(text(page(scalar(QStringLiteral("SELECT notion_page_id FROM milestones"))),
                      QStringLiteral("Project")),
                 projectPage);
        QCOMPARE(m_notion->countPages(m_dataSources.value(QStringLiteral("project"))), 1);
    }

    void aLostCreateAnswerMakesNoDuplicate() {
        startPool();
        m_pool->pause();
        m_notion->failNext({QStringLiteral("apply_then_reset")});
        const QString id = newProject(QStringLiteral("Once"));
        m_pool->resume();
        QVERIFY(waitUntilIdle());
        QCOMPARE(m_notion->countPages(m_dataSources.value(QStringLiteral("project"))), 1);
        const QString pageId =
            scalar(QStringLiteral("SELECT notion_page_id FROM projects WHERE id = '%1'").arg(id));
        QCOMPARE(text(page(pageId), QStringLiteral("Postgres ID")), id);
    }

    void aDeletedRowTrashesItsPage() {
        startPool();
        const QString id = newProject(QStringLiteral("Gone"));
        QVERIFY(waitUntilIdle());
        QCOMPARE(m_notion->countPages(m_dataSources.value(QStringLiteral("project"))), 1);
        QVERIFY(m_db->exec(QStringLiteral("DELETE FROM projects WHERE id = '%1'").arg(id)));
        QVERIFY(waitUntilIdle());
        QCOMPARE(m_notion->countPages(m_dataSources.value(QStringLiteral("project"))), 0);
        QCOMPARE(m_notion->countPages(m_dataSources.value(QStringLiteral("project")), true), 1);
    }

    void aPageTrashedInNotionIsRecreated() {
        startPool();
        const QString id = newProject(QStringLiteral("Phoenix"));
        QVERIFY(waitUntilIdle());
        const QString first = scalar(QStringLiteral("SELECT notion_page_id FROM projects"));
        QVERIFY(m_notion->trashPageAsPerson(first));
        QVERIFY(m_db->exec(QStringLiteral("UPDATE projects SET status = 'revived' WHERE id = '%1'").arg(id)));
        QVERIFY(waitUntilIdle());
        const QString second = scalar(QStringLiteral("SELECT notion_page_id FROM projects"));
        QVERIFY(second != first);
        QCOMPARE(m_notion->countPages(m_dataSources.value(QStringLiteral("project"))), 1);
        QCOMPARE(text(page(second), QStringLiteral("Status")), QStringLiteral("revived"));
    }

    void aBadRowIsReportedAndTheOthersGoOn() {
        startPool();
        const QString project = newProject(QStringLiteral("Mixed"));
        QVERIFY(m_db->exec(
            QStringLiteral("INSERT INTO deliverables (project_id, name, file_url) VALUES ('%1', 'Huge', "
                           "'https://x.example.com/' || repeat('a', 2100))")
                .arg(project)));
        QVERIFY(m_db->exec(
            QStringLiteral("INSERT INTO deliverables (project_id, name, file_url) VALUES ('%1', 'Fine', "
                           "'https://x.example.com/ok')")
                .arg(project)));
        QVERIFY(m_db->exec(QStringLiteral("SELECT pgnotion.enqueue('invoice', 'INV-1')")));
        QVERIFY(waitUntilIdle());
        QCOMPARE(
            m_db->scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue WHERE status = 'dead'"))
                .toInt(),
            2);
        const QString message =
            scalar(QStringLiteral("SELECT error_message FROM pgnotion.sync_queue "
                                  "WHERE status = 'dead' AND resource_type = 'deliverable'"));
        QVERIFY2(message.contains(QStringLiteral("File URL")) && message.contains(QStringLiteral("2")),
                 qPrintable(message));
        QVERIFY(
            !scalar(QStringLiteral("SELECT notion_page_id FROM deliverables WHERE name = 'Fine'")).isEmpty());
    }

    void aRejectedTokenPausesTheEngine() {
        startPool();
        QSignalSpy authFailed(m_pool.get(), &WorkerPool::notionAuthenticationFailed);
        m_notion->revokeToken(notionemu::NotionEmulator::defaultToken());
        newProject(QStringLiteral("Locked out"));
        QVERIFY(authFailed.wait(10000));
        QVERIFY(m_pool->isPaused());
        // The job is kept, with no attempt spent.
        QCOMPARE(m_db->scalar(QStringLiteral(
                                  "SELECT count(*) FROM pgnotion.sync_queue WHERE status IN ('pending', "
                                  "'retrying') AND attempts = 0"))
                     .toInt(),
                 1);
    }

    QStringList headlessArguments() const {
        QStringList arguments{QStringLiteral("--headless"),
                              QStringLiteral("--database-url"),
                              m_db->urlString(),
                              QStringLiteral("--notion-base-url"),
                              m_notion->baseUrl().toString(),
                              QStringLiteral("--instance"),
                              QStringLiteral("tst-headless"),
                              QStringLiteral("--workers"),
                              QStringLiteral("2")};
        for (auto it = m_dataSources.begin(); it != m_dataSources.end(); ++it) {
            arguments << QStringLiteral("--notion-database")
                      << it.key() + QLatin1Char('=') + m_databases.value(it.key());
        }
        return arguments;
    }
    void startHeadless(QProcess &process, const QStringList &extra) {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("PGNOTION_NOTION_TOKEN"),
                           notionemu::NotionEmulator::defaultToken());
        process.setProcessEnvironment(environment);
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(qEnvironmentVariable("PGNOTION_BIN_DIR") + QStringLiteral("/pgnotion"),
                      headlessArguments() + extra);
    }

    void theHeadlessWorkerSyncsAndExitsWhenIdle() {
        for (int i = 0; i < 5; ++i)
            newProject(QStringLiteral("H%1").arg(i));
        QProcess worker;
        startHeadless(worker, {QStringLiteral("--exit-when-idle")});
        QVERIFY(worker.waitForFinished(60000));
        const QString output = QString::fromUtf8(worker.readAll());
        QVERIFY2(worker.exitStatus() == QProcess::NormalExit && worker.exitCode() == 0, qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("completed")), qPrintable(output));
        QVERIFY(!output.contains(notionemu::NotionEmulator::defaultToken()));
        QCOMPARE(m_notion->countPages(m_dataSources.value(QStringLiteral("project"))), 5);
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM projects WHERE notion_page_id IS NULL"))
                     .toInt(),
                 0);
    }

    // --log-format json: one JSON object per line for log collectors, a job event per sync, no token.
    void theHeadlessWorkerLogsJsonLines() {
        newProject(QStringLiteral("J1"));
        newProject(QStringLiteral("J2"));
        QProcess worker;
        startHeadless(worker, {QStringLiteral("--exit-when-idle"), QStringLiteral("--log-format"),
                               QStringLiteral("json")});
        QVERIFY(worker.waitForFinished(60000));
        const QString output = QString::fromUtf8(worker.readAll());
        QVERIFY2(worker.exitStatus() == QProcess::NormalExit && worker.exitCode() == 0, qPrintable(output));
        QVERIFY(!output.contains(notionemu::NotionEmulator::defaultToken()));
        int completedJobs = 0;
        int messages = 0;
        for (const QString &line : output.split(u'\n', Qt::SkipEmptyParts)) {
            if (!line.startsWith(u'{'))
                continue; // Qt's own warnings, not the worker's log
            QJsonParseError error;
            const QJsonObject object = QJsonDocument::fromJson(line.toUtf8(), &error).object();
            QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(line));
            QVERIFY2(!object.value(QStringLiteral("time")).toString().isEmpty(), qPrintable(line));
            if (object.value(QStringLiteral("event")).toString() == QLatin1String("job")) {
                QCOMPARE(object.value(QStringLiteral("resource_type")).toString(), QStringLiteral("project"));
                completedJobs +=
                    object.value(QStringLiteral("outcome")).toString() == QLatin1String("completed");
            } else {
                ++messages;
            }
        }
        QCOMPARE(completedJobs, 2);
        QVERIFY(messages >= 1); // the start-up line
        QVERIFY2(!output.contains(QStringLiteral("pgnotion: job")), qPrintable(output));
    }

    void theHeadlessWorkerWithoutATokenSaysWhereToPutIt() {
        QProcess worker;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("PGNOTION_NOTION_TOKEN"));
        environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                           QStringLiteral("unix:path=/nonexistent/bus"));
        worker.setProcessEnvironment(environment);
        worker.start(qEnvironmentVariable("PGNOTION_BIN_DIR") + QStringLiteral("/pgnotion"),
                     headlessArguments());
        QVERIFY(worker.waitForFinished(30000));
        const QString output = QString::fromUtf8(worker.readAllStandardError());
        QCOMPARE(worker.exitCode(), 2);
        QVERIFY2(output.contains(QStringLiteral("PGNOTION_NOTION_TOKEN")) &&
                     output.contains(QStringLiteral("--store-notion-token")),
                 qPrintable(output));
    }

    void theHeadlessWorkerStopsCleanlyOnSigterm() {
        QProcess worker;
        startHeadless(worker, {});
        QVERIFY(worker.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(m_db->scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_workers "
                                                             "WHERE stopped_at IS NULL"))
                                         .toInt() == 1,
                                 20000);
        newProject(QStringLiteral("Before the stop"));
        QTRY_VERIFY_WITH_TIMEOUT(!scalar(QStringLiteral("SELECT notion_page_id FROM projects")).isEmpty(),
                                 20000);
        worker.terminate(); // SIGTERM
        QVERIFY(worker.waitForFinished(20000));
        QCOMPARE(worker.exitStatus(), QProcess::NormalExit);
        QCOMPARE(worker.exitCode(), 0);
        QCOMPARE(m_db->scalar(QStringLiteral(
                                  "SELECT count(*) FROM pgnotion.sync_workers WHERE stopped_at IS NULL"))
                     .toInt(),
                 0);
        QCOMPARE(
            m_db->scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue WHERE status = 'running'"))
                .toInt(),
            0);
    }

    void aPageTrashedInNotionIsReportedWhenTheMappingSaysSo() {
        for (ResourceMapping &resource : m_mapping->resources) {
            if (resource.name == QLatin1String("project"))
                resource.onMissingPage = ResourceMapping::MissingPage::Report;
        }
        startPool();
        const QString id = newProject(QStringLiteral("Watched"));
        QVERIFY(waitUntilIdle());
        QVERIFY(m_notion->trashPageAsPerson(scalar(QStringLiteral("SELECT notion_page_id FROM projects"))));
        QVERIFY(m_db->exec(QStringLiteral("UPDATE projects SET status = 'changed' WHERE id = '%1'").arg(id)));
        QVERIFY(waitUntilIdle());
        const QString message =
            scalar(QStringLiteral("SELECT error_message FROM pgnotion.sync_queue WHERE status = 'dead'"));
        QVERIFY2(message.contains(QStringLiteral("deleted or trashed in Notion")) && message.contains(id),
                 qPrintable(message));
        QCOMPARE(m_notion->countPages(m_dataSources.value(QStringLiteral("project"))), 0); // not recreated
    }

    void aKilledWorkersJobsAreFinishedByTheNext() {
        m_notion->setLatency(150ms); // jobs take a while: the kill lands mid-run
        for (int i = 0; i < 20; ++i)
            newProject(QStringLiteral("K%1").arg(i));
        QProcess first;
        startHeadless(first, {});
        QVERIFY(first.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(
            m_db->scalar(QStringLiteral("SELECT count(*) FROM projects WHERE notion_page_id IS NOT NULL"))
                    .toInt() >= 3,
            30000);
        first.kill(); // SIGKILL: no goodbye, its running jobs stay claimed
        QVERIFY(first.waitForFinished(10000));
        QVERIFY(m_db->scalar(QStringLiteral("SELECT count(*) FROM projects WHERE notion_page_id IS NULL"))
                    .toInt() > 0);
        m_notion->setLatency(0ms);
        QProcess second; // the same instance on the same host: it frees what the dead run held at once
        startHeadless(second, {QStringLiteral("--exit-when-idle")});
        QVERIFY(second.waitForFinished(60000));
        QVERIFY2(second.exitCode() == 0, second.readAll().constData());
        QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM projects WHERE notion_page_id IS NULL"))
                     .toInt(),
                 0);
        QCOMPARE(m_notion->countPages(m_dataSources.value(QStringLiteral("project"))), 20);
    }

    void theMappingsDatabasesAreCreatedUnderAPage() {
        QString error;
        const QJsonObject seeded = m_notion->seed(
            QJsonObject{{QStringLiteral("pages"),
                         QJsonArray{QJsonObject{{QStringLiteral("title"), QStringLiteral("Sync")}}}}},
            &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QProcess setup;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("PGNOTION_NOTION_TOKEN"),
                           notionemu::NotionEmulator::defaultToken());
        setup.setProcessEnvironment(environment);
        setup.start(qEnvironmentVariable("PGNOTION_BIN_DIR") + QStringLiteral("/pgnotion"),
                    {QStringLiteral("--create-notion-databases"),
                     seeded[QStringLiteral("pages")][0].toString(), QStringLiteral("--notion-base-url"),
                     m_notion->baseUrl().toString()});
        QVERIFY(setup.waitForFinished(30000));
        const QString output = QString::fromUtf8(setup.readAllStandardOutput());
        QVERIFY2(setup.exitCode() == 0, setup.readAllStandardError().constData());
        // One argument per resource with pages, each naming a database the engine then accepts.
        const QStringList lines = output.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), m_mapping->syncOrder().size() - 1); // leads are off in the default mapping
        QStringList arguments;
        for (const QString &line : lines)
            arguments += line.split(QLatin1Char(' '));
        QVERIFY(arguments.contains(QStringLiteral("--notion-database")));
        auto mapping = MappingLoader::defaultMapping();
        QVERIFY(MappingLoader::applyDatabaseOverrides(mapping.value(), arguments.filter(QStringLiteral("=")))
                    .ok());
        NotionClientOptions notion;
        notion.baseUrl = m_notion->baseUrl();
        notion.token = notionemu::NotionEmulator::defaultToken();
        auto prepared = EngineSetup::prepare(mapping.value(), notion);
        QVERIFY2(prepared.ok(), qPrintable(prepared.ok() ? QString() : prepared.error().message));
        QCOMPARE(prepared.value().dataSources.size(), lines.size());
    }

    void aMappingThatDoesNotMatchNotionIsRefusedClearly() {
        auto mapping = MappingLoader::defaultMapping();
        for (ResourceMapping &resource : mapping.value().resources) {
            resource.notionDatabase = m_databases.value(resource.name);
            resource.enabled = true;
        }
        for (ResourceMapping &resource : mapping.value().resources) {
            if (resource.name != QLatin1String("project"))
                continue;
            PropertyMapping budget; // a property the Projects database does not have
            budget.property = QStringLiteral("Budget");
            budget.type = PropertyType::Number;
            budget.column = QStringLiteral("name");
            resource.properties.append(budget);
        }
        NotionClientOptions notion;
        notion.baseUrl = m_notion->baseUrl();
        notion.token = notionemu::NotionEmulator::defaultToken();
        auto prepared = EngineSetup::prepare(mapping.value(), notion);
        QVERIFY(!prepared.ok());
        QVERIFY2(prepared.error().message.contains(QStringLiteral("Budget")) &&
                     prepared.error().message.contains(QStringLiteral("project")),
                 qPrintable(prepared.error().message));
    }

    // The workload: 2,000 random writes while Notion fails 20 % of requests in every way it can,
    // including apply-then-reset. Afterwards Notion equals Postgres exactly: no duplicate, no lost update.
    void aRandomWorkloadUnderFaultsEndsExact() {
        m_notion->setRandomSeed(11);
        m_notion->setFaults(0.2, {QStringLiteral("500"), QStringLiteral("502"), QStringLiteral("503"),
                                  QStringLiteral("504"), QStringLiteral("529"), QStringLiteral("reset"),
                                  QStringLiteral("apply_then_reset")});
        startPool();
        QRandomGenerator random(2026);
        QStringList projects;
        QStringList milestones;
        for (int write = 0; write < 2000; ++write) {
            const int dice = int(random.bounded(100));
            if (projects.isEmpty() || dice < 10) {
                projects.append(newProject(QStringLiteral("R%1").arg(write), 1 + write % 2));
            } else if (dice < 25) {
                milestones.append(
                    scalar(QStringLiteral("INSERT INTO milestones (project_id, name) VALUES ('%1', 'M%2') "
                                          "RETURNING id")
                               .arg(projects[random.bounded(projects.size())])
                               .arg(write)));
            } else if (dice < 30) {
                QVERIFY(m_db->exec(
                    QStringLiteral(
                        "INSERT INTO deliverables (project_id, name, file_url) VALUES ('%1', 'D%2', "
                        "'https://files.example.com/%2')")
                        .arg(projects[random.bounded(projects.size())])
                        .arg(write)));
            } else if (dice < 33 && projects.size() > 5) {
                const QString gone = projects.takeAt(random.bounded(projects.size()));
                QVERIFY(m_db->exec(QStringLiteral("DELETE FROM projects WHERE id = '%1'").arg(gone)));
                milestones.clear(); // some cascaded away; updates below pick from what is left
                QSqlQuery left(m_db->database());
                QVERIFY(left.exec(QStringLiteral("SELECT id FROM milestones")));
                while (left.next())
                    milestones.append(left.value(0).toString());
            } else if (dice < 50 && !milestones.isEmpty()) {
                static const QStringList states{QStringLiteral("pending"), QStringLiteral("in_progress"),
                                                QStringLiteral("completed")};
                QVERIFY(m_db->exec(
                    QStringLiteral("UPDATE milestones SET status = '%1' WHERE id = '%2'")
                        .arg(states[random.bounded(3)], milestones[random.bounded(milestones.size())])));
            } else {
                QVERIFY(m_db->exec(
                    QStringLiteral("UPDATE projects SET status = 'w%1', name = 'R%1' WHERE id = '%2'")
                        .arg(write)
                        .arg(projects[random.bounded(projects.size())])));
            }
        }
        QVERIFY(waitUntilIdle(240000));
        m_notion->setFaults(0, {});
        const QString dead =
            m_db->scalar(QStringLiteral("SELECT string_agg(resource_type || ' ' || resource_id || "
                                        "': ' || error_history::text, E'\\n') FROM "
                                        "pgnotion.sync_queue WHERE status = 'dead'"))
                .toString();
        QVERIFY2(dead.isEmpty(), qPrintable(dead));
        struct Table {
            const char *table;
            const char *resource;
            const char *columns; // key, then name, then (optionally) a second checked column
        };
        for (const Table &table :
             {Table{"projects", "project", "id, name, status"}, Table{"milestones", "milestone", "id, name"},
              Table{"deliverables", "deliverable", "id, name, file_url"}}) {
            const QString resource = QLatin1String(table.resource);
            const int rows =
                m_db->scalar(QStringLiteral("SELECT count(*) FROM %1").arg(QLatin1String(table.table)))
                    .toInt();
            QCOMPARE(m_notion->countPages(m_dataSources.value(resource)), rows); // no duplicate, no orphan
            QSqlQuery query(m_db->database());
            QVERIFY(query.exec(QStringLiteral("SELECT notion_page_id, %1 FROM %2")
                                   .arg(QLatin1String(table.columns), QLatin1String(table.table))));
            while (query.next()) {
                const QJsonObject notion = page(query.value(0).toString());
                QCOMPARE(text(notion, QStringLiteral("Postgres ID")), query.value(1).toString());
                QCOMPARE(text(notion, QStringLiteral("Name")), query.value(2).toString());
                if (resource == QLatin1String("project"))
                    QCOMPARE(text(notion, QStringLiteral("Status")), query.value(3).toString());
                if (resource == QLatin1String("deliverable"))
                    QCOMPARE(text(notion, QStringLiteral("File URL")), query.value(3).toString());
            }
        }
    }

    void aFaultyNotionEndsEqualToPostgres() {
        m_notion->setRandomSeed(7);
        m_notion->setFaults(0.2, {QStringLiteral("500"), QStringLiteral("502"), QStringLiteral("503"),
                                  QStringLiteral("504"), QStringLiteral("529"), QStringLiteral("reset"),
                                  QStringLiteral("apply_then_reset")});
        startPool();
        QStringList projects;
        for (int i = 0; i < 40; ++i)
            projects.append(newProject(QStringLiteral("P%1").arg(i), 1 + i % 2));
        for (int round = 0; round < 3; ++round) {
            for (int i = 0; i < projects.size(); i += 3)
                QVERIFY(m_db->exec(QStringLiteral("UPDATE projects SET status = 'round %1' WHERE id = '%2'")
                                       .arg(round)
                                       .arg(projects[i])));
        }
        QVERIFY(waitUntilIdle(60000));
        m_notion->setFaults(0, {});
        QCOMPARE(
            m_db->scalar(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue WHERE status = 'dead'"))
                .toInt(),
            0);
        QCOMPARE(m_notion->countPages(m_dataSources.value(QStringLiteral("project"))),
                 projects.size()); // no duplicate
        QSqlQuery rows(m_db->database());
        QVERIFY(rows.exec(QStringLiteral("SELECT id, name, status, notion_page_id FROM projects")));
        while (rows.next()) {
            const QJsonObject notion = page(rows.value(3).toString());
            QCOMPARE(text(notion, QStringLiteral("Postgres ID")), rows.value(0).toString());
            QCOMPARE(text(notion, QStringLiteral("Name")), rows.value(1).toString());
            QCOMPARE(text(notion, QStringLiteral("Status")), rows.value(2).toString());
        }
    }
};

QTEST_GUILESS_MAIN(TestSyncEngine)
#include "tst_syncengine.moc"
