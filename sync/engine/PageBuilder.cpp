#include "engine/PageBuilder.h"

#include "notion/PropertyValueCodec.h"

#include <QJsonDocument>

namespace pgnotion {

PageBuilder::PageBuilder(const Mapping &mapping, RowReader &reader)
    : m_mapping(mapping)
    , m_reader(reader) {}

Result<QVariant> PageBuilder::sourceValue(const PropertyMapping &property, const QVariantMap &row,
                                          BuiltProperties &built) {
    QVariant value = row.value(property.column);
    if (property.type == PropertyType::Relation) {
        if (value.isNull() || value.toString().isEmpty())
            return QVariant(QStringList());
        const ResourceMapping *related = m_mapping.resource(property.relationResource);
        if (!related)
            return Error{QStringLiteral("relation %1 points at unknown resource %2")
                             .arg(property.property, property.relationResource),
                         QStringLiteral("bad_mapping")};
        auto page = m_reader.pageIdOf(*related, value.toString());
        if (!page)
            return page.error();
        if (page.value().isEmpty()) {
            built.missing.append({related->name, value.toString()});
            return QVariant(QStringList());
        }
        return QVariant(QStringList{page.value()});
    }
    if (!value.isNull() && !property.values.isEmpty()) {
        const QString text = value.toString();
        value = property.values.contains(text) ? QVariant(property.values.value(text)) : value;
    }
    if (!value.isNull() && !property.format.isEmpty())
        value = QString(property.format).replace(QStringLiteral("{value}"), value.toString());
    return value;
}

Result<BuiltProperties> PageBuilder::build(const ResourceMapping &resource,
                                           const QList<PropertyMapping> &properties, const QVariantMap &row,
                                           const QString &key, bool withIdProperty) {
    BuiltProperties built;
    auto add = [&built](const QString &name, PropertyType type, const QVariant &value,
                        const DateOptions &dates) -> Result<void> {
        auto converted = PropertyValueCodec::toNotion(type, value, dates);
        if (!converted)
            return Error{QStringLiteral("property \"%1\": %2").arg(name, converted.error().message),
                         converted.error().code};
        const QJsonObject object = converted.value().value.toObject();
        built.properties.insert(name, object);
        for (const QString &warning : converted.value().warnings)
            built.warnings.append(QStringLiteral("property \"%1\": %2").arg(name, warning));
        auto canonical = PropertyValueCodec::canonicalForm(type, object);
        built.canonical.insert(name, canonical ? canonical.value()
                                               : QString::fromUtf8(QJsonDocument(object).toJson()));
        return {};
    };
    for (const PropertyMapping &property : properties) {
        auto value = sourceValue(property, row, built);
        if (!value)
            return Error{QStringLiteral("%1 %2: %3").arg(resource.name, key, value.error().message),
                         value.error().code};
        if (auto added =
                add(property.property, property.type, value.value(), {property.timeZone, property.dateOnly});
            !added)
            return Error{QStringLiteral("%1 %2: %3").arg(resource.name, key, added.error().message),
                         added.error().code};
    }
    if (withIdProperty) {
        if (auto added = add(resource.idProperty, PropertyType::RichText, key, {}); !added)
            return added.error();
    }
    return built;
}

QJsonArray PageBuilder::blocks(const ResourceMapping &resource, const QVariantMap &row) const {
    QJsonArray result;
    for (const BlockMapping &block : resource.blocks) {
        const QString content = block.column.isEmpty() ? block.text : row.value(block.column).toString();
        if (content.isEmpty())
            continue;
        if (block.type == QLatin1String("file") || block.type == QLatin1String("image") ||
            block.type == QLatin1String("pdf") || block.type == QLatin1String("video")) {
            result.append(QJsonObject{
                {QStringLiteral("type"), block.type},
                {block.type,
                 QJsonObject{{QStringLiteral("type"), QStringLiteral("external")},
                             {QStringLiteral("external"), QJsonObject{{QStringLiteral("url"), content}}}}}});
        } else if (block.type == QLatin1String("bookmark") || block.type == QLatin1String("embed")) {
            result.append(QJsonObject{{QStringLiteral("type"), block.type},
                                      {block.type, QJsonObject{{QStringLiteral("url"), content}}}});
        } else {
            const QJsonObject text{
                {QStringLiteral("type"), QStringLiteral("text")},
                {QStringLiteral("text"), QJsonObject{{QStringLiteral("content"), content.left(2000)}}}};
            result.append(
                QJsonObject{{QStringLiteral("type"), block.type},
                            {block.type, QJsonObject{{QStringLiteral("rich_text"), QJsonArray{text}}}}});
        }
    }
    return result;
}

} // namespace pgnotion
