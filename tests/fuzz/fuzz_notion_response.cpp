// An HTTP answer from Notion, as NotionClient receives it: status, Retry-After, body. Then the body as
// each object NotionApi reads (the bot user, a database, a data source's schema, a page of query results
// or property items) and every property value of every page in it, as the sync reads them.
//
// Input: two bytes of HTTP status (modulo 600), the Retry-After header up to the first newline, the body.
#include "FuzzCheck.h"
#include "FuzzJson.h"
#include "inbound/InboundValues.h"
#include "notion/NotionApi.h"
#include "notion/NotionObjects.h"
#include "notion/NotionResponseReader.h"
#include "notion/PropertyValueCodec.h"

using namespace pgnotion;

namespace {

// An inbound rule with everything that changes how a value is read: a format, a value map and "also"
// assignments with and without "otherwise".
InboundRule inboundRule(const QString &property) {
    InboundRule rule;
    rule.property = property;
    rule.column = QStringLiteral("status");
    rule.format = QStringLiteral("Tier {value}!");
    rule.values = {{QStringLiteral("Done"), QStringLiteral("completed")},
                   {QStringLiteral("2"), QStringLiteral("two")}};
    InboundAssignment completedAt;
    completedAt.column = QStringLiteral("completed_at");
    completedAt.when = {QStringLiteral("completed")};
    completedAt.value = InboundAssignment::now();
    completedAt.hasOtherwise = true;
    InboundAssignment touched;
    touched.column = QStringLiteral("touched");
    touched.value = QStringLiteral("yes");
    rule.also = {completedAt, touched};
    return rule;
}

void readPage(const QJsonObject &page) {
    const QString id = NotionApi::normalizeId(page.value(QStringLiteral("id")).toString());
    FUZZ_CHECK(NotionApi::normalizeId(id) == id, id); // a normalised id stays as it is
    const QJsonObject properties = page.value(QStringLiteral("properties")).toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        const QJsonObject property = it.value().toObject();
        const auto type = propertyTypeFromNotionName(property.value(QStringLiteral("type")).toString());
        if (!type)
            continue;
        const auto decoded = PropertyValueCodec::fromNotion(*type, property);
        const auto canonical = PropertyValueCodec::canonicalForm(*type, property);
        FUZZ_CHECK(!decoded || !decoded.value().complete || canonical.ok(), it.key());
        // The inbound sync reads the same value through InboundValues, with the type taken from the value.
        const auto inboundCanonical = InboundValues::canonical(property);
        FUZZ_CHECK(inboundCanonical.ok() == canonical.ok() &&
                       (!canonical.ok() || inboundCanonical.value() == canonical.value()),
                   it.key());
        (void)InboundValues::plainText(property);
        const auto write = InboundValues::toPostgres(inboundRule(it.key()), property);
        if (write) {
            FUZZ_CHECK(!write.value().columns.isEmpty() &&
                           write.value().columns.first().column == QLatin1String("status"),
                       it.key());
            (void)InboundValues::describe(write.value(), QStringLiteral("2026-01-01T00:00:00Z"));
        }
    }
}

void readBody(const QJsonObject &body) {
    const IntegrationInfo integration = NotionObjects::integration(body);
    (void)integration;
    const DatabaseInfo database = NotionObjects::database(body);
    FUZZ_CHECK(database.raw == body, QStringLiteral("database"));
    const DataSourceInfo dataSource = NotionObjects::dataSource(body);
    FUZZ_CHECK(dataSource.properties.size() == body.value(QStringLiteral("properties")).toObject().size(),
               QStringLiteral("data source properties"));
    for (const PropertySchema &schema : dataSource.properties)
        FUZZ_CHECK(dataSource.property(schema.name) != nullptr, schema.name);
    const ResultPage results = NotionObjects::resultPage(body);
    FUZZ_CHECK(results.results.size() == body.value(QStringLiteral("results")).toArray().size(),
               QStringLiteral("results"));
    FUZZ_CHECK(NotionObjects::relationItems(results).size() == results.results.size(),
               QStringLiteral("relation items"));
    for (const QJsonObject &page : results.results)
        readPage(page);
    readPage(body); // a retrieved page is the body itself
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 2)
        return 0;
    const int status = ((int(data[0]) << 8) | int(data[1])) % 600;
    const QByteArray rest = fuzz::bytes(data + 2, size - 2);
    const qsizetype newline = rest.indexOf('\n');
    const QByteArray retryAfter = newline < 0 ? QByteArray() : rest.left(newline);
    const QByteArray payload = newline < 0 ? rest : rest.mid(newline + 1);
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(1767225600000, Qt::UTC); // 2026-01-01

    const NotionResponse response = NotionResponseReader::read(
        status, payload, QByteArrayLiteral("req-header"), retryAfter, QStringLiteral("notion.test"), now);
    FUZZ_CHECK(response.httpStatus == status, QString::number(status));
    FUZZ_CHECK(status < 400 || response.error.has_value(), QString::number(status));
    FUZZ_CHECK(status != 0 || !response.error.has_value(), QString::number(status));
    FUZZ_CHECK(!response.requestId.isEmpty(), QStringLiteral("the header's request id is the fallback"));
    if (response.error) {
        const NotionError &error = *response.error;
        FUZZ_CHECK(!error.code.isEmpty(), error.describe());
        FUZZ_CHECK(error.retryAfter.count() >= 0, error.describe());
        const JobFailure failure = error.toJobFailure();
        FUZZ_CHECK(failure.httpStatus == status && failure.code == error.code, error.describe());
        FUZZ_CHECK(!error.describe().isEmpty(), error.code);
    }
    const auto wait = NotionResponseReader::retryAfter(retryAfter, now);
    FUZZ_CHECK(wait.count() >= 0, QString::fromLatin1(retryAfter));
    // A body that is not a JSON object reads as an empty one; the objects behind it get a built one.
    readBody(response.body.isEmpty() ? fuzz::objectOf(reinterpret_cast<const uint8_t *>(payload.constData()),
                                                      size_t(payload.size()))
                                     : response.body);
    return 0;
}
