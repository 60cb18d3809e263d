// The Notion API emulator, over real HTTP on 127.0.0.1: what the client's tests rely on.
#include "NotionEmulator.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>
#include <QThread>

#include <memory>

using namespace Qt::StringLiterals;
using notionemu::NotionEmulator;

namespace {

struct HttpAnswer {
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QJsonObject json;
    QByteArray retryAfter;
    QByteArray requestId;
    qint64 elapsedMs = 0;
};

struct CallOptions {
    QString token = NotionEmulator::defaultToken();
    QByteArray version = "2025-09-03";
    QByteArray rawBody;
};

QJsonObject text(const QString &content) {
    return QJsonObject{{u"text"_s, QJsonObject{{u"content"_s, content}}}};
}

QJsonObject titleValue(const QString &content) {
    return QJsonObject{{u"title"_s, QJsonArray{text(content)}}};
}

QJsonObject paragraph(const QString &content, const QJsonArray &children = {}) {
    QJsonObject body{{u"rich_text"_s, QJsonArray{text(content)}}};
    if (!children.isEmpty())
        body.insert(u"children"_s, children);
    return QJsonObject{{u"type"_s, u"paragraph"_s}, {u"paragraph"_s, body}};
}

} // namespace

class NotionEmulatorTest : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<NotionEmulator> m_notion;
    QString m_databaseId;
    QString m_dataSourceId;
    QString m_targetsDataSourceId;
    QString m_rootPageId = u"11111111-2222-3333-4444-555555555555"_s;

    // A tiny client of our own (not the project's): one request, waited for in this thread.
    HttpAnswer call(const QByteArray &verb, const QString &path, const QJsonObject &body = {},
                    const CallOptions &options = {}) {
        QNetworkAccessManager manager;
        QNetworkRequest request(QUrl(m_notion->baseUrl().toString() + path));
        if (!options.version.isEmpty())
            request.setRawHeader("Notion-Version", options.version);
        if (!options.token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + options.token.toUtf8());
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        const QByteArray payload = !options.rawBody.isEmpty() ? options.rawBody
                                   : body.isEmpty()           ? QByteArray()
                                                    : QJsonDocument(body).toJson(QJsonDocument::Compact);
        QElapsedTimer timer;
        timer.start();
        QNetworkReply *reply = manager.sendCustomRequest(request, verb, payload);
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        HttpAnswer answer;
        answer.elapsedMs = timer.elapsed();
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.error = reply->error();
        answer.json = QJsonDocument::fromJson(reply->readAll()).object();
        answer.retryAfter = reply->rawHeader("Retry-After");
        answer.requestId = reply->rawHeader("x-notion-request-id");
        reply->deleteLater();
        return answer;
    }

    HttpAnswer createPage(const QJsonObject &properties, const QJsonArray &children = {}) {
        QJsonObject body{{u"parent"_s, QJsonObject{{u"type"_s, u"data_source_id"_s},
                                                   {u"data_source_id"_s, m_dataSourceId}}},
                         {u"properties"_s, properties}};
        if (!children.isEmpty())
            body.insert(u"children"_s, children);
        return call("POST", u"/v1/pages"_s, body);
    }

    QString createTarget(const QString &name) {
        const QJsonObject seeded = m_notion->seed(QJsonObject{
            {u"rows"_s,
             QJsonArray{QJsonObject{{u"data_source_id"_s, m_targetsDataSourceId},
                                    {u"properties"_s, QJsonObject{{u"Name"_s, titleValue(name)}}}}}}});
        return seeded.value(u"rows"_s).toArray().first().toString();
    }

    void seedRows(int count) {
        QJsonArray rows;
        for (int i = 0; i < count; ++i)
            rows.append(QJsonObject{
                {u"data_source_id"_s, m_dataSourceId},
                {u"properties"_s, QJsonObject{{u"Name"_s, titleValue(u"row "_s + QString::number(i))},
                                              {u"Count"_s, QJsonObject{{u"number"_s, i}}}}}});
        QString error;
        m_notion->seed(QJsonObject{{u"rows"_s, rows}}, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

private Q_SLOTS:
    void init() {
        m_notion = std::make_unique<NotionEmulator>();
        m_notion->setRateLimit(0, 1); // only the rate-limit tests want it
        QVERIFY(m_notion->start());
        const QJsonObject seed{
            {u"pages"_s, QJsonArray{QJsonObject{{u"id"_s, m_rootPageId}, {u"title"_s, u"Sync root"_s}}}},
            {u"databases"_s,
             QJsonArray{
                 QJsonObject{
                     {u"title"_s, u"Targets"_s},
                     {u"parent_page_id"_s, m_rootPageId},
                     {u"properties"_s, QJsonObject{{u"Name"_s, QJsonObject{{u"title"_s, QJsonObject{}}}}}}},
                 QJsonObject{
                     {u"title"_s, u"Customers"_s},
                     {u"parent_page_id"_s, m_rootPageId},
                     {u"properties"_s,
                      QJsonObject{
                          {u"Name"_s, QJsonObject{{u"title"_s, QJsonObject{}}}},
                          {u"Notes"_s, QJsonObject{{u"rich_text"_s, QJsonObject{}}}},
                          {u"Count"_s, QJsonObject{{u"number"_s, QJsonObject{}}}},
                          {u"Done"_s, QJsonObject{{u"checkbox"_s, QJsonObject{}}}},
                          {u"Tag"_s, QJsonObject{{u"select"_s,
                                                  QJsonObject{{u"options"_s, QJsonArray{QJsonObject{
                                                                                 {u"name"_s, u"red"_s}}}}}}}},
                          {u"Tags"_s, QJsonObject{{u"multi_select"_s, QJsonObject{}}}},
                          {u"Status"_s, QJsonObject{{u"status"_s, QJsonObject{}}}},
                          {u"Due"_s, QJsonObject{{u"date"_s, QJsonObject{}}}},
                          {u"Link"_s, QJsonObject{{u"url"_s, QJsonObject{}}}},
                          {u"Mail"_s, QJsonObject{{u"email"_s, QJsonObject{}}}},
                          {u"Phone"_s, QJsonObject{{u"phone_number"_s, QJsonObject{}}}},
                          {u"Owners"_s, QJsonObject{{u"people"_s, QJsonObject{}}}},
                          {u"Edited"_s, QJsonObject{{u"last_edited_time"_s, QJsonObject{}}}},
                          {u"Targets"_s, QJsonObject{{u"relation"_s, QJsonObject{{u"data_source_id"_s,
                                                                                  u"Targets-later"_s}}}}},
                      }}}}}};
        // The relation needs the Targets data source id, known only once it exists: seed in two steps.
        QJsonObject first = seed;
        QJsonArray databases = first.value(u"databases"_s).toArray();
        const QJsonObject customers = databases.takeAt(1).toObject();
        first.insert(u"databases"_s, databases);
        QString error;
        const QJsonObject created = m_notion->seed(first, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_targetsDataSourceId = created[u"databases"_s][0][u"data_sources"_s][0][u"id"_s].toString();
        QJsonObject properties = customers.value(u"properties"_s).toObject();
        properties.insert(
            u"Targets"_s,
            QJsonObject{{u"relation"_s, QJsonObject{{u"data_source_id"_s, m_targetsDataSourceId}}}});
        QJsonObject second = customers;
        second.insert(u"properties"_s, properties);
        const QJsonObject createdCustomers =
            m_notion->seed(QJsonObject{{u"databases"_s, QJsonArray{second}}}, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_databaseId = createdCustomers[u"databases"_s][0][u"id"_s].toString();
        m_dataSourceId = createdCustomers[u"databases"_s][0][u"data_sources"_s][0][u"id"_s].toString();
    }

    void cleanup() { m_notion.reset(); }

    // --- Headers and errors -------------------------------------------------------------------------------

    void missingVersionIsRejected() {
        CallOptions options;
        options.version.clear();
        const HttpAnswer answer = call("GET", u"/v1/users/me"_s, {}, options);
        QCOMPARE(answer.status, 400);
        QCOMPARE(answer.json.value(u"object"_s).toString(), u"error"_s);
        QCOMPARE(answer.json.value(u"code"_s).toString(), u"missing_version"_s);
        QCOMPARE(
            answer.json.value(u"message"_s).toString(),
            u"Notion-Version header failed validation: Notion-Version header should be defined, instead was "
            u"undefined."_s);
        QVERIFY(!answer.json.value(u"request_id"_s).toString().isEmpty());
        QCOMPARE(QString::fromLatin1(answer.requestId), answer.json.value(u"request_id"_s).toString());
    }

    void missingOrUnknownTokenIsUnauthorized() {
        CallOptions none;
        none.token.clear();
        const HttpAnswer missing = call("GET", u"/v1/users/me"_s, {}, none);
        QCOMPARE(missing.status, 401);
        QCOMPARE(missing.json.value(u"code"_s).toString(), u"unauthorized"_s);
        QCOMPARE(missing.json.value(u"message"_s).toString(), u"API token is invalid."_s);
        CallOptions unknown;
        unknown.token = u"secret_someone_else"_s;
        QCOMPARE(call("GET", u"/v1/users/me"_s, {}, unknown).status, 401);
    }

    void revokedTokenStopsWorking() {
        m_notion->addToken(u"secret_second"_s, u"Second bot"_s);
        CallOptions second;
        second.token = u"secret_second"_s;
        const HttpAnswer before = call("GET", u"/v1/users/me"_s, {}, second);
        QCOMPARE(before.status, 200);
        QCOMPARE(before.json.value(u"name"_s).toString(), u"Second bot"_s);
        QCOMPARE(before.json.value(u"type"_s).toString(), u"bot"_s);
        m_notion->revokeToken(u"secret_second"_s);
        QCOMPARE(call("GET", u"/v1/users/me"_s, {}, second).status, 401);
    }

    void successCarriesRequestIdHeader() {
        const HttpAnswer answer = call("GET", u"/v1/users/me"_s);
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.json.value(u"object"_s).toString(), u"user"_s);
        QCOMPARE(answer.json.value(u"id"_s).toString(), m_notion->botUserId());
        QCOMPARE(answer.requestId.size(), 36);
    }

    void listUsersIsAList() {
        const HttpAnswer answer = call("GET", u"/v1/users"_s);
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.json.value(u"object"_s).toString(), u"list"_s);
        QCOMPARE(answer.json.value(u"type"_s).toString(), u"user"_s);
        bool sawPerson = false;
        for (const QJsonValue &user : answer.json.value(u"results"_s).toArray())
            sawPerson = sawPerson || user[u"id"_s].toString() == m_notion->personUserId();
        QVERIFY(sawPerson);
    }

    void unknownRouteAndBadJson() {
        const HttpAnswer route = call("GET", u"/v1/nothing/here"_s);
        QCOMPARE(route.status, 400);
        QCOMPARE(route.json.value(u"code"_s).toString(), u"invalid_request_url"_s);
        CallOptions broken;
        broken.rawBody = "{\"parent\": ";
        const HttpAnswer json = call("POST", u"/v1/pages"_s, {}, broken);
        QCOMPARE(json.status, 400);
        QCOMPARE(json.json.value(u"code"_s).toString(), u"invalid_json"_s);
        QCOMPARE(json.json.value(u"message"_s).toString(), u"Error parsing JSON body."_s);
    }

    void unknownOrUnsharedObjectsAreNotFound() {
        const QString missing = u"0b9b9c1e-0000-4000-8000-000000000000"_s;
        const HttpAnswer page = call("GET", u"/v1/pages/"_s + missing);
        QCOMPARE(page.status, 404);
        QCOMPARE(page.json.value(u"code"_s).toString(), u"object_not_found"_s);
        QCOMPARE(page.json.value(u"message"_s).toString(),
                 u"Could not find page with ID: "_s + missing +
                     u". Make sure the relevant pages and databases are shared with your integration."_s);
        // A database shared with another integration only.
        const auto hidden = m_notion->createDatabase(u"Private"_s, {}, {u"secret_other"_s});
        QVERIFY(!hidden.dataSourceId.isEmpty());
        const HttpAnswer dataSource = call("GET", u"/v1/data_sources/"_s + hidden.dataSourceId);
        QCOMPARE(dataSource.status, 404);
        QVERIFY(dataSource.json.value(u"message"_s)
                    .toString()
                    .startsWith(u"Could not find data_source with ID: "_s));
        QCOMPARE(call("GET", u"/v1/databases/"_s + hidden.databaseId).status, 404);
    }

    // --- Pages ------------------------------------------------------------------------------------------

    void pageLifecycle() {
        const HttpAnswer created = createPage(
            QJsonObject{{u"Name"_s, titleValue(u"Ada"_s)},
                        {u"Count"_s, QJsonObject{{u"number"_s, 7}}},
                        {u"Tag"_s, QJsonObject{{u"select"_s, QJsonObject{{u"name"_s, u"red"_s}}}}}});
        QCOMPARE(created.status, 200);
        const QJsonObject page = created.json;
        QCOMPARE(page.value(u"object"_s).toString(), u"page"_s);
        const QString id = page.value(u"id"_s).toString();
        QCOMPARE(id.size(), 36);
        QCOMPARE(page[u"parent"_s][u"type"_s].toString(), u"data_source_id"_s);
        QCOMPARE(page[u"parent"_s][u"data_source_id"_s].toString(), m_dataSourceId);
        QCOMPARE(page[u"parent"_s][u"database_id"_s].toString(), m_databaseId);
        QCOMPARE(page[u"created_by"_s][u"id"_s].toString(), m_notion->botUserId());
        QCOMPARE(page[u"last_edited_by"_s][u"id"_s].toString(), m_notion->botUserId());
        QCOMPARE(page[u"in_trash"_s].toBool(), false);
        QVERIFY(page[u"url"_s].toString().startsWith(u"https://www.notion.so/"_s));
        const QJsonObject properties = page.value(u"properties"_s).toObject();
        QCOMPARE(properties[u"Name"_s][u"id"_s].toString(), u"title"_s);
        QCOMPARE(properties[u"Name"_s][u"title"_s][0][u"plain_text"_s].toString(), u"Ada"_s);
        QCOMPARE(properties[u"Count"_s][u"type"_s].toString(), u"number"_s);
        QCOMPARE(properties[u"Count"_s][u"number"_s].toInt(), 7);
        QCOMPARE(properties[u"Tag"_s][u"select"_s][u"name"_s].toString(), u"red"_s);
        QCOMPARE(properties[u"Status"_s][u"status"_s][u"name"_s].toString(), u"Not started"_s);
        QVERIFY(properties[u"Notes"_s][u"rich_text"_s].toArray().isEmpty());
        QVERIFY(properties[u"Due"_s][u"date"_s].isNull());
        for (const QString &name : properties.keys())
            QVERIFY2(!properties[name][u"id"_s].toString().isEmpty(), qPrintable(name));

        // Ids without dashes are accepted in paths.
        const HttpAnswer fetched = call("GET", u"/v1/pages/"_s + QString(id).remove(u'-'));
        QCOMPARE(fetched.status, 200);
        QCOMPARE(fetched.json.value(u"id"_s).toString(), id);

        const HttpAnswer updated =
            call("PATCH", u"/v1/pages/"_s + id,
                 QJsonObject{{u"properties"_s, QJsonObject{{u"Count"_s, QJsonObject{{u"number"_s, 8}}}}}});
        QCOMPARE(updated.status, 200);
        QCOMPARE(updated.json[u"properties"_s][u"Count"_s][u"number"_s].toInt(), 8);
        QCOMPARE(updated.json[u"properties"_s][u"Name"_s][u"title"_s][0][u"plain_text"_s].toString(),
                 u"Ada"_s);

        const HttpAnswer trashed = call("PATCH", u"/v1/pages/"_s + id, QJsonObject{{u"in_trash"_s, true}});
        QCOMPARE(trashed.status, 200);
        QCOMPARE(trashed.json.value(u"in_trash"_s).toBool(), true);
        QCOMPARE(trashed.json.value(u"archived"_s).toBool(), true);
        QCOMPARE(m_notion->countPages(m_dataSourceId), 0);
        QCOMPARE(m_notion->countPages(m_dataSourceId, true), 1);
        // The legacy "archived" flag still works.
        const HttpAnswer restored = call("PATCH", u"/v1/pages/"_s + id, QJsonObject{{u"archived"_s, false}});
        QCOMPARE(restored.json.value(u"in_trash"_s).toBool(), false);
        QCOMPARE(m_notion->countPages(m_dataSourceId), 1);
    }

    void personEditsAreNotTheBots() {
        const QString id =
            createPage(QJsonObject{{u"Name"_s, titleValue(u"x"_s)}}).json.value(u"id"_s).toString();
        QString error;
        QVERIFY2(
            m_notion->editPageAsPerson(id, QJsonObject{{u"Count"_s, QJsonObject{{u"number"_s, 1}}}}, &error),
            qPrintable(error));
        const HttpAnswer page = call("GET", u"/v1/pages/"_s + id);
        QCOMPARE(page.json[u"last_edited_by"_s][u"id"_s].toString(), m_notion->personUserId());
        QCOMPARE(page.json[u"created_by"_s][u"id"_s].toString(), m_notion->botUserId());
        QVERIFY(m_notion->trashPageAsPerson(id));
        QCOMPARE(call("GET", u"/v1/pages/"_s + id).json.value(u"in_trash"_s).toBool(), true);
    }

    void lastEditedTimeIsRoundedDownToTheMinute() {
        const HttpAnswer created = createPage(QJsonObject{{u"Name"_s, titleValue(u"t"_s)}});
        const QString edited = created.json.value(u"last_edited_time"_s).toString();
        QVERIFY2(edited.endsWith(u":00.000Z"_s), qPrintable(edited));
        const QDateTime parsed = QDateTime::fromString(edited, Qt::ISODateWithMs);
        QVERIFY(parsed <= QDateTime::currentDateTimeUtc());
        QVERIFY(parsed.secsTo(QDateTime::currentDateTimeUtc()) < 61);
        QCOMPARE(created.json[u"properties"_s][u"Edited"_s][u"last_edited_time"_s].toString(), edited);
    }

    void validationErrors_data() {
        QTest::addColumn<QJsonObject>("properties");
        QTest::addColumn<QString>("message"); // exact when it starts with '=', else a fragment

        const QString long2001(2001, u'x');
        QJsonArray items101, selects101, ids101;
        for (int i = 0; i < 101; ++i) {
            items101.append(text(u"a"_s));
            selects101.append(QJsonObject{{u"name"_s, QString(u"o"_s + QString::number(i))}});
            ids101.append(QJsonObject{
                {u"id"_s, QString(u"0b9b9c1e-0000-4000-8000-"_s + QString::number(100000000000 + i))}});
        }
        QTest::newRow("unknown property")
            << QJsonObject{{u"Nope"_s, titleValue(u"x"_s)}} << u"=Nope is not a property that exists."_s;
        QTest::newRow("wrong type") << QJsonObject{{u"Count"_s, QJsonObject{{u"rich_text"_s, QJsonArray{}}}}}
                                    << u"=Count is expected to be number."_s;
        QTest::newRow("text over 2000")
            << QJsonObject{{u"Name"_s, titleValue(long2001)}}
            << u"=body failed validation: body.properties.Name.title[0].text.content.length "
               u"should be ≤ `2000`, instead was `2001`."_s;
        QTest::newRow("rich text over 100")
            << QJsonObject{{u"Notes"_s, QJsonObject{{u"rich_text"_s, items101}}}}
            << u"=body failed validation: body.properties.Notes.rich_text.length should "
               u"be ≤ `100`, instead was `101`."_s;
        QTest::newRow("multi_select over 100")
            << QJsonObject{{u"Tags"_s, QJsonObject{{u"multi_select"_s, selects101}}}}
            << u"multi_select.length should be ≤ `100`, instead was `101`."_s;
        QTest::newRow("relation over 100")
            << QJsonObject{{u"Targets"_s, QJsonObject{{u"relation"_s, ids101}}}}
            << u"relation.length should be ≤ `100`, instead was `101`."_s;
        QTest::newRow("people over 100") << QJsonObject{{u"Owners"_s, QJsonObject{{u"people"_s, ids101}}}}
                                         << u"people.length should be ≤ `100`, instead was `101`."_s;
        QTest::newRow("select comma")
            << QJsonObject{{u"Tag"_s, QJsonObject{{u"select"_s, QJsonObject{{u"name"_s, u"a,b"_s}}}}}}
            << u"=Invalid select option, commas not allowed"_s;
        QTest::newRow("multi_select comma")
            << QJsonObject{{u"Tags"_s,
                            QJsonObject{{u"multi_select"_s, QJsonArray{QJsonObject{{u"name"_s, u"a,b"_s}}}}}}}
            << u"=Invalid multi_select option, commas not allowed"_s;
        QTest::newRow("select over 100 chars")
            << QJsonObject{{u"Tag"_s,
                            QJsonObject{{u"select"_s, QJsonObject{{u"name"_s, QString(101, u's')}}}}}}
            << u"select.name.length should be ≤ `100`, instead was `101`."_s;
        QTest::newRow("unknown status")
            << QJsonObject{{u"Status"_s, QJsonObject{{u"status"_s, QJsonObject{{u"name"_s, u"Shipped"_s}}}}}}
            << u"Shipped"_s;
        QTest::newRow("unknown relation")
            << QJsonObject{{u"Targets"_s,
                            QJsonObject{
                                {u"relation"_s, QJsonArray{QJsonObject{
                                                    {u"id"_s, u"0b9b9c1e-0000-4000-8000-000000000001"_s}}}}}}}
            << u"0b9b9c1e-0000-4000-8000-000000000001"_s;
        QTest::newRow("url over 2000") << QJsonObject{{u"Link"_s, QJsonObject{{u"url"_s, long2001}}}}
                                       << u"url.length should be ≤ `2000`, instead was `2001`."_s;
        QTest::newRow("email over 200")
            << QJsonObject{{u"Mail"_s, QJsonObject{{u"email"_s, QString(201, u'm')}}}}
            << u"email.length should be ≤ `200`, instead was `201`."_s;
        QTest::newRow("phone over 200")
            << QJsonObject{{u"Phone"_s, QJsonObject{{u"phone_number"_s, QString(201, u'1')}}}}
            << u"phone_number.length should be ≤ `200`, instead was `201`."_s;
        QTest::newRow("number not a number")
            << QJsonObject{{u"Count"_s, QJsonObject{{u"number"_s, u"12"_s}}}}
            << u"=body failed validation: body.properties.Count.number should be a "
               u"number or `null`, instead was `\"12\"`."_s;
        QTest::newRow("date not ISO 8601")
            << QJsonObject{{u"Due"_s, QJsonObject{{u"date"_s, QJsonObject{{u"start"_s, u"next tuesday"_s}}}}}}
            << u"date.start should be a valid ISO 8601 date string"_s;
    }

    void validationErrors() {
        QFETCH(QJsonObject, properties);
        QFETCH(QString, message);
        const HttpAnswer answer = createPage(properties);
        QCOMPARE(answer.status, 400);
        QCOMPARE(answer.json.value(u"code"_s).toString(), u"validation_error"_s);
        const QString actual = answer.json.value(u"message"_s).toString();
        if (message.startsWith(u'='))
            QCOMPARE(actual, message.mid(1));
        else
            QVERIFY2(actual.contains(message), qPrintable(actual));
        QCOMPARE(m_notion->countPages(m_dataSourceId), 0); // nothing half-written
    }

    void newSelectOptionsAreCreatedButNotStatuses() {
        const HttpAnswer created = createPage(QJsonObject{
            {u"Tag"_s, QJsonObject{{u"select"_s, QJsonObject{{u"name"_s, u"blue"_s}}}}},
            {u"Tags"_s, QJsonObject{{u"multi_select"_s, QJsonArray{QJsonObject{{u"name"_s, u"x"_s}},
                                                                   QJsonObject{{u"name"_s, u"y"_s}}}}}},
            {u"Status"_s, QJsonObject{{u"status"_s, QJsonObject{{u"name"_s, u"Done"_s}}}}},
            {u"Due"_s, QJsonObject{{u"date"_s, QJsonObject{{u"start"_s, u"2025-09-03"_s}}}}}});
        QCOMPARE(created.status, 200);
        QCOMPARE(created.json[u"properties"_s][u"Status"_s][u"status"_s][u"name"_s].toString(), u"Done"_s);
        QCOMPARE(created.json[u"properties"_s][u"Due"_s][u"date"_s][u"start"_s].toString(), u"2025-09-03"_s);
        const HttpAnswer schema = call("GET", u"/v1/data_sources/"_s + m_dataSourceId);
        QStringList names;
        for (const QJsonValue &option :
             schema.json[u"properties"_s][u"Tag"_s][u"select"_s][u"options"_s].toArray())
            names.append(option[u"name"_s].toString());
        QCOMPARE(names, QStringList({u"red"_s, u"blue"_s}));
        QCOMPARE(schema.json[u"properties"_s][u"Tags"_s][u"multi_select"_s][u"options"_s].toArray().size(),
                 2);
    }

    void relationsBeyond25AreTruncatedInThePage() {
        QJsonArray ids;
        QStringList expected;
        for (int i = 0; i < 30; ++i) {
            expected.append(createTarget(u"target "_s + QString::number(i)));
            ids.append(QJsonObject{{u"id"_s, expected.last()}});
        }
        const HttpAnswer created = createPage(QJsonObject{{u"Targets"_s, QJsonObject{{u"relation"_s, ids}}}});
        QCOMPARE(created.status, 200);
        const QString id = created.json.value(u"id"_s).toString();
        const QJsonObject relation =
            call("GET", u"/v1/pages/"_s + id).json[u"properties"_s][u"Targets"_s].toObject();
        QCOMPARE(relation.value(u"relation"_s).toArray().size(), 25);
        QCOMPARE(relation.value(u"has_more"_s).toBool(), true);
        const QString propertyId = relation.value(u"id"_s).toString();
        QStringList seen;
        QString cursor;
        int calls = 0;
        do {
            QString path = u"/v1/pages/"_s + id + u"/properties/"_s + propertyId + u"?page_size=20"_s;
            if (!cursor.isEmpty())
                path += u"&start_cursor="_s + cursor;
            const HttpAnswer list = call("GET", path);
            QCOMPARE(list.status, 200);
            QCOMPARE(list.json.value(u"object"_s).toString(), u"list"_s);
            QCOMPARE(list.json[u"property_item"_s][u"type"_s].toString(), u"relation"_s);
            for (const QJsonValue &item : list.json.value(u"results"_s).toArray()) {
                QCOMPARE(item[u"object"_s].toString(), u"property_item"_s);
                seen.append(item[u"relation"_s][u"id"_s].toString());
            }
            cursor = list.json.value(u"next_cursor"_s).toString();
            QCOMPARE(list.json.value(u"has_more"_s).toBool(), !cursor.isEmpty());
            ++calls;
        } while (!cursor.isEmpty() && calls < 10);
        QCOMPARE(calls, 2);
        QCOMPARE(seen, expected);
    }

    void pageChildrenAndBlocks() {
        const HttpAnswer created = createPage(
            QJsonObject{{u"Name"_s, titleValue(u"with content"_s)}},
            QJsonArray{
                paragraph(u"one"_s, QJsonArray{paragraph(u"nested"_s)}),
                QJsonObject{{u"divider"_s, QJsonObject{}}},
                QJsonObject{{u"to_do"_s, QJsonObject{{u"rich_text"_s, QJsonArray{text(u"task"_s)}},
                                                     {u"checked"_s, true}}}},
                QJsonObject{{u"bookmark"_s, QJsonObject{{u"url"_s, u"https://example.com"_s}}}},
                QJsonObject{
                    {u"image"_s,
                     QJsonObject{{u"type"_s, u"external"_s},
                                 {u"external"_s, QJsonObject{{u"url"_s, u"https://example.com/a.png"_s}}}}}},
                QJsonObject{
                    {u"file"_s,
                     QJsonObject{{u"external"_s, QJsonObject{{u"url"_s, u"https://example.com/f.pdf"_s}}}}}},
                QJsonObject{{u"heading_2"_s, QJsonObject{{u"rich_text"_s, QJsonArray{text(u"H"_s)}}}}}});
        QCOMPARE(created.status, 200);
        const QString id = created.json.value(u"id"_s).toString();
        const HttpAnswer children = call("GET", u"/v1/blocks/"_s + id + u"/children"_s);
        QCOMPARE(children.status, 200);
        const QJsonArray blocks = children.json.value(u"results"_s).toArray();
        QCOMPARE(blocks.size(), 7);
        QCOMPARE(blocks[0][u"type"_s].toString(), u"paragraph"_s);
        QCOMPARE(blocks[0][u"has_children"_s].toBool(), true);
        QCOMPARE(blocks[2][u"to_do"_s][u"checked"_s].toBool(), true);
        QCOMPARE(blocks[5][u"file"_s][u"name"_s].toString(), u"f.pdf"_s);
        QCOMPARE(blocks[0][u"parent"_s][u"page_id"_s].toString(), id);
        const HttpAnswer nested =
            call("GET", u"/v1/blocks/"_s + blocks[0][u"id"_s].toString() + u"/children"_s);
        QCOMPARE(nested.json[u"results"_s][0][u"paragraph"_s][u"rich_text"_s][0][u"plain_text"_s].toString(),
                 u"nested"_s);

        QJsonArray tooMany;
        for (int i = 0; i < 101; ++i)
            tooMany.append(paragraph(QString::number(i)));
        const HttpAnswer rejected =
            call("PATCH", u"/v1/blocks/"_s + id + u"/children"_s, QJsonObject{{u"children"_s, tooMany}});
        QCOMPARE(rejected.status, 400);
        QCOMPARE(rejected.json.value(u"message"_s).toString(),
                 u"body failed validation: body.children.length should be ≤ `100`, instead was `101`."_s);
        const HttpAnswer deep =
            call("PATCH", u"/v1/blocks/"_s + id + u"/children"_s,
                 QJsonObject{{u"children"_s,
                              QJsonArray{paragraph(
                                  u"a"_s, QJsonArray{paragraph(u"b"_s, QJsonArray{paragraph(u"c"_s)})})}}});
        QCOMPARE(deep.status, 400);
        QVERIFY2(
            deep.json.value(u"message"_s)
                .toString()
                .startsWith(
                    u"body failed validation: body.children[0].paragraph.children[0].paragraph.children should be not present"_s),
            qPrintable(deep.json.value(u"message"_s).toString()));
        tooMany.removeLast();
        const HttpAnswer appended =
            call("PATCH", u"/v1/blocks/"_s + id + u"/children"_s, QJsonObject{{u"children"_s, tooMany}});
        QCOMPARE(appended.status, 200);
        QCOMPARE(appended.json.value(u"results"_s).toArray().size(), 100);
        const HttpAnswer firstPage = call("GET", u"/v1/blocks/"_s + id + u"/children?page_size=100"_s);
        QCOMPARE(firstPage.json.value(u"has_more"_s).toBool(), true);
        const HttpAnswer secondPage =
            call("GET", u"/v1/blocks/"_s + id + u"/children?page_size=100&start_cursor="_s +
                            firstPage.json.value(u"next_cursor"_s).toString());
        QCOMPARE(secondPage.json.value(u"results"_s).toArray().size(), 7);
        QCOMPARE(secondPage.json.value(u"has_more"_s).toBool(), false);
    }

    void createDatabaseWithDataSource() {
        const QJsonObject request{
            {u"parent"_s, QJsonObject{{u"type"_s, u"page_id"_s}, {u"page_id"_s, m_rootPageId}}},
            {u"title"_s, QJsonArray{text(u"Orders"_s)}},
            {u"initial_data_source"_s,
             QJsonObject{
                 {u"properties"_s,
                  QJsonObject{{u"Title"_s, QJsonObject{{u"title"_s, QJsonObject{}}}},
                              {u"Kind"_s,
                               QJsonObject{{u"select"_s,
                                            QJsonObject{{u"options"_s,
                                                         QJsonArray{QJsonObject{{u"name"_s, u"A"_s},
                                                                                {u"color"_s, u"red"_s}}}}}}}},
                              {u"State"_s, QJsonObject{{u"status"_s, QJsonObject{}}}}}}}}};
        const HttpAnswer created = call("POST", u"/v1/databases"_s, request);
        QCOMPARE(created.status, 200);
        QCOMPARE(created.json.value(u"object"_s).toString(), u"database"_s);
        QCOMPARE(created.json[u"title"_s][0][u"plain_text"_s].toString(), u"Orders"_s);
        QCOMPARE(created.json[u"parent"_s][u"page_id"_s].toString(), m_rootPageId);
        const QJsonArray sources = created.json.value(u"data_sources"_s).toArray();
        QCOMPARE(sources.size(), 1);
        const QString dataSourceId = sources[0][u"id"_s].toString();
        QCOMPARE(call("GET", u"/v1/databases/"_s + created.json.value(u"id"_s).toString())
                     .json.value(u"data_sources"_s)
                     .toArray(),
                 sources);
        const HttpAnswer dataSource = call("GET", u"/v1/data_sources/"_s + dataSourceId);
        QCOMPARE(dataSource.status, 200);
        QCOMPARE(dataSource.json.value(u"object"_s).toString(), u"data_source"_s);
        QCOMPARE(dataSource.json[u"parent"_s][u"database_id"_s].toString(),
                 created.json.value(u"id"_s).toString());
        const QJsonObject kind = dataSource.json[u"properties"_s][u"Kind"_s].toObject();
        QCOMPARE(kind.value(u"type"_s).toString(), u"select"_s);
        QCOMPARE(kind.value(u"name"_s).toString(), u"Kind"_s);
        QVERIFY(!kind.value(u"id"_s).toString().isEmpty());
        QCOMPARE(kind[u"select"_s][u"options"_s][0][u"color"_s].toString(), u"red"_s);
        QCOMPARE(dataSource.json[u"properties"_s][u"State"_s][u"status"_s][u"options"_s].toArray().size(), 3);

        const HttpAnswer patched = call(
            "PATCH", u"/v1/data_sources/"_s + dataSourceId,
            QJsonObject{
                {u"properties"_s,
                 QJsonObject{{u"External id"_s, QJsonObject{{u"rich_text"_s, QJsonObject{}}}},
                             {u"Kind"_s,
                              QJsonObject{{u"select"_s,
                                           QJsonObject{{u"options"_s,
                                                        QJsonArray{QJsonObject{{u"name"_s, u"B"_s}}}}}}}}}}});
        QCOMPARE(patched.status, 200);
        QCOMPARE(patched.json[u"properties"_s][u"External id"_s][u"type"_s].toString(), u"rich_text"_s);
        QCOMPARE(patched.json[u"properties"_s][u"Kind"_s][u"select"_s][u"options"_s].toArray().size(), 2);
    }

    // --- Queries ----------------------------------------------------------------------------------------

    void queryPaginatesWithCursors() {
        seedRows(250);
        QStringList ids;
        QString cursor;
        QList<int> sizes;
        for (int round = 0; round < 5; ++round) {
            QJsonObject body{{u"page_size"_s, 100}};
            if (!cursor.isEmpty())
                body.insert(u"start_cursor"_s, cursor);
            const HttpAnswer page = call("POST", u"/v1/data_sources/"_s + m_dataSourceId + u"/query"_s, body);
            QCOMPARE(page.status, 200);
            QCOMPARE(page.json.value(u"type"_s).toString(), u"page_or_data_source"_s);
            const QJsonArray results = page.json.value(u"results"_s).toArray();
            sizes.append(int(results.size()));
            for (const QJsonValue &result : results)
                ids.append(result[u"id"_s].toString());
            cursor = page.json.value(u"next_cursor"_s).toString();
            QCOMPARE(page.json.value(u"has_more"_s).toBool(), !cursor.isEmpty());
            if (cursor.isEmpty())
                break;
        }
        QCOMPARE(sizes, QList<int>({100, 100, 50}));
        ids.removeDuplicates();
        QCOMPARE(ids.size(), 250);
    }

    void pageSizeOver100IsRejected() {
        const HttpAnswer answer = call("POST", u"/v1/data_sources/"_s + m_dataSourceId + u"/query"_s,
                                       QJsonObject{{u"page_size"_s, 101}});
        QCOMPARE(answer.status, 400);
        QCOMPARE(answer.json.value(u"code"_s).toString(), u"validation_error"_s);
        QCOMPARE(answer.json.value(u"message"_s).toString(),
                 u"body failed validation: body.page_size should be ≤ `100`, instead was `101`."_s);
    }

    void queryStopsAtTheResultLimit() {
        m_notion->setQueryResultLimit(120); // Notion's is 10,000; the rule is the same
        seedRows(250);
        const QString path = u"/v1/data_sources/"_s + m_dataSourceId + u"/query"_s;
        const HttpAnswer first = call("POST", path, QJsonObject{{u"page_size"_s, 100}});
        QCOMPARE(first.json[u"request_status"_s][u"type"_s].toString(), u"complete"_s);
        QVERIFY(first.json.value(u"has_more"_s).toBool());
        const HttpAnswer second =
            call("POST", path,
                 QJsonObject{{u"page_size"_s, 100}, {u"start_cursor"_s, first.json.value(u"next_cursor"_s)}});
        QCOMPARE(second.json.value(u"results"_s).toArray().size(), 20);
        QCOMPARE(second.json.value(u"has_more"_s).toBool(), false);
        QCOMPARE(second.json[u"request_status"_s][u"type"_s].toString(), u"incomplete"_s);
        QCOMPARE(second.json[u"request_status"_s][u"incomplete_reason"_s].toString(),
                 u"query_result_limit_reached"_s);
    }

    void queryFiltersAndSorts_data() {
        QTest::addColumn<QJsonObject>("filter");
        QTest::addColumn<QStringList>("names");
        auto property = [](const QString &name, const QString &type, const QString &op,
                           const QJsonValue &value) {
            return QJsonObject{{u"property"_s, name}, {type, QJsonObject{{op, value}}}};
        };
        QTest::newRow("title equals")
            << property(u"Name"_s, u"title"_s, u"equals"_s, u"beta"_s) << QStringList{u"beta"_s};
        QTest::newRow("rich_text contains") << property(u"Notes"_s, u"rich_text"_s, u"contains"_s, u"KEY"_s)
                                            << QStringList{u"gamma"_s, u"alpha"_s};
        QTest::newRow("number greater_than")
            << property(u"Count"_s, u"number"_s, u"greater_than"_s, 1) << QStringList{u"gamma"_s, u"beta"_s};
        QTest::newRow("checkbox") << property(u"Done"_s, u"checkbox"_s, u"equals"_s, true)
                                  << QStringList{u"beta"_s};
        QTest::newRow("select") << property(u"Tag"_s, u"select"_s, u"equals"_s, u"red"_s)
                                << QStringList{u"alpha"_s};
        QTest::newRow("status") << property(u"Status"_s, u"status"_s, u"equals"_s, u"Done"_s)
                                << QStringList{u"gamma"_s};
        QTest::newRow("date on_or_after") << property(u"Due"_s, u"date"_s, u"on_or_after"_s, u"2025-02-01"_s)
                                          << QStringList{u"gamma"_s, u"beta"_s};
        QTest::newRow("date before") << property(u"Due"_s, u"date"_s, u"before"_s, u"2025-02-01T00:00:00Z"_s)
                                     << QStringList{u"alpha"_s};
        QTest::newRow("last_edited_time after")
            << QJsonObject{{u"timestamp"_s, u"last_edited_time"_s},
                           {u"last_edited_time"_s,
                            QJsonObject{{u"on_or_after"_s, u"2000-01-01T00:00:00Z"_s}}}}
            << QStringList{u"gamma"_s, u"beta"_s, u"alpha"_s};
        QTest::newRow("and")
            << QJsonObject{{u"and"_s, QJsonArray{property(u"Count"_s, u"number"_s, u"greater_than"_s, 1),
                                                 property(u"Done"_s, u"checkbox"_s, u"equals"_s, false)}}}
            << QStringList{u"gamma"_s};
        QTest::newRow("or")
            << QJsonObject{{u"or"_s, QJsonArray{property(u"Name"_s, u"title"_s, u"equals"_s, u"alpha"_s),
                                                property(u"Name"_s, u"title"_s, u"equals"_s, u"beta"_s)}}}
            << QStringList{u"beta"_s, u"alpha"_s};
    }

    void queryFiltersAndSorts() {
        QFETCH(QJsonObject, filter);
        QFETCH(QStringList, names);
        auto row = [](const QString &name, int count, bool done, const QString &tag, const QString &status,
                      const QString &due, const QString &notes) {
            return QJsonObject{{u"Name"_s, titleValue(name)},
                               {u"Count"_s, QJsonObject{{u"number"_s, count}}},
                               {u"Done"_s, QJsonObject{{u"checkbox"_s, done}}},
                               {u"Tag"_s, QJsonObject{{u"select"_s, QJsonObject{{u"name"_s, tag}}}}},
                               {u"Status"_s, QJsonObject{{u"status"_s, QJsonObject{{u"name"_s, status}}}}},
                               {u"Due"_s, QJsonObject{{u"date"_s, QJsonObject{{u"start"_s, due}}}}},
                               {u"Notes"_s, QJsonObject{{u"rich_text"_s, QJsonArray{text(notes)}}}}};
        };
        QCOMPARE(
            createPage(row(u"alpha"_s, 1, false, u"red"_s, u"Not started"_s, u"2025-01-15"_s, u"has key"_s))
                .status,
            200);
        QCOMPARE(createPage(row(u"beta"_s, 3, true, u"green"_s, u"In progress"_s, u"2025-03-01T10:00:00Z"_s,
                                u"none"_s))
                     .status,
                 200);
        QCOMPARE(createPage(row(u"gamma"_s, 2, false, u"blue"_s, u"Done"_s, u"2025-02-01"_s, u"Key here"_s))
                     .status,
                 200);
        const QJsonArray sorts{QJsonObject{{u"property"_s, u"Name"_s}, {u"direction"_s, u"descending"_s}}};
        const HttpAnswer answer = call("POST", u"/v1/data_sources/"_s + m_dataSourceId + u"/query"_s,
                                       QJsonObject{{u"filter"_s, filter}, {u"sorts"_s, sorts}});
        QCOMPARE(answer.status, 200);
        QStringList actual;
        for (const QJsonValue &page : answer.json.value(u"results"_s).toArray())
            actual.append(page[u"properties"_s][u"Name"_s][u"title"_s][0][u"plain_text"_s].toString());
        QCOMPARE(actual, names);
    }

    void timestampSortAndMinuteWindows() {
        const QString early =
            createPage(QJsonObject{{u"Name"_s, titleValue(u"early"_s)}}).json.value(u"id"_s).toString();
        m_notion->advanceClock(std::chrono::minutes(5));
        const HttpAnswer late = createPage(QJsonObject{{u"Name"_s, titleValue(u"late"_s)}});
        const QString lateEdited = late.json.value(u"last_edited_time"_s).toString();
        const HttpAnswer since = call(
            "POST", u"/v1/data_sources/"_s + m_dataSourceId + u"/query"_s,
            QJsonObject{{u"filter"_s,
                         QJsonObject{{u"timestamp"_s, u"last_edited_time"_s},
                                     {u"last_edited_time"_s, QJsonObject{{u"on_or_after"_s, lateEdited}}}}},
                        {u"sorts"_s, QJsonArray{QJsonObject{{u"timestamp"_s, u"last_edited_time"_s},
                                                            {u"direction"_s, u"ascending"_s}}}}});
        QCOMPARE(since.json.value(u"results"_s).toArray().size(), 1);
        QCOMPARE(since.json[u"results"_s][0][u"id"_s].toString(), late.json.value(u"id"_s).toString());
        const HttpAnswer all =
            call("POST", u"/v1/data_sources/"_s + m_dataSourceId + u"/query"_s,
                 QJsonObject{{u"sorts"_s, QJsonArray{QJsonObject{{u"timestamp"_s, u"created_time"_s},
                                                                 {u"direction"_s, u"descending"_s}}}}});
        QCOMPARE(all.json[u"results"_s][1][u"id"_s].toString(), early);
    }

    // --- Rate limits, faults, latency -------------------------------------------------------------------

    void burstsAreRateLimited() {
        m_notion->setRateLimit(3, 3);
        int limited = 0, succeeded = 0;
        for (int i = 0; i < 20; ++i) {
            const HttpAnswer answer = call("GET", u"/v1/users/me"_s);
            if (answer.status == 429) {
                ++limited;
                QCOMPARE(answer.json.value(u"code"_s).toString(), u"rate_limited"_s);
                QCOMPARE(answer.json.value(u"message"_s).toString(),
                         u"You have been rate limited. Please try again in a few minutes."_s);
                bool ok = false;
                QVERIFY(answer.retryAfter.toInt(&ok) >= 1 && ok);
            } else {
                QCOMPARE(answer.status, 200);
                ++succeeded;
            }
        }
        QVERIFY2(limited >= 10, qPrintable(QString::number(limited)));
        QVERIFY(succeeded >= 3);
        QCOMPARE(m_notion->counters().rateLimited, limited);
        // Admin endpoints are never limited.
        QCOMPARE(call("GET", u"/__emulator/requests"_s).status, 200);
    }

    void pacedRequestsAreNotLimited() {
        m_notion->setRateLimit(3, 3);
        for (int i = 0; i < 6; ++i) {
            QCOMPARE(call("GET", u"/v1/users/me"_s).status, 200);
            QThread::msleep(400);
        }
        QCOMPARE(m_notion->counters().rateLimited, 0);
    }

    void serverFaults_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("500") << u"500"_s << 500 << u"internal_server_error"_s;
        QTest::newRow("502") << u"502"_s << 502 << u"bad_gateway"_s;
        QTest::newRow("503") << u"503"_s << 503 << u"service_unavailable"_s;
        QTest::newRow("504") << u"504"_s << 504 << u"gateway_timeout"_s;
        QTest::newRow("529") << u"529"_s << 529 << u"service_overload"_s;
    }

    void serverFaults() {
        QFETCH(QString, kind);
        QFETCH(int, status);
        QFETCH(QString, code);
        QVERIFY(m_notion->setFaults(1.0, {kind}).isEmpty());
        const HttpAnswer answer = createPage(QJsonObject{{u"Name"_s, titleValue(u"never"_s)}});
        QCOMPARE(answer.status, status);
        QCOMPARE(answer.json.value(u"code"_s).toString(), code);
        QCOMPARE(answer.json.value(u"status"_s).toInt(), status);
        QCOMPARE(m_notion->countPages(m_dataSourceId), 0);
        QCOMPARE(m_notion->counters().faultsInjected, 1);
    }

    void resetDropsTheConnectionWithoutApplying() {
        m_notion->setFaults(1.0, {u"reset"_s});
        const HttpAnswer answer = createPage(QJsonObject{{u"Name"_s, titleValue(u"lost"_s)}});
        QCOMPARE(answer.status, 0);
        QCOMPARE(answer.error, QNetworkReply::RemoteHostClosedError);
        QCOMPARE(m_notion->countPages(m_dataSourceId), 0);
        for (const notionemu::RequestLogEntry &entry : m_notion->requestLog()) {
            QCOMPARE(entry.status, 0);
            QCOMPARE(entry.fault, u"reset"_s);
        }
    }

    void applyThenResetAppliesTheWriteSilently() {
        m_notion->setFaults(1.0, {u"apply_then_reset"_s});
        const HttpAnswer answer = createPage(QJsonObject{{u"Name"_s, titleValue(u"ghost"_s)}});
        QCOMPARE(answer.status, 0);
        QCOMPARE(answer.error, QNetworkReply::RemoteHostClosedError);
        // The trap: the client saw a failure, but the page exists — once per attempt that reached us.
        const int attempts = int(m_notion->requestLog().size());
        QVERIFY(attempts >= 1);
        QCOMPARE(m_notion->countPages(m_dataSourceId), attempts);
    }

    // Worth knowing for the client: QNetworkAccessManager silently sends a request again when the connection
    // closes before any answer — a POST included. One lost answer then means two pages.
    void networkAccessManagerResendsAfterADroppedConnection() {
        m_notion->failNext({u"apply_then_reset"_s});
        const HttpAnswer answer = createPage(QJsonObject{{u"Name"_s, titleValue(u"twice"_s)}});
        QCOMPARE(answer.status, 200);
        QCOMPARE(m_notion->requestLog().size(), 2);
        QCOMPARE(m_notion->countPages(m_dataSourceId), 2);
    }

    void randomFaultsFollowTheRate() {
        m_notion->setRandomSeed(7);
        m_notion->setFaults(0.5, {u"503"_s});
        int failed = 0;
        for (int i = 0; i < 40; ++i)
            failed += call("GET", u"/v1/users/me"_s).status == 503 ? 1 : 0;
        QVERIFY2(failed > 5 && failed < 35, qPrintable(QString::number(failed)));
    }

    void latencyDelaysAnswers() {
        m_notion->setLatency(std::chrono::milliseconds(300));
        const HttpAnswer answer = call("GET", u"/v1/users/me"_s);
        QCOMPARE(answer.status, 200);
        QVERIFY2(answer.elapsedMs >= 290, qPrintable(QString::number(answer.elapsedMs)));
        m_notion->setLatency(std::chrono::milliseconds(0));
        QVERIFY(call("GET", u"/v1/users/me"_s).elapsedMs < 250);
    }

    // --- Admin endpoints and state ----------------------------------------------------------------------

    void adminEndpoints() {
        CallOptions bare;
        bare.token.clear();
        bare.version.clear();
        const HttpAnswer faults =
            call("POST", u"/__emulator/faults"_s,
                 QJsonObject{{u"fault_rate"_s, 1.0}, {u"faults"_s, u"503"_s}, {u"latency_ms"_s, 0}}, bare);
        QCOMPARE(faults.status, 200);
        QCOMPARE(faults.json.value(u"fault_rate"_s).toDouble(), 1.0);
        QCOMPARE(call("GET", u"/v1/users/me"_s).status, 503);
        QCOMPARE(call("POST", u"/__emulator/faults"_s, QJsonObject{{u"fault_rate"_s, 0.0}}, bare).status,
                 200);
        QCOMPARE(call("GET", u"/v1/users/me"_s).status, 200);

        const HttpAnswer requests = call("GET", u"/__emulator/requests"_s, {}, bare);
        const QJsonArray entries = requests.json.value(u"requests"_s).toArray();
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries[0][u"status"_s].toInt(), 503);
        QCOMPARE(entries[1][u"path"_s].toString(), u"/v1/users/me"_s);
        QVERIFY(!entries[1][u"token"_s].toString().contains(NotionEmulator::defaultToken()));
        QCOMPARE(requests.json[u"counters"_s][u"faults_injected"_s].toInt(), 1);

        const HttpAnswer seeded =
            call("POST", u"/__emulator/seed"_s,
                 QJsonObject{{u"databases"_s, QJsonArray{QJsonObject{{u"title"_s, u"Extra"_s}}}}}, bare);
        QCOMPARE(seeded.status, 200);
        const QString extraSource = seeded.json[u"databases"_s][0][u"data_sources"_s][0][u"id"_s].toString();
        QCOMPARE(call("GET", u"/v1/data_sources/"_s + extraSource).status, 200);

        const HttpAnswer state = call("GET", u"/__emulator/state"_s, {}, bare);
        QCOMPARE(state.json.value(u"data_sources"_s).toArray().size(), 3);
        QCOMPARE(call("POST", u"/__emulator/reset"_s, {}, bare).status, 200);
        QCOMPARE(call("GET", u"/__emulator/state"_s, {}, bare).json.value(u"data_sources"_s).toArray().size(),
                 0);
        QCOMPARE(call("GET", u"/v1/data_sources/"_s + extraSource).status, 404);
    }

    void snapshotRoundTrip() {
        const QString id =
            createPage(QJsonObject{{u"Name"_s, titleValue(u"kept"_s)}}, QJsonArray{paragraph(u"body"_s)})
                .json.value(u"id"_s)
                .toString();
        const QJsonObject state = m_notion->snapshot();
        NotionEmulator other;
        other.setRateLimit(0, 1);
        QVERIFY(other.loadSnapshot(state));
        QVERIFY(other.start());
        QCOMPARE(other.page(id).value(u"properties"_s)[u"Name"_s][u"title"_s][0][u"plain_text"_s].toString(),
                 u"kept"_s);
        QCOMPARE(other.countPages(m_dataSourceId), 1);
    }
};

QTEST_GUILESS_MAIN(NotionEmulatorTest)
#include "tst_notionemulator.moc"
