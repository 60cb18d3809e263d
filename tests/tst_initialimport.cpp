#include "NotionEmulator.h"
#include "TestDatabase.h"
#include "mapping/MappingLoader.h"
#include "mapping/MappingSchema.h"
#include "migration/InitialImport.h"

#include <QJsonArray>
#include <QSqlQuery>
#include <QTest>

using namespace pgnotion;
using namespace pgnotion::test;
using namespace std::chrono_literals;

// The initial import (issue 6, the seed's migration Steps 1-3) against the emulator and a real Postgres:
// pages already in Notion are matched to rows by Postgres ID or title, linked, and the import resumes.
class TestInitialImport : public QObject {
    Q_OBJECT

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<notionemu::NotionEmulator> m_notion;
    std::shared_ptr<Mapping> m_mapping;
    QHash<QString, QString> m_dataSources;
    NotionClientOptions m_options;

    QString scalar(const QString &sql) { return m_db->scalar(sql).toString(); }
    int count(const QString &sql) { return m_db->scalar(sql).toInt(); }

    QString newProject(const QString &name) {
        return scalar(
            QStringLiteral("INSERT INTO projects (name, tier) VALUES ('%1', 2) RETURNING id").arg(name));
    }
    // A page made in Notion before pgnotion: a title, maybe a Postgres ID, maybe a Status.
    QString newPage(const QString &title, const QString &postgresId = {}, const QString &status = {}) {
        QJsonObject properties{
            {QStringLiteral("Name"),
             QJsonObject{{QStringLiteral("title"),
                          QJsonArray{QJsonObject{
                              {QStringLiteral("text"), QJsonObject{{QStringLiteral("content"), title}}}}}}}}};
        if (!postgresId.isEmpty())
            properties.insert(QStringLiteral("Postgres ID"),
                              QJsonObject{{QStringLiteral("rich_text"),
                                           QJsonArray{QJsonObject{
                                               {QStringLiteral("text"),
                                                QJsonObject{{QStringLiteral("content"), postgresId}}}}}}});
        if (!status.isEmpty())
            properties.insert(
                QStringLiteral("Status"),
                QJsonObject{{QStringLiteral("select"), QJsonObject{{QStringLiteral("name"), status}}}});
        NotionClient client(m_options);
        NotionApi api(client);
        auto created = api.createPage(m_dataSources.value(QStringLiteral("project")), properties);
        if (!created) {
            qWarning() << created.error().describe();
            return {};
        }
        return created.value().value(QStringLiteral("id")).toString();
    }
    Result<ImportReport> import(const ImportOptions &options = {},
                                const ImportProgressCallback &progress = {}) {
        return InitialImport::run(m_db->urlString(), *m_mapping, m_dataSources, m_options, options, progress);
    }
    static const ResourceImportReport &projects(const ImportReport &report) {
        return report.resources.first();
    }
    QString pageOf(const QString &project) {
        return scalar(QStringLiteral("SELECT notion_page_id FROM projects WHERE id = '%1'").arg(project));
    }

private Q_SLOTS:
    void init() {
        m_db = std::make_unique<TestDatabase>();
        PGNOTION_REQUIRE(*m_db);
        QVERIFY(
            m_db->exec(QStringLiteral("INSERT INTO tiers (level, name) VALUES (1, 'Basic'), (2, 'Pro')")));
        m_notion = std::make_unique<notionemu::NotionEmulator>();
        QVERIFY(m_notion->start());
        m_notion->setRateLimit(0, 0);
        m_options = NotionClientOptions();
        m_options.baseUrl = m_notion->baseUrl();
        m_options.token = notionemu::NotionEmulator::defaultToken();
        m_options.requestsPerSecond = 1000;
        m_options.burst = 1000;
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
        QCOMPARE(m_mapping->syncOrder().first(), QStringLiteral("project"));
    }

    void cleanup() {
        m_notion.reset();
        m_db.reset();
    }

    void pagesAreMatchedByPostgresIdThenByTitleAndLinked() {
        const QString shop = newProject(QStringLiteral("Shop"));
        const QString website = newProject(QStringLiteral("Website"));
        // The Postgres ID wins over a title that names no row.
        const QString shopPage = newPage(QStringLiteral("Renamed in Notion"), shop);
        const QString websitePage = newPage(QStringLiteral("Website"));
        const QString strayPage = newPage(QStringLiteral("Nobody's"));
        const QString gonePage =
            newPage(QStringLiteral("Deleted"), QStringLiteral("00000000-0000-0000-0000-000000000000"));
        QVERIFY(!strayPage.isEmpty() && !gonePage.isEmpty());
        const int queuedBefore = count(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue"));

        const auto report = import();
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        const ResourceImportReport &result = projects(report.value());
        QCOMPARE(result.pagesRead, 4);
        QCOMPARE(result.matchedById, 1);
        QCOMPARE(result.matchedByTitle, 1);
        QCOMPARE(result.linked, 2);
        QCOMPARE(result.unmatched.size(), 2);
        QVERIFY(result.ambiguous.isEmpty());
        QCOMPARE(pageOf(shop), shopPage);
        QCOMPARE(pageOf(website), websitePage);
        QCOMPARE(
            count(QStringLiteral("SELECT count(*) FROM pgnotion.sync_state WHERE resource_type = 'project' "
                                 "AND notion_page_id IS NOT NULL")),
            2);
        // The links themselves queue nothing; the full sync afterwards queues every project once.
        QCOMPARE(result.resyncQueued, 2);
        QVERIFY(count(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue")) >= queuedBefore);
        QCOMPARE(count(QStringLiteral("SELECT count(DISTINCT resource_id) FROM pgnotion.sync_queue WHERE "
                                      "resource_type = 'project' AND status = 'pending'")),
                 2);
        QVERIFY(report.value().toText().contains(QLatin1String("unmatched")));

        // Again: nothing new, everything already linked.
        const auto again = import();
        QVERIFY(again.ok());
        QCOMPARE(projects(again.value()).alreadyLinked, 2);
        QCOMPARE(projects(again.value()).linked, 0);
    }

    void ambiguousTitlesAreReportedAndNotLinked() {
        const QString twin1 = newProject(QStringLiteral("Twin"));
        const QString twin2 = newProject(QStringLiteral("Twin"));
        const QString pair = newProject(QStringLiteral("Pair"));
        newPage(QStringLiteral("Twin"));
        newPage(QStringLiteral("Pair"));
        newPage(QStringLiteral("Pair"));

        const auto report = import();
        QVERIFY(report.ok());
        const ResourceImportReport &result = projects(report.value());
        QCOMPARE(result.ambiguous.size(), 3);
        QCOMPARE(result.linked, 0);
        QVERIFY(pageOf(twin1).isEmpty());
        QVERIFY(pageOf(twin2).isEmpty());
        QVERIFY(pageOf(pair).isEmpty());
        const QString text = report.value().toText();
        QVERIFY2(text.contains(QLatin1String("2 rows have this title")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("2 pages have this title")), qPrintable(text));
    }

    void aDryRunReportsAndWritesNothing() {
        const QString shop = newProject(QStringLiteral("Shop"));
        newPage(QStringLiteral("Shop"));
        newPage(QStringLiteral("New in Notion"), {}, QStringLiteral("active"));
        const int queued = count(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue"));
        ImportOptions options;
        options.dryRun = true;
        options.createRows = true;

        const auto report = import(options);
        QVERIFY(report.ok());
        QVERIFY(report.value().dryRun);
        QCOMPARE(projects(report.value()).linked, 1);
        QCOMPARE(projects(report.value()).rowsCreated, 1);
        QVERIFY(report.value().toText().startsWith(QLatin1String("Dry run")));
        QVERIFY(pageOf(shop).isEmpty());
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM projects")), 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM pgnotion.sync_state")), 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM pgnotion.initial_import_progress")), 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue")), queued);
    }

    void unmatchedPagesBecomeRowsWhenAsked() {
        const QString page = newPage(QStringLiteral("Started in Notion"), {}, QStringLiteral("active"));
        newPage(QStringLiteral("Row was deleted"), QStringLiteral("00000000-0000-0000-0000-000000000000"));
        ImportOptions options;
        options.createRows = true;
        const auto report = import(options);
        QVERIFY(report.ok());
        QCOMPARE(projects(report.value()).rowsCreated, 1);
        // A page naming a Postgres ID is never re-created as a new row.
        QCOMPARE(projects(report.value()).unmatched.size(), 1);
        QCOMPARE(
            scalar(QStringLiteral("SELECT name || ':' || status FROM projects WHERE notion_page_id = '%1'")
                       .arg(page)),
            QStringLiteral("Started in Notion:active"));
    }

    // The test: 1,000 pages, the import stopped midway, then run again.
    void aThousandPageImportResumesAfterAnInterruption() {
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO projects (name, tier) SELECT 'Project ' || "
                                          "lpad(i::text, 4, '0'), 2 FROM generate_series(1, 1000) i")));
        QSqlQuery rows(m_db->database());
        QVERIFY(rows.exec(QStringLiteral("SELECT id, name FROM projects ORDER BY name")));
        int i = 0;
        while (rows.next()) {
            // Half the pages carry their Postgres ID, half are found by title.
            const QString id = (i++ % 2 == 0) ? rows.value(0).toString() : QString();
            QVERIFY(!newPage(rows.value(1).toString(), id).isEmpty());
        }
        QCOMPARE(m_notion->countPages(m_dataSources.value(QStringLiteral("project"))), 1000);

        ImportOptions options;
        options.batchSize = 100;
        int batches = 0;
        const auto first = import(options, [&](const ImportProgress &progress) {
            ++batches;
            return progress.pagesDone < 400; // "killed" after the fourth batch
        });
        QVERIFY(first.ok());
        QVERIFY(first.value().interrupted);
        QCOMPARE(batches, 4);
        QCOMPARE(projects(first.value()).linked, 400);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM projects WHERE notion_page_id IS NOT NULL")),
                 400);
        // Interrupted: no full sync yet.
        QCOMPARE(projects(first.value()).resyncQueued, 0);

        m_notion->clearRequestLog();
        const auto second = import(options);
        QVERIFY(second.ok());
        QVERIFY(!second.value().interrupted);
        const ResourceImportReport &result = projects(second.value());
        QCOMPARE(result.pagesSkipped, 400);
        QCOMPARE(result.linked, 600);
        QCOMPARE(result.alreadyLinked, 0);
        QVERIFY(result.unmatched.isEmpty());
        QVERIFY(result.ambiguous.isEmpty());
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM projects WHERE notion_page_id IS NOT NULL")),
                 1000);
        QCOMPARE(count(QStringLiteral("SELECT count(DISTINCT notion_page_id) FROM projects")), 1000);
        QCOMPARE(
            count(QStringLiteral("SELECT count(*) FROM pgnotion.sync_state WHERE resource_type = 'project'")),
            1000);
        QCOMPARE(count(QStringLiteral("SELECT pages_linked FROM pgnotion.initial_import_progress WHERE "
                                      "resource_type = 'project' AND finished_at IS NOT NULL")),
                 1000);
        // The resume read the pages (10 queries of 100) and wrote nothing to Notion.
        int queries = 0, writes = 0;
        for (const auto &entry : m_notion->requestLog()) {
            if (entry.path.contains(QLatin1String("/query")))
                ++queries;
            else if (entry.method != QLatin1String("GET"))
                ++writes;
        }
        QCOMPARE(writes, 0);
        QVERIFY2(queries <= 12, qPrintable(QString::number(queries)));
        QCOMPARE(result.resyncQueued, 1000);
    }
};

QTEST_GUILESS_MAIN(TestInitialImport)
#include "tst_initialimport.moc"
