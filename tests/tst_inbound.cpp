#include "NotionEmulator.h"
#include "TestDatabase.h"
#include "inbound/EngineHandlers.h"
#include "inbound/InboundPoller.h"
#include "inbound/InboundScanner.h"
#include "inbound/InboundValues.h"
#include "inbound/SyncConflicts.h"
#include "mapping/MappingLoader.h"
#include "mapping/MappingSchema.h"
#include "queue/WorkerPool.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace pgnotion;
using namespace pgnotion::test;
using namespace std::chrono_literals;

// Notion -> Postgres end to end (issue 6): edits made by a person in the emulator's Notion reach the rows
// through the poller, the queue and the real worker pool with the default mapping's inbound rules.
class TestInbound : public QObject {
    Q_OBJECT

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<notionemu::NotionEmulator> m_notion;
    std::shared_ptr<Mapping> m_mapping;
    QHash<QString, QString> m_dataSources;
    std::unique_ptr<WorkerPool> m_pool;
    NotionClientOptions m_options;

    QString scalar(const QString &sql) { return m_db->scalar(sql).toString(); }
    int count(const QString &sql) { return m_db->scalar(sql).toInt(); }
    static QString option(const QJsonObject &page, const QString &property) {
        const QJsonObject value = page[QStringLiteral("properties")][property].toObject();
        return value.value(value.value(QStringLiteral("type")).toString())[QStringLiteral("name")].toString();
    }
    QString notionStatus(const QString &table, const QString &id,
                         const QString &property = QStringLiteral("Status")) {
        return option(m_notion->page(scalar(
                          QStringLiteral("SELECT notion_page_id FROM %1 WHERE id = '%2'").arg(table, id))),
                      property);
    }
    bool editAsPerson(const QString &table, const QString &id, const QString &type, const QString &name) {
        const QString page =
            scalar(QStringLiteral("SELECT notion_page_id FROM %1 WHERE id = '%2'").arg(table, id));
        QString error;
        const bool edited = m_notion->editPageAsPerson(
            page,
            QJsonObject{
                {QStringLiteral("Status"), QJsonObject{{type, QJsonObject{{QStringLiteral("name"), name}}}}}},
            &error);
        if (!edited)
            qWarning() << error;
        return edited;
    }

    void startPool() {
        WorkerPoolOptions options;
        // One worker: the order of an inbound and an outbound job of one row is the queue's (priority).
        options.workers = 1;
        options.worker.pollInterval = 100ms;
        options.worker.backoffBase = 50ms;
        options.worker.backoffCap = 200ms;
        options.supervisor.instance = QStringLiteral("tst_inbound");
        const std::shared_ptr<const Mapping> mapping = m_mapping;
        const auto dataSources = m_dataSources;
        const auto notion = m_options;
        m_pool = std::make_unique<WorkerPool>(
            m_db->url(), [=] { return EngineHandlers::create(mapping, dataSources, notion); }, options);
        m_pool->start();
    }

    bool waitUntilIdle(int timeoutMs = 20000) {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            QTest::qWait(100);
            if (count(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue "
                                     "WHERE status IN ('pending', 'retrying', 'running')")) == 0)
                return true;
        }
        return false;
    }

    // One poll, here and now (the poller's thread does the same on its timer).
    InboundPollReport poll() {
        NotionClient client(m_options);
        NotionApi api(client);
        InboundScanner scanner(m_mapping, m_dataSources, 60s);
        return scanner.poll(api, m_db->database());
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
    int inboundLogRows(const QString &id) {
        return count(
            QStringLiteral("SELECT count(*) FROM pgnotion.sync_log WHERE direction = 'notion_to_postgres' "
                           "AND outcome = 'completed' AND resource_id = '%1'")
                .arg(id));
    }
    int outboundJobs() {
        return count(QStringLiteral(
                   "SELECT count(*) FROM pgnotion.sync_log WHERE direction = 'postgres_to_notion'")) +
               count(QStringLiteral(
                   "SELECT count(*) FROM pgnotion.sync_queue WHERE direction = 'postgres_to_notion'"));
    }
    int patchesOf(const QString &pageId) {
        int patches = 0;
        const QString compact = QString(pageId).remove(QLatin1Char('-'));
        for (const auto &entry : m_notion->requestLog()) {
            if (entry.method == QLatin1String("PATCH") &&
                (entry.path.contains(pageId) || entry.path.contains(compact)))
                ++patches;
        }
        return patches;
    }
    void setProjectStatusOwner(InboundRule::Owner owner) {
        for (ResourceMapping &resource : m_mapping->resources) {
            for (InboundRule &rule : resource.inbound) {
                if (resource.name == QLatin1String("project"))
                    rule.owner = owner;
            }
        }
    }
    // The minute of the emulator's clock has at least 20 s left: two edits in a row fall into it.
    void startOfAMinute() {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const int second = now.time().second();
        if (second > 40)
            QTest::qWait((61 - second) * 1000);
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
        m_options = NotionClientOptions();
        m_options.baseUrl = m_notion->baseUrl();
        m_options.token = notionemu::NotionEmulator::defaultToken();
        m_options.requestsPerSecond = 200;
        m_options.burst = 50;
        m_options.retryBase = 10ms;
        m_options.retryCap = 50ms;
        auto mapping = MappingLoader::defaultMapping();
        QVERIFY2(mapping.ok(), qPrintable(mapping.ok() ? QString() : mapping.error().message));
        m_mapping = std::make_shared<Mapping>(mapping.value());
        m_dataSources.clear();
        for (const QString &name : m_mapping->syncOrder()) {
            auto properties = MappingSchema::dataSourceProperties(*m_mapping, name, m_dataSources);
            QVERIFY2(properties.ok(), qPrintable(properties.ok() ? QString() : properties.error().message));
            const auto created =
                m_notion->createDatabase(m_mapping->resource(name)->databaseTitle, properties.value());
            QVERIFY2(!created.dataSourceId.isEmpty(), qPrintable(name));
            m_dataSources.insert(name, created.dataSourceId);
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

    void aTaskCompletedInNotionCompletesTheMilestone() {
        startPool();
        const QString project = newProject(QStringLiteral("Shop"));
        const QString milestone = newMilestone(project, QStringLiteral("Design"));
        QVERIFY(waitUntilIdle());
        // The integration's own pages are no changes.
        QCOMPARE(poll().changesQueued, 0);

        QVERIFY(editAsPerson(QStringLiteral("milestones"), milestone, QStringLiteral("status"),
                             QStringLiteral("Done")));
        const InboundPollReport report = poll();
        QVERIFY2(report.problems.isEmpty(), qPrintable(report.problems.join(QLatin1Char('\n'))));
        QCOMPARE(report.changesQueued, 1);
        QVERIFY(waitUntilIdle());
        QCOMPARE(scalar(QStringLiteral("SELECT status FROM milestones WHERE id = '%1'").arg(milestone)),
                 QStringLiteral("completed"));
        QCOMPARE(scalar(QStringLiteral("SELECT completed_at IS NOT NULL FROM milestones WHERE id = '%1'")
                            .arg(milestone)),
                 QStringLiteral("true"));
        QCOMPARE(inboundLogRows(milestone), 1);
        // The project's Milestone Status follows (a rule of the milestone writes it), the task page itself
        // is not written back.
        QCOMPARE(notionStatus(QStringLiteral("projects"), project, QStringLiteral("Milestone Status")),
                 QStringLiteral("Done"));
        QCOMPARE(notionStatus(QStringLiteral("milestones"), milestone), QStringLiteral("Done"));

        // Reopened in Notion: back in progress, completed_at cleared.
        m_notion->clearRequestLog();
        QVERIFY(editAsPerson(QStringLiteral("milestones"), milestone, QStringLiteral("status"),
                             QStringLiteral("In progress")));
        QCOMPARE(poll().changesQueued, 1);
        QVERIFY(waitUntilIdle());
        QCOMPARE(scalar(QStringLiteral(
                            "SELECT status || ':' || (completed_at IS NULL) FROM milestones WHERE id = '%1'")
                            .arg(milestone)),
                 QStringLiteral("in_progress:true"));
        QCOMPARE(patchesOf(scalar(QStringLiteral("SELECT notion_page_id FROM milestones"))), 0);
        QCOMPARE(notionStatus(QStringLiteral("projects"), project, QStringLiteral("Milestone Status")),
                 QStringLiteral("In progress"));
    }

    void aProjectStatusChangedInNotionReachesPostgresWithoutEcho() {
        startPool();
        const QString project = newProject(QStringLiteral("Website"));
        QVERIFY(waitUntilIdle());
        const int outboundBefore = outboundJobs();
        m_notion->clearRequestLog();

        QVERIFY(editAsPerson(QStringLiteral("projects"), project, QStringLiteral("select"),
                             QStringLiteral("active")));
        QCOMPARE(poll().changesQueued, 1);
        QVERIFY(waitUntilIdle());
        QCOMPARE(scalar(QStringLiteral("SELECT status FROM projects WHERE id = '%1'").arg(project)),
                 QStringLiteral("active"));
        QCOMPARE(inboundLogRows(project), 1);
        QCOMPARE(
            scalar(QStringLiteral(
                       "SELECT synced_values->>'Status' FROM pgnotion.sync_state WHERE resource_id = '%1'")
                       .arg(project))
                .contains(QLatin1String("active")),
            true);
        // No echo: no outbound job was queued, nothing was written to Notion.
        QCOMPARE(outboundJobs(), outboundBefore);
        QCOMPARE(patchesOf(scalar(QStringLiteral("SELECT notion_page_id FROM projects"))), 0);
        // Polled again: nothing new.
        QCOMPARE(poll().changesQueued, 0);
    }

    void anEditInTheCursorsMinuteIsNotMissedNorAppliedTwice() {
        startPool();
        const QString project = newProject(QStringLiteral("Minute"));
        QVERIFY(waitUntilIdle());
        startOfAMinute();
        QVERIFY(editAsPerson(QStringLiteral("projects"), project, QStringLiteral("select"),
                             QStringLiteral("active")));
        QCOMPARE(poll().changesQueued, 1);
        QVERIFY(waitUntilIdle());
        const QString cursor =
            scalar(QStringLiteral("SELECT to_char(last_edited AT TIME ZONE 'UTC', 'HH24:MI:SS') "
                                  "FROM pgnotion.inbound_cursors WHERE resource_type = 'project'"));
        QVERIFY(cursor.endsWith(QLatin1String(":00"))); // Notion's minute

        // The same minute: last_edited_time equals the cursor.
        QVERIFY(editAsPerson(QStringLiteral("projects"), project, QStringLiteral("select"),
                             QStringLiteral("on_hold")));
        const QJsonObject page =
            m_notion->page(scalar(QStringLiteral("SELECT notion_page_id FROM projects")));
        QCOMPARE(QDateTime::fromString(page[QStringLiteral("last_edited_time")].toString(), Qt::ISODateWithMs)
                     .toUTC()
                     .toString(QStringLiteral("HH:mm:ss")),
                 cursor);
        const InboundPollReport second = poll();
        QCOMPARE(second.changesQueued, 1);
        QVERIFY(waitUntilIdle());
        QCOMPARE(scalar(QStringLiteral("SELECT status FROM projects WHERE id = '%1'").arg(project)),
                 QStringLiteral("on_hold"));

        // The overlap reads the page again: nothing is queued or applied a second time.
        const InboundPollReport third = poll();
        QVERIFY(third.pagesSeen >= 1);
        QCOMPARE(third.changesQueued, 0);
        QVERIFY(waitUntilIdle());
        QCOMPARE(inboundLogRows(project), 2);
    }

    void aValueTheColumnRejectsFailsOnceWithAClearError() {
        startPool();
        const QString project = newProject(QStringLiteral("Strict"));
        QVERIFY(waitUntilIdle());
        QVERIFY(m_db->exec(
            QStringLiteral("ALTER TABLE projects ADD CONSTRAINT known_status CHECK (status <> 'bogus')")));
        QVERIFY(editAsPerson(QStringLiteral("projects"), project, QStringLiteral("select"),
                             QStringLiteral("bogus")));
        QCOMPARE(poll().changesQueued, 1);
        QVERIFY(waitUntilIdle());
        QCOMPARE(
            scalar(QStringLiteral("SELECT last_error->>'code' FROM pgnotion.sync_queue WHERE status = 'dead' "
                                  "AND direction = 'notion_to_postgres'")),
            QStringLiteral("inbound_value_rejected"));
        QVERIFY(scalar(QStringLiteral("SELECT error_message FROM pgnotion.sync_queue WHERE status = 'dead'"))
                    .contains(QLatin1String("known_status")));
        // The same values again: not queued a second time.
        QCOMPARE(poll().changesQueued, 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue")), 1);
        QCOMPARE(scalar(QStringLiteral("SELECT status FROM projects WHERE id = '%1'").arg(project)),
                 QStringLiteral("planning"));
    }

    void valuesAreMappedBack() {
        InboundRule tier;
        tier.property = QStringLiteral("Tier");
        tier.column = QStringLiteral("tier");
        tier.format = QStringLiteral("Tier {value}");
        tier.values.insert(QStringLiteral("Gold"), QStringLiteral("3"));
        auto select = [](const QString &name) {
            return QJsonObject{{QStringLiteral("id"), QStringLiteral("x")},
                               {QStringLiteral("type"), QStringLiteral("select")},
                               {QStringLiteral("select"), QJsonObject{{QStringLiteral("name"), name}}}};
        };
        QCOMPARE(
            InboundValues::toPostgres(tier, select(QStringLiteral("Tier 2"))).value().columns.first().value,
            QVariant(QStringLiteral("2")));
        QCOMPARE(InboundValues::toPostgres(tier, select(QStringLiteral("Tier Gold")))
                     .value()
                     .columns.first()
                     .value,
                 QVariant(QStringLiteral("3")));
        QCOMPARE(
            InboundValues::toPostgres(tier, select(QStringLiteral("Other"))).value().columns.first().value,
            QVariant(QStringLiteral("Other")));
        const QJsonObject none{{QStringLiteral("type"), QStringLiteral("select")},
                               {QStringLiteral("select"), QJsonValue()}};
        QVERIFY(InboundValues::toPostgres(tier, none).value().columns.first().value.isNull());

        const InboundRule &task =
            *m_mapping->resource(QStringLiteral("milestone"))->inboundRule(QStringLiteral("Status"));
        const QJsonObject done{
            {QStringLiteral("type"), QStringLiteral("status")},
            {QStringLiteral("status"), QJsonObject{{QStringLiteral("name"), QStringLiteral("Done")}}}};
        const auto completed = InboundValues::toPostgres(task, done).value();
        QCOMPARE(completed.columns.size(), 2);
        QCOMPARE(completed.columns.at(0).value, QVariant(QStringLiteral("completed")));
        QCOMPARE(completed.columns.at(1).column, QStringLiteral("completed_at"));
        QVERIFY(completed.columns.at(1).now);
        const QJsonObject relation{{QStringLiteral("type"), QStringLiteral("relation")},
                                   {QStringLiteral("relation"), QJsonArray()}};
        QCOMPARE(InboundValues::toPostgres(task, relation).error().code,
                 QStringLiteral("unsupported_property_type"));
    }

    void bothSidesChangedPostgresOwnsTheField() {
        startPool();
        const QString project = newProject(QStringLiteral("Both"));
        QVERIFY(waitUntilIdle());
        m_pool->pause();
        QVERIFY(m_db->exec(
            QStringLiteral("UPDATE projects SET status = 'on_hold' WHERE id = '%1'").arg(project)));
        QVERIFY(editAsPerson(QStringLiteral("projects"), project, QStringLiteral("select"),
                             QStringLiteral("active")));
        QCOMPARE(poll().changesQueued, 1);
        m_pool->resume();
        QVERIFY(waitUntilIdle());
        // Postgres won: the row keeps its value and Notion is overwritten with it.
        QCOMPARE(scalar(QStringLiteral("SELECT status FROM projects WHERE id = '%1'").arg(project)),
                 QStringLiteral("on_hold"));
        QCOMPARE(notionStatus(QStringLiteral("projects"), project), QStringLiteral("on_hold"));
        auto conflicts = SyncConflicts::list(m_db->database());
        QVERIFY(conflicts.ok());
        QCOMPARE(conflicts.value().size(), 1);
        const SyncConflict conflict = conflicts.value().first();
        QCOMPARE(conflict.winner, QStringLiteral("postgres"));
        QCOMPARE(conflict.resourceId, project);
        QCOMPARE(conflict.property, QStringLiteral("Status"));
        QVERIFY(conflict.baseValue.contains(QLatin1String("planning")));
        QVERIFY(conflict.postgresValue.contains(QLatin1String("on_hold")));
        QVERIFY(conflict.notionValue.contains(QLatin1String("active")));
        QCOMPARE(poll().changesQueued, 0); // Notion now has the synced value

        // Undo: Notion's value after all, on both sides.
        QVERIFY(SyncConflicts::undo(m_db->database(), *m_mapping, conflict.id, QStringLiteral("admin")).ok());
        QVERIFY(waitUntilIdle());
        QCOMPARE(scalar(QStringLiteral("SELECT status FROM projects WHERE id = '%1'").arg(project)),
                 QStringLiteral("active"));
        QCOMPARE(notionStatus(QStringLiteral("projects"), project), QStringLiteral("active"));
        QCOMPARE(SyncConflicts::list(m_db->database()).value().size(), 0);
        QCOMPARE(SyncConflicts::undo(m_db->database(), *m_mapping, conflict.id, QStringLiteral("admin"))
                     .error()
                     .code,
                 QStringLiteral("conflict_not_open"));
    }

    void anUpdateDoesNotOverwriteAnUnpolledNotionEditUnseen() {
        startPool();
        const QString project = newProject(QStringLiteral("Race"));
        QVERIFY(waitUntilIdle());
        m_pool->pause();
        QVERIFY(m_db->exec(
            QStringLiteral("UPDATE projects SET status = 'on_hold' WHERE id = '%1'").arg(project)));
        QVERIFY(editAsPerson(QStringLiteral("projects"), project, QStringLiteral("select"),
                             QStringLiteral("active")));
        // No poll: the outbound job meets the Notion edit first, and lets the inbound job compare it.
        m_pool->resume();
        QVERIFY(waitUntilIdle());
        QCOMPARE(inboundLogRows(project), 1);
        auto conflicts = SyncConflicts::list(m_db->database());
        QVERIFY(conflicts.ok());
        QCOMPARE(conflicts.value().size(), 1);
        QCOMPARE(conflicts.value().first().winner, QStringLiteral("postgres"));
        QVERIFY(conflicts.value().first().notionValue.contains(QLatin1String("active")));
        QCOMPARE(scalar(QStringLiteral("SELECT status FROM projects WHERE id = '%1'").arg(project)),
                 QStringLiteral("on_hold"));
        QCOMPARE(notionStatus(QStringLiteral("projects"), project), QStringLiteral("on_hold"));
        QCOMPARE(poll().changesQueued, 0);
    }

    // An update whose answer was lost (applied in Notion, the connection dropped before the answer) leaves
    // Notion holding the very value the next attempt sends. That is this engine's own write, not an edit to
    // protect: the retry sends it without an inbound job, a conflict or a deferral.
    void aLostUpdateAnswerIsNoNotionEdit() {
        startPool();
        const QString project = newProject(QStringLiteral("Lost answer"));
        QVERIFY(waitUntilIdle());
        m_pool->pause();
        QVERIFY(m_db->exec(
            QStringLiteral("UPDATE projects SET status = 'on_hold' WHERE id = '%1'").arg(project)));
        const QString page =
            scalar(QStringLiteral("SELECT notion_page_id FROM projects WHERE id = '%1'").arg(project));
        {
            NotionClient client(m_options);
            NotionApi api(client);
            QVERIFY(
                api.updatePage(page, QJsonObject{{QStringLiteral("Status"),
                                                  QJsonObject{{QStringLiteral("select"),
                                                               QJsonObject{{QStringLiteral("name"),
                                                                            QStringLiteral("on_hold")}}}}}}));
        }
        m_pool->resume();
        QVERIFY(waitUntilIdle());
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM pgnotion.sync_log WHERE direction = "
                                      "'notion_to_postgres'")),
                 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue")), 0);
        auto conflicts = SyncConflicts::list(m_db->database());
        QVERIFY(conflicts.ok());
        QCOMPARE(conflicts.value().size(), 0);
        QCOMPARE(notionStatus(QStringLiteral("projects"), project), QStringLiteral("on_hold"));
        QCOMPARE(scalar(QStringLiteral("SELECT status FROM projects WHERE id = '%1'").arg(project)),
                 QStringLiteral("on_hold"));
    }

    void bothSidesChangedNotionOwnsTheField() {
        setProjectStatusOwner(InboundRule::Owner::Notion);
        startPool();
        const QString project = newProject(QStringLiteral("Both"));
        QVERIFY(waitUntilIdle());
        m_pool->pause();
        QVERIFY(m_db->exec(
            QStringLiteral("UPDATE projects SET status = 'on_hold' WHERE id = '%1'").arg(project)));
        QVERIFY(editAsPerson(QStringLiteral("projects"), project, QStringLiteral("select"),
                             QStringLiteral("active")));
        QCOMPARE(poll().changesQueued, 1);
        m_pool->resume();
        QVERIFY(waitUntilIdle());
        // Notion won: its value is in the row, and stays in Notion.
        QCOMPARE(scalar(QStringLiteral("SELECT status FROM projects WHERE id = '%1'").arg(project)),
                 QStringLiteral("active"));
        QCOMPARE(notionStatus(QStringLiteral("projects"), project), QStringLiteral("active"));
        auto conflicts = SyncConflicts::list(m_db->database());
        QVERIFY(conflicts.ok());
        QCOMPARE(conflicts.value().size(), 1);
        QCOMPARE(conflicts.value().first().winner, QStringLiteral("notion"));
        QCOMPARE(conflicts.value().first().postgresColumns.value(QStringLiteral("status")).toString(),
                 QStringLiteral("on_hold"));

        // Undo: Postgres's value after all, on both sides.
        QVERIFY(SyncConflicts::undo(m_db->database(), *m_mapping, conflicts.value().first().id,
                                    QStringLiteral("admin"))
                    .ok());
        QVERIFY(waitUntilIdle());
        QCOMPARE(scalar(QStringLiteral("SELECT status FROM projects WHERE id = '%1'").arg(project)),
                 QStringLiteral("on_hold"));
        QCOMPARE(notionStatus(QStringLiteral("projects"), project), QStringLiteral("on_hold"));
    }

    // Engines on several machines each run a poller: a data source that one polled a moment ago is not
    // queried again by another (one query per data source and interval in all), and a change is queued once.
    void pollersOfSeveralEnginesShareTheWork() {
        startPool();
        const QString project = newProject(QStringLiteral("Shared poll"));
        QVERIFY(waitUntilIdle());
        m_pool->pause();
        QVERIFY(editAsPerson(QStringLiteral("projects"), project, QStringLiteral("select"),
                             QStringLiteral("active")));
        auto sharedPoll = [this] {
            NotionClient client(m_options);
            NotionApi api(client);
            InboundScanner scanner(m_mapping, m_dataSources, 60s);
            scanner.shareWithOtherProcesses(10min);
            return scanner.poll(api, m_db->database());
        };
        auto queries = [this] {
            int count = 0;
            for (const auto &entry : m_notion->requestLog())
                count +=
                    entry.method == QLatin1String("POST") && entry.path.endsWith(QLatin1String("/query"));
            return count;
        };
        const int before = queries();
        const InboundPollReport first = sharedPoll();
        QVERIFY2(first.problems.isEmpty(), qPrintable(first.problems.join(u'\n')));
        QCOMPARE(first.dataSources, 2); // projects and milestones have inbound rules
        QCOMPARE(first.changesQueued, 1);
        QCOMPARE(queries() - before, 2);
        const InboundPollReport second = sharedPoll(); // another engine, a moment later
        QCOMPARE(second.dataSources, 0);
        QCOMPARE(second.polledElsewhere, 2);
        QCOMPARE(queries() - before, 2);
        // Without sharing (a test's or an admin's direct poll) it reads, and queues nothing twice.
        QCOMPARE(poll().changesQueued, 0);
        QCOMPARE(queries() - before, 4);
        m_pool->resume();
        QVERIFY(waitUntilIdle());
        QCOMPARE(inboundLogRows(project), 1);
    }

    void theCursorSurvivesARestartOfThePoller() {
        startPool();
        const QString a = newProject(QStringLiteral("A"));
        const QString b = newProject(QStringLiteral("B"));
        newProject(QStringLiteral("C"));
        QVERIFY(waitUntilIdle());
        InboundPollerOptions options;
        options.interval = 1h; // only the poll at start
        auto runOnce = [&]() -> InboundPollReport {
            // The restart comes an interval after the last poll (pollers skip what any of them polled within
            // most of an interval).
            m_db->exec(QStringLiteral(
                "UPDATE pgnotion.inbound_cursors SET polled_at = polled_at - interval '1 hour'"));
            InboundPoller poller(m_db->url(), m_mapping, m_dataSources, m_options, options);
            QSignalSpy polled(&poller, &InboundPoller::polled);
            QSignalSpy stopped(&poller, &InboundPoller::stopped);
            poller.start();
            if (!polled.wait(10000))
                return {};
            poller.stop();
            stopped.wait(10000);
            return polled.first().first().value<InboundPollReport>();
        };
        QCOMPARE(runOnce().pagesSeen, 3); // no cursor yet: every page, none changed

        m_notion->advanceClock(10min);
        QVERIFY(
            editAsPerson(QStringLiteral("projects"), a, QStringLiteral("select"), QStringLiteral("active")));
        const InboundPollReport first = runOnce();
        QCOMPARE(first.changesQueued, 1);
        QVERIFY(waitUntilIdle());

        // A new poller (a restart) reads from the stored cursor: A and B, not C, which is older.
        m_notion->advanceClock(10min);
        QVERIFY(
            editAsPerson(QStringLiteral("projects"), b, QStringLiteral("select"), QStringLiteral("done")));
        const InboundPollReport resumed = runOnce();
        QCOMPARE(resumed.pagesSeen, 2);
        QCOMPARE(resumed.changesQueued, 1);
        QVERIFY(waitUntilIdle());
        QCOMPARE(scalar(QStringLiteral("SELECT string_agg(status, ',' ORDER BY name) FROM projects")),
                 QStringLiteral("active,done,planning"));
    }
};

QTEST_GUILESS_MAIN(TestInbound)
#include "tst_inbound.moc"
