#include "NotionEmulator.h"
#include "notion/NotionApi.h"
#include "notion/PropertyValueCodec.h"
#include "notion/RateLimiter.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QTest>
#include <QThread>
#include <QTimeZone>

using namespace pgnotion;
using namespace std::chrono_literals;

// Contract tests: the client against the emulator, over real HTTP on loopback.
class TestNotionClient : public QObject {
    Q_OBJECT

    std::unique_ptr<notionemu::NotionEmulator> m_notion;
    notionemu::NotionEmulator::CreatedDatabase m_projects;
    notionemu::NotionEmulator::CreatedDatabase m_tasks;

    static QJsonObject text(const QString &content) {
        return QJsonObject{{QStringLiteral("text"), QJsonObject{{QStringLiteral("content"), content}}}};
    }
    static QJsonObject titleValue(const QString &content) {
        return QJsonObject{{QStringLiteral("title"), QJsonArray{text(content)}}};
    }

    // A client with a token of its own (so that no two tests share a rate limiter), fast retries.
    NotionClientOptions options(double rate = 100, int burst = 100) {
        const QString token = QStringLiteral("secret_%1").arg(QRandomGenerator::global()->generate64());
        m_notion->addToken(token, QStringLiteral("pgnotion tests"));
        NotionClientOptions result;
        result.baseUrl = m_notion->baseUrl();
        result.token = token;
        result.requestsPerSecond = rate;
        result.burst = burst;
        result.retryBase = 20ms;
        result.retryCap = 200ms;
        return result;
    }

    QJsonObject projectProperties(const QString &name) {
        return QJsonObject{{QStringLiteral("Name"), titleValue(name)}};
    }

private Q_SLOTS:
    void init() {
        m_notion = std::make_unique<notionemu::NotionEmulator>();
        QVERIFY(m_notion->start());
        m_notion->setRateLimit(0, 0);
        m_tasks = m_notion->createDatabase(
            QStringLiteral("Tasks"),
            QJsonObject{{QStringLiteral("Name"), QJsonObject{{QStringLiteral("title"), QJsonObject{}}}}});
        const QJsonObject schema{
            {QStringLiteral("Name"), QJsonObject{{QStringLiteral("title"), QJsonObject{}}}},
            {QStringLiteral("Postgres ID"), QJsonObject{{QStringLiteral("rich_text"), QJsonObject{}}}},
            {QStringLiteral("Notes"), QJsonObject{{QStringLiteral("rich_text"), QJsonObject{}}}},
            {QStringLiteral("Budget"), QJsonObject{{QStringLiteral("number"), QJsonObject{}}}},
            {QStringLiteral("Tier"), QJsonObject{{QStringLiteral("select"), QJsonObject{}}}},
            {QStringLiteral("Tags"), QJsonObject{{QStringLiteral("multi_select"), QJsonObject{}}}},
            {QStringLiteral("Stage"), QJsonObject{{QStringLiteral("status"), QJsonObject{}}}},
            {QStringLiteral("Created"), QJsonObject{{QStringLiteral("date"), QJsonObject{}}}},
            {QStringLiteral("Paid"), QJsonObject{{QStringLiteral("checkbox"), QJsonObject{}}}},
            {QStringLiteral("Site"), QJsonObject{{QStringLiteral("url"), QJsonObject{}}}},
            {QStringLiteral("Email"), QJsonObject{{QStringLiteral("email"), QJsonObject{}}}},
            {QStringLiteral("Phone"), QJsonObject{{QStringLiteral("phone_number"), QJsonObject{}}}},
            {QStringLiteral("Tasks"),
             QJsonObject{{QStringLiteral("relation"),
                          QJsonObject{{QStringLiteral("data_source_id"), m_tasks.dataSourceId},
                                      {QStringLiteral("single_property"), QJsonObject{}}}}}},
        };
        m_projects = m_notion->createDatabase(QStringLiteral("Projects"), schema);
        QVERIFY(!m_projects.dataSourceId.isEmpty());
    }
    void cleanup() { m_notion.reset(); }

    void meNamesTheIntegration() {
        NotionClient client(options());
        auto me = NotionApi(client).me();
        QVERIFY2(me.ok(), qPrintable(me.ok() ? QString() : me.error().describe()));
        QCOMPARE(me.value().name, QStringLiteral("pgnotion tests"));
    }

    void aDatabaseResolvesToItsDataSourceAndSchema() {
        NotionClient client(options());
        NotionApi api(client);
        auto database = api.retrieveDatabase(m_projects.databaseId);
        QVERIFY(database.ok());
        QCOMPARE(database.value().title, QStringLiteral("Projects"));
        QCOMPARE(database.value().dataSources.size(), 1);
        QCOMPARE(database.value().dataSources.first().id, m_projects.dataSourceId);
        // Ids arrive in every form a user pastes: dashes, none, a URL.
        QString compact = m_projects.databaseId;
        compact.remove(QLatin1Char('-'));
        QVERIFY(api.retrieveDatabase(QStringLiteral("https://www.notion.so/acme/Projects-") + compact +
                                     QStringLiteral("?v=1"))
                    .ok());

        auto source = api.retrieveDataSource(m_projects.dataSourceId);
        QVERIFY(source.ok());
        QCOMPARE(source.value().property(QStringLiteral("Name"))->type, QStringLiteral("title"));
        QCOMPARE(source.value().property(QStringLiteral("Tasks"))->type, QStringLiteral("relation"));
        QVERIFY(source.value().property(QStringLiteral("Stage"))->options.contains(QStringLiteral("Done")));
        QVERIFY(source.value().property(QStringLiteral("Nope")) == nullptr);
    }

    void pagesAreCreatedWithChildrenUpdatedTrashedAndRestored() {
        NotionClient client(options());
        NotionApi api(client);
        QJsonArray blocks;
        for (int i = 0; i < 150; ++i) // over the 100 of one call: the rest is appended
            blocks.append(QJsonObject{
                {QStringLiteral("paragraph"),
                 QJsonObject{{QStringLiteral("rich_text"), QJsonArray{text(QString::number(i))}}}}});
        auto created =
            api.createPage(m_projects.dataSourceId, projectProperties(QStringLiteral("Website")), blocks);
        QVERIFY2(created.ok(), qPrintable(created.ok() ? QString() : created.error().describe()));
        const QString id = created.value().value(QStringLiteral("id")).toString();
        QCOMPARE(m_notion->countPages(m_projects.dataSourceId), 1);
        const auto log = m_notion->requestLog();
        QCOMPARE(std::count_if(log.begin(), log.end(),
                               [](const auto &entry) {
                                   return entry.method == QLatin1String("PATCH") &&
                                          entry.path.endsWith(QLatin1String("/children"));
                               }),
                 1);

        auto updated = api.updatePage(id, projectProperties(QStringLiteral("Website v2")));
        QVERIFY(updated.ok());
        QCOMPARE(m_notion
                     ->page(id)[QStringLiteral("properties")][QStringLiteral("Name")][QStringLiteral("title")]
                               [0][QStringLiteral("plain_text")]
                     .toString(),
                 QStringLiteral("Website v2"));
        QVERIFY(api.setPageTrashed(id, true).ok());
        QCOMPARE(m_notion->countPages(m_projects.dataSourceId), 0);
        QVERIFY(api.setPageTrashed(id, false).ok());
        QCOMPARE(m_notion->countPages(m_projects.dataSourceId), 1);
    }

    void blocksAreAppendedInChunksOfAHundred() {
        NotionClient client(options());
        NotionApi api(client);
        auto page = api.createPage(m_projects.dataSourceId, projectProperties(QStringLiteral("Docs")));
        QVERIFY(page.ok());
        QJsonArray blocks;
        for (int i = 0; i < 250; ++i)
            blocks.append(QJsonObject{{QStringLiteral("divider"), QJsonObject{}}});
        m_notion->clearRequestLog();
        auto appended = api.appendBlockChildren(page.value().value(QStringLiteral("id")).toString(), blocks);
        QVERIFY2(appended.ok(), qPrintable(appended.ok() ? QString() : appended.error().describe()));
        QCOMPARE(appended.value().size(), 250);
        QCOMPARE(m_notion->requestLog().size(), 3);
    }

    void queriesReadEveryPage() {
        NotionClient client(options());
        NotionApi api(client);
        for (int i = 0; i < 230; ++i) {
            QJsonObject properties = projectProperties(QStringLiteral("p%1").arg(i));
            properties.insert(
                QStringLiteral("Postgres ID"),
                QJsonObject{{QStringLiteral("rich_text"), QJsonArray{text(QString::number(i % 7))}}});
            QVERIFY(api.createPage(m_projects.dataSourceId, properties).ok());
        }
        auto all = api.queryAll(m_projects.dataSourceId);
        QVERIFY(all.ok());
        QCOMPARE(all.value().size(), 230);
        const QJsonObject byPostgresId{
            {QStringLiteral("property"), QStringLiteral("Postgres ID")},
            {QStringLiteral("rich_text"), QJsonObject{{QStringLiteral("equals"), QStringLiteral("3")}}}};
        auto some = api.queryAll(m_projects.dataSourceId, byPostgresId);
        QVERIFY(some.ok());
        QCOMPARE(some.value().size(), 33); // i % 7 == 3 for 33 of 0..229
    }

    void queriesPastTheResultCapGoOnInTimeWindows() {
        NotionClient client(options());
        NotionApi api(client);
        m_notion->setQueryResultLimit(100); // Notion's is 10,000: the same mechanism, cheaper
        for (int minute = 0; minute < 3; ++minute) {
            for (int i = 0; i < 90; ++i)
                QVERIFY(api.createPage(m_projects.dataSourceId,
                                       projectProperties(QStringLiteral("m%1-%2").arg(minute).arg(i)))
                            .ok());
            m_notion->advanceClock(1min);
        }
        auto all = api.queryAll(m_projects.dataSourceId);
        QVERIFY2(all.ok(), qPrintable(all.ok() ? QString() : all.error().describe()));
        QCOMPARE(all.value().size(), 270);
        QSet<QString> ids;
        for (const QJsonObject &page : all.value())
            ids.insert(page.value(QStringLiteral("id")).toString());
        QCOMPARE(ids.size(), 270);
        // With sorts of its own the query cannot be split: a clear error, not a silently short list.
        auto sorted =
            api.queryAll(m_projects.dataSourceId, {},
                         QJsonArray{QJsonObject{{QStringLiteral("property"), QStringLiteral("Name")},
                                                {QStringLiteral("direction"), QStringLiteral("ascending")}}});
        QVERIFY(!sorted.ok());
        QCOMPARE(sorted.error().code, QStringLiteral("query_result_limit_reached"));
    }

    void aPageReadBringsEveryRelation() {
        NotionClient client(options());
        NotionApi api(client);
        QJsonArray related;
        for (int i = 0; i < 30; ++i) {
            auto task = api.createPage(
                m_tasks.dataSourceId,
                QJsonObject{{QStringLiteral("Name"), titleValue(QStringLiteral("t%1").arg(i))}});
            QVERIFY(task.ok());
            related.append(QJsonObject{{QStringLiteral("id"), task.value().value(QStringLiteral("id"))}});
        }
        QJsonObject properties = projectProperties(QStringLiteral("Big"));
        properties.insert(QStringLiteral("Tasks"), QJsonObject{{QStringLiteral("relation"), related}});
        auto page = api.createPage(m_projects.dataSourceId, properties);
        QVERIFY2(page.ok(), qPrintable(page.ok() ? QString() : page.error().describe()));
        auto read = api.retrievePage(page.value().value(QStringLiteral("id")).toString());
        QVERIFY(read.ok());
        const QJsonObject relation =
            read.value()[QStringLiteral("properties")][QStringLiteral("Tasks")].toObject();
        QCOMPARE(relation.value(QStringLiteral("relation")).toArray().size(), 30);
        QCOMPARE(relation.value(QStringLiteral("has_more")).toBool(), false);
    }

    void aDatabaseIsCreatedUnderAParentPage() {
        QString error;
        const QJsonObject seeded = m_notion->seed(
            QJsonObject{{QStringLiteral("pages"),
                         QJsonArray{QJsonObject{{QStringLiteral("title"), QStringLiteral("Sync root")}}}}},
            &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QString parent = seeded[QStringLiteral("pages")][0].toString();
        NotionClient client(options());
        NotionApi api(client);
        auto database = api.createDatabase(
            parent, QStringLiteral("Deliverables"),
            QJsonObject{{QStringLiteral("Name"), QJsonObject{{QStringLiteral("title"), QJsonObject{}}}},
                        {QStringLiteral("File URL"), QJsonObject{{QStringLiteral("url"), QJsonObject{}}}}});
        QVERIFY2(database.ok(), qPrintable(database.ok() ? QString() : database.error().describe()));
        QCOMPARE(database.value().dataSources.size(), 1);
        auto source = api.retrieveDataSource(database.value().dataSources.first().id);
        QVERIFY(source.ok());
        QCOMPARE(source.value().property(QStringLiteral("File URL"))->type, QStringLiteral("url"));
    }

    void failuresAreClassified() {
        NotionClient client(options());
        NotionApi api(client);
        auto invalid = api.createPage(m_projects.dataSourceId,
                                      QJsonObject{{QStringLiteral("Nope"), titleValue(QStringLiteral("x"))}});
        QVERIFY(!invalid.ok());
        QCOMPARE(invalid.error().kind, FailureKind::Permanent);
        QCOMPARE(invalid.error().httpStatus, 400);
        QCOMPARE(invalid.error().code, QStringLiteral("validation_error"));
        QVERIFY(invalid.error().message.contains(QStringLiteral("Nope")));
        QVERIFY(!invalid.error().requestId.isEmpty());

        auto missing = api.retrievePage(QStringLiteral("00000000-0000-4000-8000-000000000000"));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, FailureKind::Permanent);
        QCOMPARE(missing.error().code, QStringLiteral("object_not_found"));

        m_notion->revokeToken(client.options().token);
        auto revoked = api.me();
        QVERIFY(!revoked.ok());
        QCOMPARE(revoked.error().kind, FailureKind::Auth);
        QCOMPARE(revoked.error().httpStatus, 401);

        NotionClientOptions nowhere = options();
        nowhere.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:1"));
        nowhere.maxRetries = 0;
        NotionClient lost(nowhere);
        auto unreachable = NotionApi(lost).me();
        QVERIFY(!unreachable.ok());
        QCOMPARE(unreachable.error().kind, FailureKind::Unreachable);
    }

    void rateLimitsAreWaitedOutAndSlowTheClient() {
        m_notion->setRateLimit(2, 1);
        NotionClient client(options(100, 100)); // a client that does not know the limit
        NotionApi api(client);
        for (int i = 0; i < 4; ++i) {
            auto me = api.me();
            QVERIFY2(me.ok(), qPrintable(me.ok() ? QString() : me.error().describe()));
        }
        QVERIFY(client.rateLimitedAnswers() >= 1);
        QVERIFY(client.rateLimiter()->currentRate() < 100);

        NotionClientOptions noRetry = options(100, 100);
        noRetry.maxRetries = 0;
        NotionClient impatient(noRetry);
        NotionApi(impatient).me().ok();
        auto limited = NotionApi(impatient).me();
        QVERIFY(!limited.ok());
        QCOMPARE(limited.error().kind, FailureKind::RateLimited);
        QVERIFY(limited.error().retryAfter >= 1000ms);
    }

    void retriesFollowTheSdk_data() {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<bool>("create"); // a POST that is not safe to repeat, else a GET
        QTest::addColumn<bool>("succeeds");
        QTest::addColumn<int>("attempts");
        QTest::addColumn<int>("pagesAfter");
        QTest::newRow("503 on a read: retried") << QStringLiteral("503") << false << true << 2 << 0;
        QTest::newRow("500 on a create: not repeated") << QStringLiteral("500") << true << false << 1 << 0;
        QTest::newRow("502 on a create: not repeated") << QStringLiteral("502") << true << false << 1 << 0;
        QTest::newRow("529 on a create: retried") << QStringLiteral("529") << true << true << 2 << 1;
        // A read whose connection drops is sent again: by Qt itself (its HTTP stack repeats a request
        // that got no answer) or by the client, so one or two attempts by our count.
        QTest::newRow("reset on a read: retried") << QStringLiteral("reset") << false << true << -1 << 0;
        QTest::newRow("reset on a create: not repeated")
            << QStringLiteral("reset") << true << false << 1 << 0;
        // The trap: the page is created and the answer lost. Exactly one page, and the caller is told
        // that the outcome is unknown (so the engine looks it up before creating again).
        QTest::newRow("apply_then_reset on a create")
            << QStringLiteral("apply_then_reset") << true << false << 1 << 1;
    }
    void retriesFollowTheSdk() {
        QFETCH(QString, fault);
        QFETCH(bool, create);
        QFETCH(bool, succeeds);
        QFETCH(int, attempts);
        QFETCH(int, pagesAfter);
        NotionClient client(options());
        m_notion->failNext({fault});
        NotionResponse response;
        if (create) {
            response = client.sendAndWait(
                {"POST",
                 QStringLiteral("/v1/pages"),
                 {},
                 QJsonObject{{QStringLiteral("parent"),
                              QJsonObject{{QStringLiteral("type"), QStringLiteral("data_source_id")},
                                          {QStringLiteral("data_source_id"), m_projects.dataSourceId}}},
                             {QStringLiteral("properties"), projectProperties(QStringLiteral("Once"))}},
                 false});
        } else {
            response = client.sendAndWait({"GET", QStringLiteral("/v1/users/me"), {}, {}, true});
        }
        QVERIFY2(response.ok() == succeeds,
                 qPrintable(response.ok() ? QString() : response.error->describe()));
        if (attempts > 0)
            QCOMPARE(response.attempts, attempts);
        else
            QVERIFY(response.attempts >= 1 && response.attempts <= 2);
        QCOMPARE(m_notion->countPages(m_projects.dataSourceId), pagesAfter);
        if (!succeeds && create) {
            QCOMPARE(response.error->kind, FailureKind::Transient);
            QVERIFY(response.error->outcomeUnknown);
        }
    }

    void aTimeoutIsTransient() {
        NotionClientOptions quick = options();
        quick.timeout = 300ms;
        quick.maxRetries = 1;
        NotionClient client(quick);
        m_notion->setLatency(2s);
        const NotionResponse response =
            client.sendAndWait({"GET", QStringLiteral("/v1/users/me"), {}, {}, true});
        m_notion->setLatency(0ms);
        QVERIFY(!response.ok());
        QCOMPARE(response.attempts, 2);
        QCOMPARE(response.error->kind, FailureKind::Transient);
        QCOMPARE(response.error->code, QStringLiteral("timeout"));
    }

    void theTokenNeverAppearsInErrors() {
        NotionClientOptions secret = options();
        secret.maxRetries = 0;
        NotionClient client(secret);
        NotionApi api(client);
        auto invalid = api.updatePage(QStringLiteral("00000000-0000-4000-8000-000000000000"), {});
        m_notion->failNext({QStringLiteral("reset")});
        auto dropped = api.createPage(m_projects.dataSourceId, projectProperties(QStringLiteral("x")));
        m_notion->revokeToken(secret.token);
        auto revoked = api.me();
        QVERIFY(!invalid.ok() && !dropped.ok() && !revoked.ok());
        for (const NotionError &error : {invalid.error(), dropped.error(), revoked.error()}) {
            QVERIFY(!error.describe().contains(secret.token));
            QVERIFY(!error.toJobFailure().message.contains(secret.token));
        }
        for (const auto &entry : m_notion->requestLog())
            QVERIFY(!entry.token.contains(secret.token));
    }

    void eightThreadsStayUnderTheLimit() {
        m_notion->setRateLimit(10, 3);
        const NotionClientOptions shared = options(10, 3); // the client knows the limit: no 429 at all
        std::atomic<int> failures{0};
        QList<QThread *> threads;
        for (int t = 0; t < 8; ++t) {
            threads.append(QThread::create([&shared, &failures] {
                NotionClient client(shared); // one per thread, one limiter for all
                for (int i = 0; i < 5; ++i) {
                    if (!client.sendAndWait({"GET", QStringLiteral("/v1/users/me"), {}, {}, true}).ok())
                        ++failures;
                }
            }));
            threads.last()->start();
        }
        for (QThread *thread : threads) {
            QVERIFY(thread->wait(60000));
            delete thread;
        }
        QCOMPARE(failures.load(), 0);
        QCOMPARE(m_notion->counters().rateLimited, 0);
        QCOMPARE(m_notion->counters().requestsServed, 40);
    }

    void valuesRoundTripThroughNotion() {
        NotionClient client(options());
        NotionApi api(client);
        const QString longText = QString(1999, QLatin1Char('a')) + QStringLiteral("😀") +
                                 QString(3000, QLatin1Char('b')) + QStringLiteral(" très 🚀");
        const QDateTime created(QDate(2026, 3, 29), QTime(1, 30), QTimeZone("Europe/Berlin"));
        struct Column {
            QString property;
            PropertyType type;
            QVariant value;
        };
        const QList<Column> columns = {
            {QStringLiteral("Name"), PropertyType::Title, QStringLiteral("Café, «deluxe» 🎉")},
            {QStringLiteral("Notes"), PropertyType::RichText, longText},
            {QStringLiteral("Budget"), PropertyType::Number, 1234.5},
            {QStringLiteral("Tier"), PropertyType::Select, QStringLiteral("Tier 2, premium")},
            {QStringLiteral("Tags"), PropertyType::MultiSelect,
             QStringList{QStringLiteral("a,b"), QStringLiteral("c")}},
            {QStringLiteral("Stage"), PropertyType::Status, QStringLiteral("In progress")},
            {QStringLiteral("Created"), PropertyType::Date, created},
            {QStringLiteral("Paid"), PropertyType::Checkbox, true},
            {QStringLiteral("Site"), PropertyType::Url, QStringLiteral("https://example.com/ü?q=1")},
            {QStringLiteral("Email"), PropertyType::Email, QStringLiteral("ada@example.com")},
            {QStringLiteral("Phone"), PropertyType::PhoneNumber, QStringLiteral("+49 30 1234")},
        };
        QJsonObject properties;
        for (const Column &column : columns) {
            auto converted =
                PropertyValueCodec::toNotion(column.type, column.value, {QStringLiteral("Europe/Berlin")});
            QVERIFY2(converted.ok(), qPrintable(column.property));
            properties.insert(column.property, converted.value().value);
        }
        auto page = api.createPage(m_projects.dataSourceId, properties);
        QVERIFY2(page.ok(), qPrintable(page.ok() ? QString() : page.error().describe()));
        auto read = api.retrievePage(page.value().value(QStringLiteral("id")).toString());
        QVERIFY(read.ok());
        for (const Column &column : columns) {
            const QJsonObject value = read.value()[QStringLiteral("properties")][column.property].toObject();
            auto back = PropertyValueCodec::canonicalForm(column.type, value);
            auto sent = PropertyValueCodec::canonicalForm(column.type, column.value,
                                                          {QStringLiteral("Europe/Berlin")});
            QVERIFY2(back.ok() && sent.ok(), qPrintable(column.property));
            QVERIFY2(back.value() == sent.value(),
                     qPrintable(column.property + QStringLiteral(": ") + back.value() +
                                QStringLiteral(" != ") + sent.value()));
        }

        // NULLs clear what was there.
        QJsonObject cleared;
        for (const Column &column : columns) {
            if (column.type == PropertyType::Title || column.type == PropertyType::Status)
                continue;
            cleared.insert(column.property,
                           PropertyValueCodec::toNotion(column.type, QVariant()).value().value);
        }
        QVERIFY(api.updatePage(page.value().value(QStringLiteral("id")).toString(), cleared).ok());
        auto emptied = api.retrievePage(page.value().value(QStringLiteral("id")).toString());
        QVERIFY(emptied.ok());
        for (const Column &column : columns) {
            if (!cleared.contains(column.property))
                continue;
            auto decoded = PropertyValueCodec::fromNotion(
                column.type, emptied.value()[QStringLiteral("properties")][column.property].toObject());
            QVERIFY2(decoded.ok(), qPrintable(column.property));
            const QVariant value = decoded.value().value;
            const bool empty = value.isNull() ||
                               (value.typeId() == QMetaType::QStringList && value.toStringList().isEmpty()) ||
                               (column.type == PropertyType::Checkbox && value.toBool() == false);
            QVERIFY2(empty, qPrintable(column.property));
        }
    }
};

QTEST_GUILESS_MAIN(TestNotionClient)
#include "tst_notionclient.moc"
