#include "mapping/MappingLoader.h"
#include "mapping/MappingSchema.h"
#include "mapping/MappingValidator.h"

#include <QJsonDocument>
#include <QTest>

using namespace pgnotion;

namespace {

const QString kSource = QStringLiteral("mapping.json");
const QString kProjectsDs = QStringLiteral("11111111-1111-1111-1111-111111111111");
const QString kMilestonesDs = QStringLiteral("22222222-2222-2222-2222-222222222222");
const QString kDeliverablesDs = QStringLiteral("33333333-3333-3333-3333-333333333333");

// A valid two-resource mapping with `extra` (JSON members) added to "resources".
QByteArray withResources(const char *extra) {
    QByteArray json = R"({"version": 1, "resources": {
        "project": {"table": "projects", "properties": {"Name": {"column": "name", "type": "title"}}},
        "milestone": {"table": "milestones", "properties": {
            "Name": {"column": "name", "type": "title"},
            "Project": {"column": "project_id", "type": "relation", "resource": "project"}}})";
    if (*extra)
        json += ", " + QByteArray(extra);
    return json + "}}";
}

// QVERIFY2 evaluates its message even when the check passes: error() only when there is one.
template <typename T>
QByteArray why(const Result<T> &result) {
    return result.ok() ? QByteArray() : result.error().message.toUtf8();
}

QString loadError(const QByteArray &json) {
    const auto mapping = MappingLoader::fromJson(json, kSource);
    return mapping.ok() ? QString() : mapping.error().message;
}

PropertySchema schemaProperty(const QString &name, const QString &type, const QStringList &options = {},
                              const QString &relationTarget = {}) {
    PropertySchema property{name, name, type, options, QJsonObject{{QStringLiteral("type"), type}}};
    if (!relationTarget.isEmpty())
        property.raw.insert(QStringLiteral("relation"),
                            QJsonObject{{QStringLiteral("data_source_id"), relationTarget}});
    return property;
}

DataSourceInfo dataSource(const QString &id, const QString &title, const QList<PropertySchema> &properties) {
    DataSourceInfo info;
    info.id = id;
    info.title = title;
    info.properties = properties;
    return info;
}

// The live schemas that match the default mapping exactly.
QHash<QString, DataSourceInfo> matchingDataSources() {
    const auto id = schemaProperty(QStringLiteral("Postgres ID"), QStringLiteral("rich_text"));
    const QStringList statusOptions{QStringLiteral("Not started"), QStringLiteral("In progress"),
                                    QStringLiteral("Done")};
    return {
        {QStringLiteral("project"),
         dataSource(kProjectsDs, QStringLiteral("Projects"),
                    {schemaProperty(QStringLiteral("Name"), QStringLiteral("title")),
                     schemaProperty(QStringLiteral("Tier"), QStringLiteral("select")),
                     schemaProperty(QStringLiteral("Status"), QStringLiteral("select")),
                     schemaProperty(QStringLiteral("Payment Status"), QStringLiteral("select")),
                     schemaProperty(QStringLiteral("Created"), QStringLiteral("date")),
                     schemaProperty(QStringLiteral("Client"), QStringLiteral("rich_text")),
                     schemaProperty(QStringLiteral("Current Milestone"), QStringLiteral("rich_text")),
                     schemaProperty(QStringLiteral("Milestone Status"), QStringLiteral("select")), id})},
        {QStringLiteral("milestone"),
         dataSource(kMilestonesDs, QStringLiteral("Milestones"),
                    {schemaProperty(QStringLiteral("Name"), QStringLiteral("title")),
                     schemaProperty(QStringLiteral("Status"), QStringLiteral("status"), statusOptions),
                     schemaProperty(QStringLiteral("Project"), QStringLiteral("relation"), {}, kProjectsDs),
                     id})},
        {QStringLiteral("deliverable"),
         dataSource(kDeliverablesDs, QStringLiteral("Deliverables"),
                    {schemaProperty(QStringLiteral("Name"), QStringLiteral("title")),
                     schemaProperty(QStringLiteral("Category"), QStringLiteral("select")),
                     schemaProperty(QStringLiteral("Project"), QStringLiteral("relation"), {}, kProjectsDs),
                     schemaProperty(QStringLiteral("Upload Date"), QStringLiteral("date")),
                     schemaProperty(QStringLiteral("File URL"), QStringLiteral("url")), id})},
    };
}

Mapping configuredDefault() {
    auto mapping = MappingLoader::defaultMapping();
    if (!mapping.ok())
        qFatal("default mapping: %s", why(mapping).constData());
    Mapping result = mapping.value();
    const auto applied = MappingLoader::applyDatabaseOverrides(
        result, {QStringLiteral("project=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
                 QStringLiteral("milestone=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"),
                 QStringLiteral("deliverable=cccccccccccccccccccccccccccccccc")});
    if (!applied.ok())
        qFatal("overrides: %s", why(applied).constData());
    return result;
}

} // namespace

class TestMapping : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void defaultReproducesSeedFlows();
    void structuralErrors_data();
    void structuralErrors();
    void reportsAllProblemsAtOnce();
    void problemsStayOnOneLine();
    void invalidJsonNamesLine();
    void fileErrors();
    void environmentExpansion();
    void databaseOverrides();
    void validatorAcceptsMatchingSchemas();
    void validatorProblems_data();
    void validatorProblems();
    void validatorNoDatabase();
    void schemaForProject();
    void schemaForMilestoneNeedsProjectFirst();
    void schemaStatusOptions();
    void syncOrder();
    void inboundRules();
    void inboundErrors_data();
    void inboundErrors();
};

void TestMapping::initTestCase() {
    // The default mapping reads these; a developer's shell must not change the tests' outcome.
    for (const char *name :
         {"PGNOTION_PROJECTS_DB", "PGNOTION_MILESTONES_DB", "PGNOTION_DELIVERABLES_DB", "PGNOTION_LEADS_DB"})
        qunsetenv(name);
}

void TestMapping::defaultReproducesSeedFlows() {
    const auto loaded = MappingLoader::defaultMapping();
    QVERIFY2(loaded.ok(), why(loaded).constData());
    const Mapping &mapping = loaded.value();
    QCOMPARE(mapping.sourceFile, QStringLiteral(":/mapping/default.json"));
    auto types = [](const ResourceMapping *resource) {
        QMap<QString, QString> result;
        for (const PropertyMapping &property : resource->properties)
            result.insert(property.property, notionName(property.type));
        return result;
    };
    using Types = QMap<QString, QString>;

    const ResourceMapping *project = mapping.resource(QStringLiteral("project"));
    QVERIFY(project && project->enabled && project->hasOwnPage());
    QCOMPARE(project->table, QStringLiteral("projects"));
    QCOMPARE(project->pageIdColumn, QStringLiteral("notion_page_id"));
    QCOMPARE(project->idProperty, QStringLiteral("Postgres ID"));
    QVERIFY(project->notionDatabase.isEmpty()); // ${PGNOTION_PROJECTS_DB} unset: not configured yet
    QVERIFY(project->query.contains(QStringLiteral(":key")));
    QCOMPARE(types(project), (Types{{QStringLiteral("Name"), QStringLiteral("title")},
                                    {QStringLiteral("Tier"), QStringLiteral("select")},
                                    {QStringLiteral("Status"), QStringLiteral("select")},
                                    {QStringLiteral("Payment Status"), QStringLiteral("select")},
                                    {QStringLiteral("Created"), QStringLiteral("date")},
                                    {QStringLiteral("Client"), QStringLiteral("rich_text")}}));
    QCOMPARE(project->property(QStringLiteral("Tier"))->format, QStringLiteral("Tier {value}"));
    QCOMPARE(project->property(QStringLiteral("Client"))->column, QStringLiteral("client_name"));

    const ResourceMapping *milestone = mapping.resource(QStringLiteral("milestone"));
    QVERIFY(milestone && milestone->enabled);
    QCOMPARE(types(milestone), (Types{{QStringLiteral("Name"), QStringLiteral("title")},
                                      {QStringLiteral("Status"), QStringLiteral("status")},
                                      {QStringLiteral("Project"), QStringLiteral("relation")}}));
    QCOMPARE(milestone->property(QStringLiteral("Project"))->relationResource, QStringLiteral("project"));
    QCOMPARE(milestone->property(QStringLiteral("Status"))->values.value(QStringLiteral("completed")),
             QStringLiteral("Done"));
    QCOMPARE(milestone->updates.size(), 1);
    const PageUpdateRule &current = milestone->updates.first();
    QCOMPARE(current.resource, QStringLiteral("project"));
    QCOMPARE(current.keyColumn, QStringLiteral("project_id"));
    QStringList names;
    for (const PropertyMapping &property : current.properties)
        names.append(property.property);
    names.sort();
    QCOMPARE(names, (QStringList{QStringLiteral("Current Milestone"), QStringLiteral("Milestone Status")}));

    const ResourceMapping *deliverable = mapping.resource(QStringLiteral("deliverable"));
    QVERIFY(deliverable && deliverable->enabled);
    QCOMPARE(types(deliverable), (Types{{QStringLiteral("Name"), QStringLiteral("title")},
                                        {QStringLiteral("Category"), QStringLiteral("select")},
                                        {QStringLiteral("Project"), QStringLiteral("relation")},
                                        {QStringLiteral("Upload Date"), QStringLiteral("date")},
                                        {QStringLiteral("File URL"), QStringLiteral("url")}}));
    QCOMPARE(deliverable->blocks.size(), 1);
    QCOMPARE(deliverable->blocks.first().type, QStringLiteral("file"));
    QCOMPARE(deliverable->blocks.first().column, QStringLiteral("file_url"));

    const ResourceMapping *payment = mapping.resource(QStringLiteral("payment"));
    QVERIFY(payment && payment->enabled && !payment->hasOwnPage());
    QCOMPARE(payment->updates.size(), 1);
    QCOMPARE(payment->updates.first().resource, QStringLiteral("project"));
    QCOMPARE(payment->updates.first().properties.first().property, QStringLiteral("Payment Status"));

    const ResourceMapping *lead = mapping.resource(QStringLiteral("lead"));
    QVERIFY(lead && !lead->enabled && lead->hasOwnPage());
    QVERIFY(lead->property(QStringLiteral("Name")));
    QCOMPARE(mapping.resources.size(), 5);
}

void TestMapping::structuralErrors_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown key") << withResources(R"("lead": {"table": "leads", "tabel": "x",
        "properties": {"Name": {"column": "name", "type": "title"}}})")
                                 << R"(mapping.json: resource "lead": unknown key "tabel")";
    QTest::newRow("unknown property key")
        << withResources(R"("lead": {"table": "leads",
        "properties": {"Name": {"colum": "name", "type": "title"}}})")
        << R"(mapping.json: resource "lead", property "Name": unknown key "colum")";
    QTest::newRow("unknown type")
        << withResources(R"("lead": {"table": "leads", "properties": {
        "Name": {"column": "name", "type": "title"}, "Source": {"column": "source", "type": "selekt"}}})")
        << R"(mapping.json: resource "lead", property "Source": unknown type "selekt")";
    QTest::newRow("missing column")
        << withResources(R"("lead": {"table": "leads", "properties": {
        "Name": {"column": "name", "type": "title"}, "Source": {"type": "select"}}})")
        << R"(mapping.json: resource "lead", property "Source": "column" is missing)";
    QTest::newRow("format without value")
        << withResources(R"("lead": {"table": "leads", "properties": {
        "Name": {"column": "name", "type": "title"}, "Tier": {"column": "tier", "type": "select", "format": "Tier"}}})")
        << R"(mapping.json: resource "lead", property "Tier": format "Tier" has no {value})";
    QTest::newRow("relation without resource")
        << withResources(R"("lead": {"table": "leads", "properties": {
        "Name": {"column": "name", "type": "title"}, "Project": {"column": "project_id", "type": "relation"}}})")
        << R"(mapping.json: resource "lead", property "Project": a relation needs "resource")";
    QTest::newRow("relation to unknown")
        << withResources(R"("lead": {"table": "leads", "properties": {
        "Name": {"column": "name", "type": "title"},
        "Project": {"column": "project_id", "type": "relation", "resource": "projekt"}}})")
        << R"(mapping.json: resource "lead", property "Project": relation to unknown resource "projekt")";
    QTest::newRow("relation to disabled")
        << withResources(R"("lead": {"enabled": false, "table": "leads",
        "properties": {"Name": {"column": "name", "type": "title"}}},
        "deliverable": {"table": "deliverables", "properties": {"Name": {"column": "name", "type": "title"},
        "Lead": {"column": "lead_id", "type": "relation", "resource": "lead"}}})")
        << R"(mapping.json: resource "deliverable", property "Lead": relation to disabled resource "lead")";
    QTest::newRow("relation to pageless")
        << withResources(R"("payment": {"table": "payments", "page_id_column": null,
        "updates": [{"resource": "project", "key_column": "project_id", "properties": {"Paid": {"column": "status", "type": "select"}}}]},
        "receipt": {"table": "receipts", "properties": {"Name": {"column": "name", "type": "title"},
        "Payment": {"column": "payment_id", "type": "relation", "resource": "payment"}}})")
        << R"(mapping.json: resource "receipt", property "Payment": relation to resource "payment", which has no pages)";
    QTest::newRow("update unknown resource")
        << withResources(R"("payment": {"table": "payments", "page_id_column": null,
        "updates": [{"resource": "projekt", "key_column": "project_id", "properties": {"Paid": {"column": "status", "type": "select"}}}]})")
        << R"(mapping.json: resource "payment", update of "projekt": updates unknown resource "projekt")";
    QTest::newRow("update pageless resource")
        << withResources(R"("payment": {"table": "payments", "page_id_column": null,
        "updates": [{"resource": "project", "key_column": "project_id", "properties": {"Paid": {"column": "status", "type": "select"}}}]},
        "refund": {"table": "refunds", "page_id_column": null,
        "updates": [{"resource": "payment", "key_column": "payment_id", "properties": {"Refunded": {"column": "status", "type": "select"}}}]})")
        << R"(mapping.json: resource "refund", update of "payment": resource "payment" has no pages to update)";
    QTest::newRow("no page and no updates")
        << withResources(R"("payment": {"table": "payments", "page_id_column": null})")
        << R"(mapping.json: resource "payment": has no page of its own ("page_id_column": null) and no "updates")";
    QTest::newRow("duplicate property")
        << withResources(R"("lead": {"table": "leads", "properties": {
        "Name": {"column": "name", "type": "title"}, "Source": {"column": "source", "type": "select"},
        "Source": {"column": "origin", "type": "select"}}})")
        << R"(mapping.json: resource "lead", property "Source": appears twice)";
    QTest::newRow("id property clash")
        << withResources(R"("lead": {"table": "leads", "properties": {
        "Name": {"column": "name", "type": "title"}, "Postgres ID": {"column": "id", "type": "rich_text"}}})")
        << R"(mapping.json: resource "lead", property "Postgres ID": clashes with the id property)";
    QTest::newRow("bad table")
        << withResources(R"("lead": {"table": "leads; drop table x", "properties": {
        "Name": {"column": "name", "type": "title"}}})")
        << R"(mapping.json: resource "lead": table "leads; drop table x" is not a plain SQL name)";
    QTest::newRow("bad column")
        << withResources(R"("lead": {"table": "public.leads", "properties": {
        "Name": {"column": "full-name", "type": "title"}}})")
        << R"(mapping.json: resource "lead", property "Name": column "full-name" is not a plain SQL identifier)";
    QTest::newRow("bad key")
        << withResources(R"("lead": {"table": "leads", "key": "lead id", "properties": {
        "Name": {"column": "name", "type": "title"}}})")
        << R"(mapping.json: resource "lead": key column "lead id" is not a plain SQL identifier)";
    QTest::newRow("query without key")
        << withResources(R"("lead": {"table": "leads", "query": "SELECT * FROM leads WHERE id = $1",
        "properties": {"Name": {"column": "name", "type": "title"}}})")
        << R"(mapping.json: resource "lead": the query has no :key parameter)";
    QTest::newRow("relation cycle")
        << withResources(R"("a": {"table": "a", "properties": {"Name": {"column": "name", "type": "title"},
        "B": {"column": "b_id", "type": "relation", "resource": "b"}}},
        "b": {"table": "b", "properties": {"Name": {"column": "name", "type": "title"},
        "A": {"column": "a_id", "type": "relation", "resource": "a"}}})")
        << R"(mapping.json: resource "a": relation cycle a -> b -> a)";
    QTest::newRow("no title")
        << withResources(
               R"("lead": {"table": "leads", "properties": {"Email": {"column": "email", "type": "email"}}})")
        << R"(mapping.json: resource "lead": maps no title property)";
    QTest::newRow("type conflict")
        << withResources(R"("payment": {"table": "payments", "page_id_column": null,
        "updates": [{"resource": "project", "key_column": "project_id", "properties": {"Name": {"column": "status", "type": "rich_text"}}}]})")
        << R"(mapping.json: resource "payment", update of "project", property "Name": type rich_text conflicts with title)";
    QTest::newRow("bad database id")
        << withResources(R"("lead": {"table": "leads", "notion_database": "not-an-id",
        "properties": {"Name": {"column": "name", "type": "title"}}})")
        << R"(mapping.json: resource "lead": notion_database "not-an-id" is not a Notion database id or URL)";
    QTest::newRow("bad version") << QByteArray(
                                        R"({"version": 2, "resources": {"project": {"table": "projects",
        "properties": {"Name": {"column": "name", "type": "title"}}}}})")
                                 << R"(mapping.json: "version" must be 1)";
    QTest::newRow("status on pageless")
        << withResources(R"("payment": {"table": "payments", "page_id_column": null,
        "properties": {"Name": {"column": "name", "type": "title"}},
        "updates": [{"resource": "project", "key_column": "project_id", "properties": {"Paid": {"column": "status", "type": "select"}}}]})")
        << R"(mapping.json: resource "payment": "properties" is only for resources with pages of their own)";
}

void TestMapping::structuralErrors() {
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    const QString message = loadError(json);
    QVERIFY2(message.contains(expected),
             qPrintable(QStringLiteral("expected «%1» in:\n%2").arg(expected, message)));
}

void TestMapping::reportsAllProblemsAtOnce() {
    // The base without additions is valid: the problems below are the additions' only.
    QCOMPARE(loadError(withResources("")), QString());
    const QString message = loadError(withResources(R"("lead": {"table": "leads", "properties": {
        "Name": {"column": "name", "type": "title"}, "Source": {"column": "source", "type": "selekt"},
        "Project": {"column": "project_id", "type": "relation", "resource": "projekt"}}},
        "payment": {"table": "payments", "page_id_column": null})"));
    const QStringList lines = message.split(QLatin1Char('\n'));
    QVERIFY2(lines.size() == 3, qPrintable(message));
    for (const QString &line : lines)
        QVERIFY2(line.startsWith(QStringLiteral("mapping.json: resource \"")), qPrintable(line));
    QVERIFY(message.contains(QStringLiteral("property \"Source\": unknown type \"selekt\"")));
    QVERIFY(
        message.contains(QStringLiteral("property \"Project\": relation to unknown resource \"projekt\"")));
    QVERIFY(message.contains(QStringLiteral("resource \"payment\": has no page of its own")));
    QCOMPARE(MappingLoader::fromJson(withResources("x"), kSource).error().code,
             QStringLiteral("bad_mapping"));
}

// Found by fuzz_mapping: a key with a JSON "\n" split its problem over two lines, one of them not naming
// the file (and a log line could be forged through a mapping or a --notion-database argument).
void TestMapping::problemsStayOnOneLine() {
    const QString message = loadError(withResources(R"("lead": {"table": "leads", "ta\nble": "x",
        "properties": {"Na\u001bme": {"column": "name", "type": "ti\r\ntle"}}})"));
    const QStringList lines = message.split(QLatin1Char('\n'));
    QVERIFY2(lines.size() == 3, qPrintable(message)); // the two above and "maps no title property"
    for (const QString &line : lines)
        QVERIFY2(line.startsWith(QStringLiteral("mapping.json: resource \"lead\"")), qPrintable(line));
    QVERIFY2(message.contains(QStringLiteral(R"(unknown key "ta\nble")")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral(R"(property "Na\u001bme": unknown type "ti\r\ntle")")),
             qPrintable(message));

    auto mapping = MappingLoader::fromJson(withResources(""), kSource);
    QVERIFY(mapping.ok());
    const auto refused = MappingLoader::applyDatabaseOverrides(
        mapping.value(), {QStringLiteral("pro\nject=x"), QStringLiteral("project=not\nan id")});
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().message.count(QLatin1Char('\n')), 1);
}

void TestMapping::invalidJsonNamesLine() {
    const QString message = loadError("{\"version\": 1,\n  \"resources\": {\n    \"project\": {,}}}");
    QVERIFY2(message.startsWith(QStringLiteral("mapping.json: not valid JSON at line 3, column ")),
             qPrintable(message));
}

void TestMapping::fileErrors() {
    const auto missing = MappingLoader::fromFile(QStringLiteral("/nonexistent/mapping.json"));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, QStringLiteral("mapping_unreadable"));
    QVERIFY(missing.error().message.startsWith(QStringLiteral("/nonexistent/mapping.json: ")));
}

void TestMapping::environmentExpansion() {
    const QByteArray json =
        withResources(R"("lead": {"table": "leads", "notion_database": "${PGNOTION_TEST_LEADS_DB}",
        "properties": {"Name": {"column": "name", "type": "title"}}})");
    qunsetenv("PGNOTION_TEST_LEADS_DB");
    auto unset = MappingLoader::fromJson(json, kSource);
    QVERIFY2(unset.ok(), why(unset).constData());
    QCOMPARE(unset.value().resource(QStringLiteral("lead"))->notionDatabase, QString());

    qputenv("PGNOTION_TEST_LEADS_DB",
            "https://www.notion.so/acme/"
            "Leads-0123456789ABCDEF0123456789abcdef?v=ffffffffffffffffffffffffffffffff");
    auto set = MappingLoader::fromJson(json, kSource);
    QVERIFY2(set.ok(), why(set).constData());
    QCOMPARE(set.value().resource(QStringLiteral("lead"))->notionDatabase,
             QStringLiteral("01234567-89ab-cdef-0123-456789abcdef"));

    qputenv("PGNOTION_TEST_LEADS_DB", "leads-db");
    const QString message = loadError(json);
    QVERIFY2(message.contains(QStringLiteral("resource \"lead\": notion_database \"leads-db\" (from "
                                             "${PGNOTION_TEST_LEADS_DB}) is not a Notion database id")),
             qPrintable(message));
    qunsetenv("PGNOTION_TEST_LEADS_DB");
}

void TestMapping::databaseOverrides() {
    auto loaded = MappingLoader::defaultMapping();
    QVERIFY(loaded.ok());
    Mapping mapping = loaded.value();
    auto good = MappingLoader::applyDatabaseOverrides(
        mapping,
        {QStringLiteral("project=0123456789abcdef0123456789abcdef"),
         QStringLiteral("milestone = https://www.notion.so/Milestones-fedcba9876543210fedcba9876543210")});
    QVERIFY2(good.ok(), why(good).constData());
    QCOMPARE(mapping.resource(QStringLiteral("project"))->notionDatabase,
             QStringLiteral("01234567-89ab-cdef-0123-456789abcdef"));
    QCOMPARE(mapping.resource(QStringLiteral("milestone"))->notionDatabase,
             QStringLiteral("fedcba98-7654-3210-fedc-ba9876543210"));

    // Any bad entry: every problem reported, nothing changed.
    auto bad = MappingLoader::applyDatabaseOverrides(
        mapping,
        {QStringLiteral("deliverable=cccccccccccccccccccccccccccccccc"), QStringLiteral("projekt=0123"),
         QStringLiteral("project"), QStringLiteral("=abc"),
         QStringLiteral("payment=dddddddddddddddddddddddddddddddd"), QStringLiteral("lead=not-an-id")});
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().code, QStringLiteral("bad_override"));
    const QStringList lines = bad.error().message.split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 5);
    QVERIFY2(lines.at(0).startsWith(
                 QStringLiteral("--notion-database \"projekt=0123\": unknown resource type \"projekt\"")),
             qPrintable(lines.at(0)));
    QVERIFY(lines.at(1).startsWith(QStringLiteral("--notion-database \"project\": expected TYPE=ID")));
    QVERIFY(lines.at(2).startsWith(QStringLiteral("--notion-database \"=abc\": expected TYPE=ID")));
    QVERIFY(lines.at(3).contains(QStringLiteral("resource \"payment\" has no pages of its own")));
    QVERIFY(lines.at(4).contains(QStringLiteral("\"not-an-id\" is not a Notion database id or URL")));
    QCOMPARE(mapping.resource(QStringLiteral("deliverable"))->notionDatabase, QString());
}

void TestMapping::validatorAcceptsMatchingSchemas() {
    const Mapping mapping = configuredDefault();
    const QStringList problems = MappingValidator::problems(mapping, matchingDataSources());
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    QVERIFY(MappingValidator::validate(mapping, matchingDataSources()).ok());
}

void TestMapping::validatorProblems_data() {
    QTest::addColumn<QString>("resource");
    QTest::addColumn<QString>("property");
    QTest::addColumn<QString>("replacementType"); // empty: the property is removed
    QTest::addColumn<QString>("relationTarget");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing property")
        << "deliverable"
        << "Upload Date" << QString() << QString() << QStringList()
        << R"(:/mapping/default.json: resource "deliverable", property "Upload Date": data source "Deliverables" (33333333-3333-3333-3333-333333333333) has no such property: add a date property "Upload Date")";
    QTest::newRow("wrong type")
        << "project"
        << "Status"
        << "multi_select" << QString() << QStringList()
        << R"(:/mapping/default.json: resource "project", property "Status": is multi_select in data source "Projects" (11111111-1111-1111-1111-111111111111) but select in the mapping)";
    QTest::newRow("rule property wrong type")
        << "project"
        << "Current Milestone"
        << "select" << QString() << QStringList()
        << R"(:/mapping/default.json: resource "milestone", update of "project", property "Current Milestone": is select in data source "Projects" (11111111-1111-1111-1111-111111111111) but rich_text in the mapping)";
    QTest::newRow("missing Postgres ID")
        << "milestone"
        << "Postgres ID" << QString() << QString() << QStringList()
        << R"(resource "milestone", property "Postgres ID": data source "Milestones" (22222222-2222-2222-2222-222222222222) has no such property: add a rich_text property "Postgres ID")";
    QTest::newRow("Postgres ID not text")
        << "milestone"
        << "Postgres ID"
        << "number" << QString() << QStringList()
        << R"(resource "milestone", property "Postgres ID": is number in data source "Milestones" (22222222-2222-2222-2222-222222222222) but must be rich_text)";
    QTest::newRow("wrong relation target")
        << "deliverable"
        << "Project"
        << "relation" << kMilestonesDs << QStringList()
        << R"(resource "deliverable", property "Project": links to data source 22222222-2222-2222-2222-222222222222, but resource "project" syncs to data source "Projects")";
    QTest::newRow("unknown status value")
        << "milestone"
        << "Status"
        << "status" << QString()
        << QStringList{QStringLiteral("Not started"), QStringLiteral("Doing"), QStringLiteral("Done")}
        << R"(resource "milestone", property "Status": status option "In progress" (for Postgres value "in_progress") does not exist in data source "Milestones")";
}

void TestMapping::validatorProblems() {
    QFETCH(QString, resource);
    QFETCH(QString, property);
    QFETCH(QString, replacementType);
    QFETCH(QString, relationTarget);
    QFETCH(QStringList, options);
    QFETCH(QString, expected);
    QHash<QString, DataSourceInfo> dataSources = matchingDataSources();
    QList<PropertySchema> &properties = dataSources[resource].properties;
    const auto found = std::find_if(properties.begin(), properties.end(),
                                    [&](const PropertySchema &schema) { return schema.name == property; });
    QVERIFY(found != properties.end());
    if (replacementType.isEmpty())
        properties.erase(found);
    else
        *found = schemaProperty(property, replacementType, options, relationTarget);
    const QStringList problems = MappingValidator::problems(configuredDefault(), dataSources);
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().contains(expected), qPrintable(problems.first()));
    const auto result = MappingValidator::validate(configuredDefault(), dataSources);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, QStringLiteral("mapping_mismatch"));
}

void TestMapping::validatorNoDatabase() {
    const auto loaded = MappingLoader::defaultMapping(); // the environment variables are unset
    QVERIFY(loaded.ok());
    const QStringList problems = MappingValidator::problems(loaded.value(), matchingDataSources());
    // project, milestone and deliverable; not the disabled lead, not the pageless payment.
    QCOMPARE(problems.size(), 3);
    QVERIFY2(problems.first().contains(
                 QStringLiteral("resource \"deliverable\": no Notion database configured")) &&
                 problems.first().contains(QStringLiteral("--notion-database deliverable=ID")),
             qPrintable(problems.first()));

    Mapping mapping = configuredDefault();
    auto withoutSchema = matchingDataSources();
    withoutSchema.remove(QStringLiteral("project"));
    const QStringList unread = MappingValidator::problems(mapping, withoutSchema);
    QCOMPARE(unread.size(), 1);
    QVERIFY2(
        unread.first().contains(QStringLiteral("resource \"project\": the schema of database "
                                               "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa could not be read")),
        qPrintable(unread.first()));
}

void TestMapping::schemaForProject() {
    const auto loaded = MappingLoader::defaultMapping();
    QVERIFY(loaded.ok());
    const auto schema = MappingSchema::dataSourceProperties(loaded.value(), QStringLiteral("project"), {});
    QVERIFY2(schema.ok(), why(schema).constData());
    const QJsonObject expected = QJsonDocument::fromJson(R"({
        "Name": {"title": {}},
        "Tier": {"select": {}},
        "Status": {"select": {}},
        "Payment Status": {"select": {}},
        "Created": {"date": {}},
        "Client": {"rich_text": {}},
        "Current Milestone": {"rich_text": {}},
        "Milestone Status": {"select": {"options": [{"name": "Done"}, {"name": "In progress"}, {"name": "Not started"}]}},
        "Postgres ID": {"rich_text": {}}
    })")
                                     .object();
    QCOMPARE(schema.value(), expected);
}

void TestMapping::schemaForMilestoneNeedsProjectFirst() {
    const auto loaded = MappingLoader::defaultMapping();
    QVERIFY(loaded.ok());
    const auto missing = MappingSchema::dataSourceProperties(loaded.value(), QStringLiteral("milestone"), {});
    QVERIFY(!missing.ok());
    QVERIFY2(missing.error().message.contains(QStringLiteral(
                 ":/mapping/default.json: resource \"milestone\", property \"Project\": the database of "
                 "\"project\" must exist first")),
             why(missing).constData());

    const auto schema = MappingSchema::dataSourceProperties(
        loaded.value(), QStringLiteral("milestone"),
        {{QStringLiteral("project"), QStringLiteral("11111111111111111111111111111111")}});
    QVERIFY2(schema.ok(), why(schema).constData());
    const QJsonObject expected = QJsonDocument::fromJson(R"({
        "Name": {"title": {}},
        "Status": {"status": {}},
        "Project": {"relation": {"data_source_id": "11111111-1111-1111-1111-111111111111",
                                 "type": "single_property", "single_property": {}}},
        "Postgres ID": {"rich_text": {}}
    })")
                                     .object();
    QCOMPARE(schema.value(), expected);

    const auto payment = MappingSchema::dataSourceProperties(loaded.value(), QStringLiteral("payment"), {});
    QVERIFY(!payment.ok()); // no pages, no database
}

void TestMapping::schemaStatusOptions() {
    PropertyMapping status;
    status.property = QStringLiteral("Stage");
    status.type = PropertyType::Status;
    status.values = {{QStringLiteral("a"), QStringLiteral("Review")},
                     {QStringLiteral("b"), QStringLiteral("Done")}};
    // Options beyond Notion's defaults must be named at creation (the API cannot add them later).
    QCOMPARE(MappingSchema::propertyConfig(status),
             QJsonDocument::fromJson(R"({"status": {"options": [{"name": "Review"}, {"name": "Done"}]}})")
                 .object());
    PropertyMapping tier;
    tier.type = PropertyType::Select;
    tier.format = QStringLiteral("Tier {value}");
    tier.values = {{QStringLiteral("1"), QStringLiteral("1")}, {QStringLiteral("2"), QStringLiteral("2")}};
    QCOMPARE(MappingSchema::propertyConfig(tier),
             QJsonDocument::fromJson(R"({"select": {"options": [{"name": "Tier 1"}, {"name": "Tier 2"}]}})")
                 .object());
}

void TestMapping::syncOrder() {
    const auto loaded = MappingLoader::defaultMapping();
    QVERIFY(loaded.ok());
    const QStringList order = loaded.value().syncOrder();
    QCOMPARE(order.size(), 3); // no lead (disabled), no payment (no pages)
    QVERIFY(order.indexOf(QStringLiteral("project")) >= 0);
    QVERIFY(order.indexOf(QStringLiteral("project")) < order.indexOf(QStringLiteral("milestone")));
    QVERIFY(order.indexOf(QStringLiteral("project")) < order.indexOf(QStringLiteral("deliverable")));

    // Listed dependents first, a chain of three: still in dependency order.
    Mapping chain;
    auto resource = [](const QString &name, const QString &relatesTo) {
        ResourceMapping mapping;
        mapping.name = name;
        if (!relatesTo.isEmpty()) {
            PropertyMapping relation;
            relation.type = PropertyType::Relation;
            relation.relationResource = relatesTo;
            mapping.properties.append(relation);
        }
        return mapping;
    };
    chain.resources = {resource(QStringLiteral("c"), QStringLiteral("b")),
                       resource(QStringLiteral("b"), QStringLiteral("a")), resource(QStringLiteral("a"), {})};
    QCOMPARE(chain.syncOrder(), (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
}

void TestMapping::inboundRules() {
    const auto loaded = MappingLoader::defaultMapping();
    QVERIFY2(loaded.ok(), why(loaded).constData());
    const ResourceMapping *milestone = loaded.value().resource(QStringLiteral("milestone"));
    QVERIFY(milestone);
    QCOMPARE(milestone->inbound.size(), 1);
    const InboundRule &task = milestone->inbound.first();
    QCOMPARE(task.property, QStringLiteral("Status"));
    QCOMPARE(task.column, QStringLiteral("status"));
    QCOMPARE(task.owner, InboundRule::Owner::Postgres);
    QCOMPARE(task.values.value(QStringLiteral("Done")), QStringLiteral("completed"));
    QCOMPARE(task.values.value(QStringLiteral("Not started")), QStringLiteral("pending"));
    QCOMPARE(task.also.size(), 1);
    QCOMPARE(task.also.first().column, QStringLiteral("completed_at"));
    QCOMPARE(task.also.first().when, QStringList{QStringLiteral("completed")});
    QCOMPARE(task.also.first().value, std::optional<QString>(InboundAssignment::now()));
    QVERIFY(task.also.first().hasOtherwise);
    QVERIFY(!task.also.first().otherwise);
    const ResourceMapping *project = loaded.value().resource(QStringLiteral("project"));
    QCOMPARE(project->inbound.size(), 1);
    QCOMPARE(project->inboundRule(QStringLiteral("Status"))->column, QStringLiteral("status"));

    // Without "values", the inverse of the outbound map (and its format) is used; owner "notion".
    const auto inherited = MappingLoader::fromJson(withResources(R"("lead": {"table": "leads", "properties": {
        "Name": {"column": "name", "type": "title"},
        "Tier": {"column": "tier", "type": "select", "format": "Tier {value}", "values": {"1": "One", "2": "Two"}}},
        "inbound": [{"property": "Tier", "column": "tier", "owner": "notion"}]})"),
                                                   kSource);
    QVERIFY2(inherited.ok(), why(inherited).constData());
    const InboundRule *tier =
        inherited.value().resource(QStringLiteral("lead"))->inboundRule(QStringLiteral("Tier"));
    QVERIFY(tier);
    QCOMPARE(tier->owner, InboundRule::Owner::Notion);
    QCOMPARE(tier->format, QStringLiteral("Tier {value}"));
    QCOMPARE(tier->values.value(QStringLiteral("Two")), QStringLiteral("2"));
}

void TestMapping::inboundErrors_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    auto lead = [](const char *inbound) {
        const QByteArray json = QByteArray(R"("lead": {"table": "leads", "properties": {
            "Name": {"column": "name", "type": "title"}, "Status": {"column": "status", "type": "select"}},
            "inbound": )") + QByteArray(inbound) +
                                QByteArray("}");
        return withResources(json.constData());
    };
    QTest::newRow("not an array") << lead(R"({"property": "Status"})")
                                  << R"(mapping.json: resource "lead": "inbound" must be an array)";
    QTest::newRow("unknown key") << lead(R"([{"property": "Status", "column": "status", "own": "notion"}])")
                                 << R"(resource "lead", inbound rule 1 ("Status"): unknown key "own")";
    QTest::newRow("missing column") << lead(R"([{"property": "Status"}])")
                                    << R"(inbound rule 1 ("Status"): "column" is missing)";
    QTest::newRow("missing property")
        << lead(R"([{"column": "status"}])") << R"(resource "lead", inbound rule 1: "property" is missing)";
    QTest::newRow("bad owner") << lead(R"([{"property": "Status", "column": "status", "owner": "both"}])")
                               << R"(inbound rule 1 ("Status"): "owner" must be "postgres")";
    QTest::newRow("key column") << lead(R"([{"property": "Status", "column": "id"}])")
                                << R"(column "id" is the key)";
    QTest::newRow("bad column") << lead(R"([{"property": "Status", "column": "status; drop"}])")
                                << R"(column "status; drop" is not a plain SQL identifier)";
    QTest::newRow("id property") << lead(R"([{"property": "Postgres ID", "column": "status"}])")
                                 << R"(is the id property)";
    QTest::newRow("two rules, one property")
        << lead(R"([{"property": "Status", "column": "status"}, {"property": "Status", "column": "stage"}])")
        << R"(inbound rule 2 ("Status"): a second rule for property "Status")";
    QTest::newRow("two rules, one column")
        << lead(R"([{"property": "Status", "column": "status"}, {"property": "Stage", "column": "status"}])")
        << R"(column "status" is already set by the rule for "Status")";
    QTest::newRow("values not strings")
        << lead(R"([{"property": "Status", "column": "status", "values": {"Won": 1}}])")
        << R"("values": "Won" must map to a string)";
    QTest::newRow("also without value")
        << lead(
               R"([{"property": "Status", "column": "status", "also": [{"column": "won_at", "when": "won"}]}])")
        << R"(inbound rule 1 ("Status"), also 1: "value" is missing)";
    QTest::newRow("otherwise without when") << lead(R"x([{"property": "Status", "column": "status",
            "also": [{"column": "won_at", "value": "now()", "otherwise": null}]}])x")
                                            << R"("otherwise" needs "when")";
    QTest::newRow("also sets own column")
        << lead(
               R"([{"property": "Status", "column": "status", "also": [{"column": "status", "value": "x"}]}])")
        << R"(sets the rule's own column "status" again)";
    QTest::newRow("ambiguous inverse")
        << withResources(
               R"("lead": {"table": "leads", "properties": {"Name": {"column": "name", "type": "title"},
            "Status": {"column": "status", "type": "select", "values": {"new": "Open", "fresh": "Open"}}},
            "inbound": [{"property": "Status", "column": "status"}]})")
        << R"(the way back is ambiguous)";
    QTest::newRow("inbound on pageless")
        << withResources(R"("payment": {"table": "payments", "page_id_column": null, "inbound": [],
        "updates": [{"resource": "project", "key_column": "project_id", "properties": {"Paid": {"column": "status", "type": "select"}}}]})")
        << R"(resource "payment": "inbound" is only for resources with pages of their own)";
}

void TestMapping::inboundErrors() {
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    const QString message = loadError(json);
    QVERIFY2(message.contains(expected),
             qPrintable(QStringLiteral("expected «%1» in:\n%2").arg(expected, message)));
}

QTEST_GUILESS_MAIN(TestMapping)
#include "tst_mapping.moc"
