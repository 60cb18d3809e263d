// NotionResponseReader and NotionObjects without a server: what the client makes of an HTTP answer's
// status, headers and body, and what NotionApi reads from Notion's objects, including malformed ones.
#include "notion/NotionObjects.h"
#include "notion/NotionResponseReader.h"

#include <QJsonDocument>
#include <QTest>

using namespace pgnotion;
using namespace std::chrono_literals;

namespace {

const QDateTime kNow = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
constexpr std::chrono::milliseconds kYear = std::chrono::hours(24 * 365);

QJsonObject parsed(const char *json) {
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

NotionResponse read(int status, const QByteArray &body, const QByteArray &retryAfter = {}) {
    return NotionResponseReader::read(status, body, QByteArrayLiteral("header-request-id"), retryAfter,
                                      QStringLiteral("api.notion.com"), kNow);
}

} // namespace

class TestNotionResponse : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void retryAfter_data() {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<qint64>("milliseconds");
        QTest::newRow("none") << QByteArray() << qint64(0);
        QTest::newRow("seconds") << QByteArrayLiteral(" 2 ") << qint64(2000);
        QTest::newRow("fraction") << QByteArrayLiteral("0.25") << qint64(250);
        QTest::newRow("negative") << QByteArrayLiteral("-3") << qint64(0);
        QTest::newRow("garbage") << QByteArrayLiteral("soon") << qint64(0);
        QTest::newRow("http date") << QByteArrayLiteral("Thu, 01 Jan 2026 00:00:30 GMT") << qint64(30000);
        QTest::newRow("http date past") << QByteArrayLiteral("Wed, 31 Dec 2025 23:00:00 GMT") << qint64(0);
        // Found by review and confirmed by fuzz_notion_response (UBSan: float to integer overflow).
        QTest::newRow("huge") << QByteArrayLiteral("1e300") << qint64(kYear.count());
        QTest::newRow("infinite") << QByteArrayLiteral("inf") << qint64(kYear.count());
        QTest::newRow("not a number") << QByteArrayLiteral("nan") << qint64(0);
    }

    void retryAfter() {
        QFETCH(QByteArray, header);
        QFETCH(qint64, milliseconds);
        QCOMPARE(NotionResponseReader::retryAfter(header, kNow).count(), milliseconds);
    }

    void errorsAreClassifiedFromStatusAndBody() {
        const NotionResponse limited = read(
            429,
            R"({"object":"error","status":429,"code":"rate_limited","message":"Slow down","request_id":"r1"})",
            "1e300");
        QVERIFY(limited.error);
        QCOMPARE(limited.error->kind, FailureKind::RateLimited);
        QCOMPARE(limited.error->code, QStringLiteral("rate_limited"));
        QCOMPARE(limited.error->retryAfter, kYear);
        QCOMPARE(limited.requestId, QStringLiteral("r1"));

        const NotionResponse proxy = read(502, "<html>Bad gateway</html>");
        QVERIFY(proxy.error);
        QCOMPARE(proxy.error->code, QStringLiteral("http_502"));
        QVERIFY2(proxy.error->message.contains(QStringLiteral("api.notion.com: <html>Bad gateway")),
                 qPrintable(proxy.error->message));
        QCOMPARE(proxy.requestId, QStringLiteral("header-request-id"));
        QVERIFY(proxy.error->outcomeUnknown);

        const NotionResponse notJson = read(200, "[1, 2]");
        QVERIFY(notJson.error);
        QCOMPARE(notJson.error->code, QStringLiteral("invalid_response"));
        QCOMPARE(notJson.error->kind, FailureKind::Transient);

        const NotionResponse ok = read(200, R"({"object":"user","id":"u1"})");
        QVERIFY(ok.ok());
        QCOMPARE(ok.body.value(QStringLiteral("id")).toString(), QStringLiteral("u1"));

        const NotionResponse noAnswer = read(0, {});
        QVERIFY2(noAnswer.ok(), "the transport error is the client's to set");
    }

    void objectsAreRead() {
        const DataSourceInfo dataSource = NotionObjects::dataSource(parsed(R"({"id":"ds1",
            "title":[{"plain_text":"Pro"},{"plain_text":"jects"}], "parent":{"database_id":"db1"},
            "properties":{"Stage":{"id":"s","type":"status","status":{"options":[{"name":"Done"},{"name":"New"}]}},
                          "Broken":"not an object"}})"));
        QCOMPARE(dataSource.title, QStringLiteral("Projects"));
        QCOMPARE(dataSource.databaseId, QStringLiteral("db1"));
        QCOMPARE(dataSource.properties.size(), 2);
        QVERIFY(dataSource.property(QStringLiteral("Stage")));
        QCOMPARE(dataSource.property(QStringLiteral("Stage"))->options,
                 (QStringList{QStringLiteral("Done"), QStringLiteral("New")}));
        QCOMPARE(dataSource.property(QStringLiteral("Broken"))->type, QString());

        const ResultPage page = NotionObjects::resultPage(parsed(R"({"results":[{"id":"p1"},7],
            "has_more":true,"next_cursor":"c2","request_status":{"incomplete_reason":"query_result_limit_reached"}})"));
        QCOMPARE(page.results.size(), 2);
        QCOMPARE(page.nextCursor, QStringLiteral("c2"));
        QVERIFY(page.resultLimitReached);
        QCOMPARE(NotionObjects::resultPage(parsed(R"({"has_more":false,"next_cursor":"c2"})")).nextCursor,
                 QString());

        const QJsonArray items = NotionObjects::relationItems(
            NotionObjects::resultPage(parsed(R"({"results":[{"relation":{"id":"r1"}},{"relation":null}]})")));
        QCOMPARE(items.size(), 2);
        QCOMPARE(items.at(0).toObject().value(QStringLiteral("id")).toString(), QStringLiteral("r1"));

        const IntegrationInfo me = NotionObjects::integration(
            parsed(R"({"id":"b1","name":"pgnotion","bot":{"workspace_name":"Acme"}})"));
        QCOMPARE(me.workspaceName, QStringLiteral("Acme"));
        const DatabaseInfo database = NotionObjects::database(parsed(
            R"({"id":"db1","title":"not rich text","data_sources":[{"id":"ds1","name":"One"},null]})"));
        QCOMPARE(database.title, QString());
        QCOMPARE(database.dataSources.size(), 2);
        QCOMPARE(database.dataSources.at(0).name, QStringLiteral("One"));
    }
};

QTEST_GUILESS_MAIN(TestNotionResponse)
#include "tst_notionresponse.moc"
