// A mapping file, any bytes: MappingLoader (JSON, duplicate keys, MappingParser, InboundRuleParser,
// MappingRules), then what the engine does with a mapping it accepted: the sync order, the Notion schema
// of each resource's database (MappingSchema), the check against those schemas (MappingValidator) and
// --notion-database overrides. Checks: the loader is deterministic and says where each problem is; an
// accepted mapping has a complete sync order and builds databases that carry every mapped property.
#include "FuzzCheck.h"
#include "FuzzJson.h"
#include "mapping/MappingLoader.h"
#include "mapping/MappingSchema.h"
#include "mapping/MappingValidator.h"
#include "notion/NotionObjects.h"

#include <QSet>

using namespace pgnotion;

namespace {

const QString source = QStringLiteral("fuzz.json");

QString fakeId(qsizetype index) {
    return QStringLiteral("%1").arg(index + 1, 32, 10, QLatin1Char('0'));
}

// What Notion answers for a data source created with `request` (POST /v1/databases form,
// {"Name": {"title": {}}}): each property with its name and type.
QJsonObject createdProperties(const QJsonObject &request) {
    QJsonObject created;
    for (auto it = request.begin(); it != request.end(); ++it) {
        QJsonObject property = it.value().toObject();
        const QString type = property.keys().value(0);
        property.insert(QStringLiteral("id"), it.key());
        property.insert(QStringLiteral("name"), it.key());
        property.insert(QStringLiteral("type"), type);
        created.insert(it.key(), property);
    }
    return created;
}

void checkSchemas(Mapping mapping) {
    const QStringList order = mapping.syncOrder();
    FUZZ_CHECK(QSet<QString>(order.begin(), order.end()).size() == order.size(), order.join(u','));
    qsizetype withPages = 0;
    for (const ResourceMapping &resource : mapping.resources)
        withPages += resource.enabled && resource.hasOwnPage() ? 1 : 0;
    FUZZ_CHECK(order.size() == withPages, order.join(u','));

    QHash<QString, QString> dataSourceIds;
    QHash<QString, DataSourceInfo> dataSources;
    for (const QString &name : order) {
        const ResourceMapping *resource = mapping.resource(name);
        FUZZ_CHECK(resource != nullptr, name);
        const auto properties = MappingSchema::dataSourceProperties(mapping, name, dataSourceIds);
        if (!properties)
            continue;
        const QString id = fakeId(dataSourceIds.size());
        dataSourceIds.insert(name, id);
        const DataSourceInfo dataSource = NotionObjects::dataSource(
            QJsonObject{{QStringLiteral("id"), id},
                        {QStringLiteral("properties"), createdProperties(properties.value())}});
        for (const PropertyMapping &property : resource->properties) {
            const PropertySchema *schema = dataSource.property(property.property);
            FUZZ_CHECK(schema && schema->type == notionName(property.type),
                       name + QStringLiteral(": ") + property.property);
        }
        const PropertySchema *idProperty = dataSource.property(resource->idProperty);
        FUZZ_CHECK(idProperty && idProperty->type == QLatin1String("rich_text"), resource->idProperty);
        dataSources.insert(name, dataSource);
    }
    for (ResourceMapping &resource : mapping.resources) {
        if (resource.notionDatabase.isEmpty())
            resource.notionDatabase = fakeId(99);
    }
    (void)MappingValidator::problems(mapping, dataSources);
}

void checkOverrides(Mapping mapping) {
    QStringList good;
    for (const ResourceMapping &resource : mapping.resources) {
        if (resource.hasOwnPage())
            good.append(resource.name + QStringLiteral("=0123456789abcdef0123456789ABCDEF"));
    }
    Mapping overridden = mapping;
    const auto applied = MappingLoader::applyDatabaseOverrides(overridden, good);
    FUZZ_CHECK(applied.ok(), applied.ok() ? QString() : applied.error().message);
    for (const ResourceMapping &resource : overridden.resources) {
        if (resource.hasOwnPage())
            FUZZ_CHECK(resource.notionDatabase == QLatin1String("01234567-89ab-cdef-0123-456789abcdef"),
                       resource.notionDatabase);
    }
    Mapping untouched = mapping;
    const auto refused = MappingLoader::applyDatabaseOverrides(
        untouched,
        good + QStringList{QStringLiteral("no-such-resource-type=0123456789abcdef0123456789abcdef")});
    FUZZ_CHECK(!refused.ok() && refused.error().code == QLatin1String("bad_override"),
               QStringLiteral("refused"));
    for (qsizetype i = 0; i < mapping.resources.size(); ++i)
        FUZZ_CHECK(untouched.resources.at(i).notionDatabase == mapping.resources.at(i).notionDatabase,
                   QStringLiteral("a refused override changed the mapping"));
}

void load(const QByteArray &json) {
    const auto mapping = MappingLoader::fromJson(json, source);
    const auto again = MappingLoader::fromJson(json, source);
    FUZZ_CHECK(mapping.ok() == again.ok(), QStringLiteral("not deterministic"));
    if (!mapping) {
        FUZZ_CHECK(mapping.error().message == again.error().message, mapping.error().message);
        FUZZ_CHECK(mapping.error().code == QLatin1String("bad_mapping"), mapping.error().code);
        for (const QString &line : mapping.error().message.split(u'\n'))
            FUZZ_CHECK(line.startsWith(source + QLatin1Char(':')), line);
        return;
    }
    FUZZ_CHECK(mapping.value().sourceFile == source, mapping.value().sourceFile);
    checkSchemas(mapping.value());
    checkOverrides(mapping.value());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray bytes = fuzz::bytes(data, size);
    load(bytes); // a file as anyone may write it
    const QByteArray json = fuzz::jsonTextOf(data, size);
    if (json != bytes)
        load(json); // and, built from the same bytes, JSON that gets past the parser
    return 0;
}
