#include "mapping/MappingValidator.h"

#include "mapping/MappingSchema.h"
#include "mapping/MappingText.h"

namespace pgnotion {

namespace {

QString describe(const DataSourceInfo &dataSource) {
    return QStringLiteral("data source \"%1\" (%2)").arg(dataSource.title, dataSource.id);
}

} // namespace

Result<void> MappingValidator::validate(const Mapping &mapping,
                                        const QHash<QString, DataSourceInfo> &dataSources) {
    const QStringList found = problems(mapping, dataSources);
    if (found.isEmpty())
        return {};
    return Error{found.join(QLatin1Char('\n')), QStringLiteral("mapping_mismatch")};
}

QStringList MappingValidator::problems(const Mapping &mapping,
                                       const QHash<QString, DataSourceInfo> &dataSources) {
    QStringList problems;
    const QString &source = mapping.sourceFile;
    for (const ResourceMapping &resource : mapping.resources) {
        if (!resource.enabled || !resource.hasOwnPage())
            continue;
        const QString where = MappingText::resource(resource.name);
        if (resource.notionDatabase.isEmpty()) {
            problems.append(MappingText::problem(
                source, where,
                QStringLiteral("no Notion database configured: set \"notion_database\" (or its environment "
                               "variable), run with --notion-database %1=ID, or let pgnotion create the "
                               "databases under a page")
                    .arg(resource.name)));
            continue;
        }
        const auto dataSource = dataSources.constFind(resource.name);
        if (dataSource == dataSources.constEnd()) {
            problems.append(MappingText::problem(
                source, where,
                QStringLiteral("the schema of database %1 could not be read: share the database with the "
                               "integration and check the id")
                    .arg(resource.notionDatabase)));
            continue;
        }
        for (const PropertyMapping &property : resource.properties)
            checkProperty(mapping, property, MappingText::property(resource.name, property.property),
                          *dataSource, dataSources, problems);
        for (const ResourceMapping &other : mapping.resources) {
            if (!other.enabled)
                continue;
            for (const PageUpdateRule &rule : other.updates) {
                if (rule.resource != resource.name)
                    continue;
                for (const PropertyMapping &property : rule.properties)
                    checkProperty(mapping, property,
                                  MappingText::ruleProperty(other.name, rule.resource, property.property),
                                  *dataSource, dataSources, problems);
            }
        }
        for (const InboundRule &rule : resource.inbound) {
            static const QStringList readable{QStringLiteral("title"),    QStringLiteral("rich_text"),
                                              QStringLiteral("number"),   QStringLiteral("select"),
                                              QStringLiteral("status"),   QStringLiteral("date"),
                                              QStringLiteral("checkbox"), QStringLiteral("url"),
                                              QStringLiteral("email"),    QStringLiteral("phone_number")};
            const QString ruleWhere = where + QStringLiteral(", inbound rule (\"%1\")").arg(rule.property);
            // A property mapped outbound too was checked above; its mapped type must be readable.
            if (const PropertyMapping *outbound = resource.property(rule.property)) {
                if (!readable.contains(notionName(outbound->type)))
                    problems.append(MappingText::problem(
                        source, ruleWhere,
                        QStringLiteral("is %1 in the mapping: inbound rules read %2")
                            .arg(notionName(outbound->type), readable.join(QStringLiteral(", ")))));
                continue;
            }
            const PropertySchema *schema = dataSource->property(rule.property);
            if (!schema)
                problems.append(MappingText::problem(
                    source, ruleWhere,
                    QStringLiteral("%1 has no such property: fix the name in the mapping (names are "
                                   "case-sensitive) or add the property in Notion")
                        .arg(describe(*dataSource))));
            else if (!readable.contains(schema->type))
                problems.append(MappingText::problem(
                    source, ruleWhere,
                    QStringLiteral("is %1 in %2: inbound rules read %3")
                        .arg(schema->type, describe(*dataSource), readable.join(QStringLiteral(", ")))));
        }
        const PropertySchema *id = dataSource->property(resource.idProperty);
        const QString idWhere = MappingText::property(resource.name, resource.idProperty);
        if (!id)
            problems.append(MappingText::problem(
                source, idWhere,
                QStringLiteral("%1 has no such property: add a rich_text property \"%2\" (pgnotion keeps the "
                               "Postgres key there to find its own pages)")
                    .arg(describe(*dataSource), resource.idProperty)));
        else if (id->type != QLatin1String("rich_text"))
            problems.append(MappingText::problem(
                source, idWhere,
                QStringLiteral(
                    "is %1 in %2 but must be rich_text (it holds the Postgres key): change its type "
                    "in Notion")
                    .arg(id->type, describe(*dataSource))));
    }
    return problems;
}

void MappingValidator::checkProperty(const Mapping &mapping, const PropertyMapping &property,
                                     const QString &where, const DataSourceInfo &dataSource,
                                     const QHash<QString, DataSourceInfo> &dataSources,
                                     QStringList &problems) {
    const QString &source = mapping.sourceFile;
    const QString type = notionName(property.type);
    const PropertySchema *schema = dataSource.property(property.property);
    if (!schema) {
        problems.append(MappingText::problem(
            source, where,
            QStringLiteral(
                "%1 has no such property: add a %2 property \"%3\" in Notion, or fix the name in the "
                "mapping (names are case-sensitive)")
                .arg(describe(dataSource), type, property.property)));
        return;
    }
    if (schema->type != type) {
        problems.append(MappingText::problem(
            source, where,
            QStringLiteral("is %1 in %2 but %3 in the mapping: change the property's type in Notion or "
                           "\"type\" in the mapping")
                .arg(schema->type, describe(dataSource), type)));
        return;
    }
    if (property.type == PropertyType::Relation) {
        const QString target = schema->raw.value(QStringLiteral("relation"))
                                   .toObject()
                                   .value(QStringLiteral("data_source_id"))
                                   .toString();
        const auto related = dataSources.constFind(property.relationResource);
        // Only when both are known: an older schema without data_source_id cannot be checked.
        if (!target.isEmpty() && related != dataSources.constEnd() &&
            NotionApi::normalizeId(target) != NotionApi::normalizeId(related->id))
            problems.append(MappingText::problem(
                source, where,
                QStringLiteral(
                    "links to data source %1, but resource \"%2\" syncs to %3: point the relation at "
                    "that database in Notion, or fix \"resource\" in the mapping")
                    .arg(target, property.relationResource, describe(*related))));
    }
    if (property.type == PropertyType::Status) {
        // Select options are created by the first page that uses them; status options cannot be created
        // through the API, so a missing one would fail every sync of such a row.
        for (auto it = property.values.cbegin(); it != property.values.cend(); ++it) {
            const QString option = MappingSchema::formatted(property, it.value());
            if (!schema->options.contains(option))
                problems.append(MappingText::problem(
                    source, where,
                    QStringLiteral(
                        "status option \"%1\" (for Postgres value \"%2\") does not exist in %3 (it has: "
                        "%4): add it to the property in Notion (the API cannot create status options) "
                        "or change \"values\"")
                        .arg(option, it.key(), describe(dataSource),
                             schema->options.join(QStringLiteral(", ")))));
        }
    }
}

} // namespace pgnotion
