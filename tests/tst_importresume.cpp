#include "NotionEmulator.h"
#include "TestDatabase.h"
#include "inbound/InboundValues.h"
#include "mapping/MappingLoader.h"
#include "mapping/MappingSchema.h"
#include "notion/NotionApi.h"
#include "notion/NotionClient.h"

#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <algorithm>
#include <csignal>

using namespace pgnotion;
using namespace pgnotion::test;
using namespace std::chrono_literals;

namespace {

constexpr int kPages = 1000;
constexpr int kBatch = 100; // the command line's batch size (ImportOptions' default)
constexpr int kWait = 60000;

// A transaction of its own that holds one row of `projects` FOR UPDATE: the import, linking that row,
// waits for it. That pins the import between two batches without guessing at timings.
class RowLock {
public:
    RowLock(const QSqlDatabase &from, const QString &projectName) {
        m_database = QSqlDatabase::cloneDatabase(from, QStringLiteral("row-lock"));
        if (!m_database.open() || !m_database.transaction())
            return;
        QSqlQuery lock(m_database);
        lock.prepare(QStringLiteral("SELECT id FROM projects WHERE name = ? FOR UPDATE"));
        lock.addBindValue(projectName);
        m_held = lock.exec() && lock.next();
    }
    ~RowLock() {
        release();
        m_database = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("row-lock"));
    }
    bool isHeld() const { return m_held; }
    void release() {
        if (m_held)
            m_database.rollback();
        m_held = false;
        m_database.close();
    }

private:
    QSqlDatabase m_database;
    bool m_held = false;
};

} // namespace

// Issue 6's "migration of 1,000 pages resumed after a kill": the real `pgnotion --headless --import`
// process, SIGKILLed after some batches committed, then run again to the end; and SIGTERM, which stops it
// after the batch in progress with exit code 1.
class TestImportResume : public QObject {
    Q_OBJECT

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<notionemu::NotionEmulator> m_notion;
    std::shared_ptr<Mapping> m_mapping;
    QHash<QString, QString> m_dataSources;
    QHash<QString, QString> m_databases;
    QStringList m_pageOrder; // the project titles in the order the import walks the pages

    int count(const QString &sql) { return m_db->scalar(sql).toInt(); }
    int progressDone() {
        return count(
            QStringLiteral("SELECT coalesce(max(pages_done), 0) FROM pgnotion.initial_import_progress "
                           "WHERE resource_type = 'project'"));
    }
    int linkedRows() {
        return count(QStringLiteral("SELECT count(*) FROM projects WHERE notion_page_id IS NOT NULL"));
    }
    // Backends of this database waiting for a lock: the import, held by a RowLock.
    int backendsWaitingForALock() {
        return count(
            QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                           "AND wait_event_type = 'Lock'"));
    }
    int importBackends() {
        return count(
            QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                           "AND pid <> pg_backend_pid()"));
    }

    NotionClientOptions notionOptions() const {
        NotionClientOptions notion;
        notion.baseUrl = m_notion->baseUrl();
        notion.token = notionemu::NotionEmulator::defaultToken();
        notion.requestsPerSecond = 1000;
        notion.burst = 1000;
        notion.retryBase = 10ms;
        notion.retryCap = 50ms;
        return notion;
    }

    void startImport(QProcess &process) {
        QStringList arguments{QStringLiteral("--headless"),        QStringLiteral("--import"),
                              QStringLiteral("--database-url"),    m_db->urlString(),
                              QStringLiteral("--notion-base-url"), m_notion->baseUrl().toString()};
        for (auto it = m_databases.begin(); it != m_databases.end(); ++it)
            arguments << QStringLiteral("--notion-database") << it.key() + QLatin1Char('=') + it.value();
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("PGNOTION_NOTION_TOKEN"),
                           notionemu::NotionEmulator::defaultToken());
        process.setProcessEnvironment(environment);
        process.start(qEnvironmentVariable("PGNOTION_BIN_DIR") + QStringLiteral("/pgnotion"), arguments);
    }

    // Starts the import and returns once `committedPages` pages are committed and the import waits for
    // the row `lock` holds (the next batch's); false if it ended first.
    bool runUntilBlocked(QProcess &process, RowLock &lock, int committedPages) {
        if (!lock.isHeld())
            return false;
        startImport(process);
        if (!process.waitForStarted(kWait))
            return false;
        return QTest::qWaitFor(
                   [&] {
                       return process.state() != QProcess::Running ||
                              (progressDone() == committedPages && backendsWaitingForALock() > 0);
                   },
                   kWait) &&
               process.state() == QProcess::Running;
    }

    // 1,000 projects, a page for each made in Notion before pgnotion (half carry their Postgres ID, half
    // are found by title), and an empty queue: whatever is queued afterwards is the import's.
    void seedThousandPages() {
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO projects (name, tier) SELECT 'Project ' || "
                                          "lpad(i::text, 4, '0'), 2 FROM generate_series(1, %1) i")
                               .arg(kPages)));
        QVERIFY(m_db->exec(QStringLiteral("DELETE FROM pgnotion.sync_queue")));
        NotionClient client(notionOptions());
        NotionApi api(client);
        QSqlQuery rows(m_db->database());
        QVERIFY(rows.exec(QStringLiteral("SELECT id, name FROM projects ORDER BY name")));
        for (int i = 0; rows.next(); ++i) {
            QJsonObject properties{{QStringLiteral("Name"), text(QStringLiteral("title"), rows.value(1))}};
            if (i % 2 == 0)
                properties.insert(QStringLiteral("Postgres ID"),
                                  text(QStringLiteral("rich_text"), rows.value(0)));
            QVERIFY(api.createPage(m_dataSources.value(QStringLiteral("project")), properties).ok());
        }
        // The import's order: created_time, then page id.
        const QJsonArray sorts{QJsonObject{{QStringLiteral("timestamp"), QStringLiteral("created_time")},
                                           {QStringLiteral("direction"), QStringLiteral("ascending")}}};
        auto pages = api.queryAll(m_dataSources.value(QStringLiteral("project")), {}, sorts);
        QVERIFY(pages.ok());
        QList<QJsonObject> sorted = pages.value();
        const auto created = [](const QJsonObject &page) {
            return QDateTime::fromString(page.value(QStringLiteral("created_time")).toString(),
                                         Qt::ISODateWithMs);
        };
        std::stable_sort(sorted.begin(), sorted.end(), [&](const QJsonObject &a, const QJsonObject &b) {
            return created(a) != created(b)
                       ? created(a) < created(b)
                       : a.value(QStringLiteral("id")).toString() < b.value(QStringLiteral("id")).toString();
        });
        m_pageOrder.clear();
        for (const QJsonObject &page : std::as_const(sorted))
            m_pageOrder.append(InboundValues::plainText(page.value(QStringLiteral("properties"))
                                                            .toObject()
                                                            .value(QStringLiteral("Name"))
                                                            .toObject()));
        QCOMPARE(m_pageOrder.size(), kPages);
    }
    static QJsonObject text(const QString &type, const QVariant &content) {
        return QJsonObject{
            {type, QJsonArray{QJsonObject{{QStringLiteral("text"),
                                           QJsonObject{{QStringLiteral("content"), content.toString()}}}}}}};
    }

    // Each linked row and its row version: a row written again gets a new xmin.
    QHash<QString, QString> linkedRowVersions() {
        QHash<QString, QString> versions;
        QSqlQuery query(m_db->database());
        if (!query.exec(
                QStringLiteral("SELECT id::text, xmin::text FROM projects WHERE notion_page_id IS NOT NULL")))
            qWarning() << query.lastError().text();
        while (query.next())
            versions.insert(query.value(0).toString(), query.value(1).toString());
        return versions;
    }

    int notionWrites() {
        int writes = 0;
        for (const auto &entry : m_notion->requestLog()) {
            if (entry.method != QLatin1String("GET") && !entry.path.contains(QLatin1String("/query")))
                ++writes;
        }
        return writes;
    }

    // Whether SIGTERM still waits to be delivered to `pid` (its bit in the pending masks of /proc).
    static bool sigtermPending(qint64 pid) {
        QFile status(QStringLiteral("/proc/%1/status").arg(pid));
        if (!status.open(QIODevice::ReadOnly))
            return false;
        const quint64 bit = quint64(1) << (SIGTERM - 1);
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("SigPnd:") || line.startsWith("ShdPnd:")) {
                if (line.mid(7).trimmed().toULongLong(nullptr, 16) & bit)
                    return true;
            }
        }
        return false;
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
        auto mapping = MappingLoader::defaultMapping();
        QVERIFY(mapping.ok());
        m_mapping = std::make_shared<Mapping>(mapping.value());
        m_dataSources.clear();
        m_databases.clear();
        for (const QString &name : m_mapping->syncOrder()) {
            auto properties = MappingSchema::dataSourceProperties(*m_mapping, name, m_dataSources);
            QVERIFY(properties.ok());
            const auto created =
                m_notion->createDatabase(m_mapping->resource(name)->databaseTitle, properties.value());
            QVERIFY2(!created.dataSourceId.isEmpty(), qPrintable(name));
            m_dataSources.insert(name, created.dataSourceId);
            m_databases.insert(name, created.databaseId);
        }
        seedThousandPages();
        m_notion->clearRequestLog();
    }

    void cleanup() {
        m_notion.reset();
        m_db.reset();
    }

    void aKilledImportResumesWithoutRelinkingOrDuplicates() {
        // Killed while the fifth batch waits for a row: four batches (400 pages) are committed.
        const int committed = 4 * kBatch;
        {
            RowLock lock(m_db->database(), m_pageOrder.at(committed + kBatch / 2));
            QProcess first;
            QVERIFY2(runUntilBlocked(first, lock, committed),
                     qPrintable(QString::fromUtf8(first.readAllStandardError())));
            ::kill(pid_t(first.processId()), SIGKILL);
            QVERIFY(first.state() == QProcess::NotRunning || first.waitForFinished(kWait));
            QCOMPARE(first.exitStatus(), QProcess::CrashExit);
            lock.release();
            // The killed client's backend finishes the statement it waited on, then finds the client gone and
            // rolls the fifth batch back.
            QVERIFY(QTest::qWaitFor([&] { return importBackends() == 0; }, kWait));
        }
        // The partial state: exactly the committed batches, no full sync queued yet, nothing sent to Notion.
        QCOMPARE(progressDone(), committed);
        QCOMPARE(linkedRows(), committed);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM pgnotion.sync_state")), committed);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM pgnotion.initial_import_progress WHERE "
                                      "finished_at IS NOT NULL")),
                 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue")), 0);
        QCOMPARE(notionWrites(), 0);
        const QHash<QString, QString> linkedByTheFirstRun = linkedRowVersions();
        QCOMPARE(linkedByTheFirstRun.size(), committed);

        QProcess second;
        startImport(second);
        QVERIFY(second.waitForFinished(kWait));
        const QString out = QString::fromUtf8(second.readAllStandardOutput());
        const QString err = QString::fromUtf8(second.readAllStandardError());
        QCOMPARE(second.exitStatus(), QProcess::NormalExit);
        QVERIFY2(second.exitCode() == 0, qPrintable(out + err));
        QVERIFY2(out.contains(QStringLiteral("project: 1000 pages read, 400 skipped (done earlier)")),
                 qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("linked 600, 0 already linked")), qPrintable(out));

        // Every row linked to its own page, each page once.
        QCOMPARE(linkedRows(), kPages);
        QCOMPARE(count(QStringLiteral("SELECT count(DISTINCT notion_page_id) FROM projects")), kPages);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM pgnotion.sync_state s JOIN projects p ON "
                                      "p.id::text = s.resource_id AND p.notion_page_id = s.notion_page_id "
                                      "WHERE s.resource_type = 'project'")),
                 kPages);
        // The right page: its title is the row's name, and a Postgres ID on it names the row.
        NotionClient client(notionOptions());
        NotionApi api(client);
        auto pages = api.queryAll(m_dataSources.value(QStringLiteral("project")));
        QVERIFY(pages.ok());
        QCOMPARE(pages.value().size(), kPages); // no page created
        QHash<QString, QString> nameOfPage;
        QSqlQuery rows(m_db->database());
        QVERIFY(rows.exec(QStringLiteral("SELECT notion_page_id, name, id::text FROM projects")));
        QHash<QString, QString> idOfPage;
        while (rows.next()) {
            nameOfPage.insert(NotionApi::normalizeId(rows.value(0).toString()), rows.value(1).toString());
            idOfPage.insert(NotionApi::normalizeId(rows.value(0).toString()), rows.value(2).toString());
        }
        for (const QJsonObject &page : pages.value()) {
            const QString id = NotionApi::normalizeId(page.value(QStringLiteral("id")).toString());
            const QJsonObject properties = page.value(QStringLiteral("properties")).toObject();
            QCOMPARE(nameOfPage.value(id),
                     InboundValues::plainText(properties.value(QStringLiteral("Name")).toObject()));
            const QString postgresId =
                InboundValues::plainText(properties.value(QStringLiteral("Postgres ID")).toObject());
            QVERIFY(postgresId.isEmpty() || postgresId == idOfPage.value(id));
        }

        // The second run did not write again what the first committed.
        const QHash<QString, QString> after = linkedRowVersions();
        for (auto it = linkedByTheFirstRun.begin(); it != linkedByTheFirstRun.end(); ++it)
            QCOMPARE(after.value(it.key()), it.value());
        QCOMPARE(count(QStringLiteral("SELECT pages_linked FROM pgnotion.initial_import_progress WHERE "
                                      "resource_type = 'project' AND finished_at IS NOT NULL")),
                 kPages);
        // Every row queued once for the full sync, and the import wrote nothing to Notion.
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue WHERE resource_type = "
                                      "'project' AND status = 'pending'")),
                 kPages);
        QCOMPARE(count(QStringLiteral("SELECT count(DISTINCT resource_id) FROM pgnotion.sync_queue")),
                 kPages);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue")), kPages);
        QCOMPARE(notionWrites(), 0);
    }
    // SIGTERM: the batch in progress commits, then the import stops, says how to resume and exits 1.
    void sigtermStopsAfterTheBatchInProgressAndExitsOne() {
        const int committed = 2 * kBatch;
        QProcess first;
        {
            RowLock lock(m_db->database(), m_pageOrder.at(committed + kBatch / 2));
            QVERIFY2(runUntilBlocked(first, lock, committed),
                     qPrintable(QString::fromUtf8(first.readAllStandardError())));
            ::kill(pid_t(first.processId()), SIGTERM);
            QVERIFY(QTest::qWaitFor([&] { return !sigtermPending(first.processId()); }, kWait));
        }
        QVERIFY(first.state() == QProcess::NotRunning || first.waitForFinished(kWait));
        const QString out = QString::fromUtf8(first.readAllStandardOutput());
        const QString err = QString::fromUtf8(first.readAllStandardError());
        QCOMPARE(first.exitStatus(), QProcess::NormalExit);
        QCOMPARE(first.exitCode(), 1);
        QVERIFY2(out.contains(QStringLiteral("Interrupted: run the import again to resume")),
                 qPrintable(out + err));
        QCOMPARE(progressDone(), committed + kBatch);
        QCOMPARE(linkedRows(), committed + kBatch);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue")), 0);

        QProcess second;
        startImport(second);
        QVERIFY(second.waitForFinished(kWait));
        QCOMPARE(second.exitStatus(), QProcess::NormalExit);
        QVERIFY2(second.exitCode() == 0, qPrintable(QString::fromUtf8(second.readAllStandardError())));
        QCOMPARE(linkedRows(), kPages);
        QCOMPARE(count(QStringLiteral("SELECT count(DISTINCT notion_page_id) FROM projects")), kPages);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM pgnotion.sync_queue")), kPages);
        QCOMPARE(notionWrites(), 0);
    }
};

QTEST_GUILESS_MAIN(TestImportResume)
#include "tst_importresume.moc"
