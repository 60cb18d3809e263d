#include "mapping/MappingSchema.h"

#include "mapping/MappingText.h"
#include "notion/NotionApi.h"

#include <QJsonArray>

namespace pgnotion {

namespace {

QJsonArray options(const QStringList &names) {
    QJsonArray result;
    for (const QString &name : names)
        result.append(QJsonObject{{QStringLiteral("name"), name}});
    return result;
}

// The options a new status property gets when none are given, with their groups (To-do, In progress,
// Complete). The API can name status options at creation but cannot put them into groups.
bool withinDefaultStatusOptions(const QStringList &names) {
    static const QStringList defaults{QStringLiteral("Not started"), QStringLiteral("In progress"),
                                      QStringLiteral("Done")};
    for (const QString &name : names) {
        if (!defaults.contains(name))
            return false;
    }
    return true;
}

} // namespace

QString MappingSchema::formatted(const PropertyMapping &property, const QString &value) {
    if (property.format.isEmpty())
        return value;
    QString result = property.format;
    return result.replace(QStringLiteral("{value}"), value);
}

QStringList MappingSchema::optionNames(const PropertyMapping &property) {
    QStringList names;
    for (const QString &value : property.values) {
        const QString name = formatted(property, value);
        if (!names.contains(name))
            names.append(name);
    }
    return names;
}

QJsonObject MappingSchema::propertyConfig(const PropertyMapping &property,
                                          const QString &relatedDataSourceId) {
    QJsonObject config;
    const QStringList names = optionNames(property);
    switch (property.type) {
    case PropertyType::Select:
    case PropertyType::MultiSelect:
        if (!names.isEmpty())
            config.insert(QStringLiteral("options"), options(names));
        break;
    case PropertyType::Status:
        // Given options replace Notion's defaults and all land in one group; when the mapping only uses the
        // default names, leave them to Notion so that "Done" is in the Complete group.
        if (!withinDefaultStatusOptions(names))
            config.insert(QStringLiteral("options"), options(names));
        break;
    case PropertyType::Relation:
        // single_property: a dual relation would add a property to the related database that the mapping
        // does not describe (and the validator would not know).
        config.insert(QStringLiteral("data_source_id"), relatedDataSourceId);
        config.insert(QStringLiteral("type"), QStringLiteral("single_property"));
        config.insert(QStringLiteral("single_property"), QJsonObject{});
        break;
    default:
        break;
    }
    return QJsonObject{{notionName(property.type), config}};
}

Result<QJsonObject> MappingSchema::dataSourceProperties(const Mapping &mapping, const QString &resourceName,
                                                        const QHash<QString, QString> &dataSourceIds) {
    const ResourceMapping *resource = mapping.resource(resourceName);
    if (!resource || !resource->hasOwnPage())
        return Error{
            MappingText::problem(mapping.sourceFile, MappingText::resource(resourceName),
                                 QStringLiteral("no such resource with pages of its own, so no database "
                                                "to create")),
            QStringLiteral("bad_mapping")};
    // Every mapping that writes into these pages, in order: the resource's own, then other resources'
    // update rules. One property may be written by several (types agree: the loader checks that).
    QList<std::pair<PropertyMapping, QString>> writers;
    for (const PropertyMapping &property : resource->properties)
        writers.append({property, MappingText::property(resourceName, property.property)});
    for (const ResourceMapping &other : mapping.resources) {
        if (!other.enabled || other.name == resourceName)
            continue;
        for (const PageUpdateRule &rule : other.updates) {
            if (rule.resource != resourceName)
                continue;
            for (const PropertyMapping &property : rule.properties)
                writers.append(
                    {property, MappingText::ruleProperty(other.name, resourceName, property.property)});
        }
    }

    QJsonObject properties;
    QStringList problems;
    for (const auto &[property, where] : writers) {
        QString related;
        if (property.type == PropertyType::Relation) {
            related = NotionApi::normalizeId(dataSourceIds.value(property.relationResource));
            if (related.isEmpty()) {
                problems.append(MappingText::problem(
                    mapping.sourceFile, where,
                    QStringLiteral(
                        "the database of \"%1\" must exist first (its data source id is needed for "
                        "the relation): create databases in sync order")
                        .arg(property.relationResource)));
                continue;
            }
        }
        QJsonObject config = propertyConfig(property, related);
        const QJsonObject known = properties.value(property.property).toObject();
        const QString type = notionName(property.type);
        if (!known.isEmpty()) {
            // A second writer of a select: the options of both.
            QJsonArray merged = known.value(type).toObject().value(QStringLiteral("options")).toArray();
            for (const QJsonValue &option :
                 config.value(type).toObject().value(QStringLiteral("options")).toArray()) {
                if (!merged.contains(option))
                    merged.append(option);
            }
            config = known;
            if (!merged.isEmpty())
                config.insert(type, QJsonObject{{QStringLiteral("options"), merged}});
        }
        properties.insert(property.property, config);
    }
    properties.insert(resource->idProperty, QJsonObject{{QStringLiteral("rich_text"), QJsonObject{}}});
    if (!problems.isEmpty())
        return Error{problems.join(QLatin1Char('\n')), QStringLiteral("missing_data_source")};
    return properties;
}

} // namespace pgnotion
