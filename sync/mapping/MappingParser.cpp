#include "mapping/MappingParser.h"

#include "mapping/InboundRuleParser.h"
#include "mapping/MappingText.h"
#include "notion/NotionApi.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTimeZone>

#include <utility>

namespace pgnotion {

namespace {

QString latin1(const char *text) {
    return QString::fromLatin1(text);
}

QString knownTypeNames() {
    QStringList names;
    for (int type = int(PropertyType::Title); type <= int(PropertyType::People); ++type)
        names.append(notionName(PropertyType(type)));
    return names.join(QStringLiteral(", "));
}

// Types whose value is text, where "format" ("Tier {value}") makes sense.
bool isTextual(PropertyType type) {
    switch (type) {
    case PropertyType::Title:
    case PropertyType::RichText:
    case PropertyType::Select:
    case PropertyType::MultiSelect:
    case PropertyType::Status:
    case PropertyType::Url:
    case PropertyType::Email:
    case PropertyType::PhoneNumber:
        return true;
    default:
        return false;
    }
}

const QStringList &urlBlockTypes() {
    static const QStringList types{
        QStringLiteral("file"),  QStringLiteral("image"), QStringLiteral("bookmark"), QStringLiteral("embed"),
        QStringLiteral("video"), QStringLiteral("pdf"),   QStringLiteral("audio")};
    return types;
}

const QStringList &textBlockTypes() {
    static const QStringList types{QStringLiteral("paragraph"),
                                   QStringLiteral("heading_1"),
                                   QStringLiteral("heading_2"),
                                   QStringLiteral("heading_3"),
                                   QStringLiteral("quote"),
                                   QStringLiteral("callout"),
                                   QStringLiteral("bulleted_list_item"),
                                   QStringLiteral("numbered_list_item")};
    return types;
}

} // namespace

MappingParser::MappingParser(QString source)
    : m_source(std::move(source)) {}

void MappingParser::report(const QString &where, const QString &what) {
    m_problems.append(MappingText::problem(m_source, where, what));
}

void MappingParser::checkKeys(const QJsonObject &object, std::initializer_list<const char *> known,
                              const QString &where) {
    QStringList names;
    for (const char *name : known)
        names.append(latin1(name));
    for (auto it = object.begin(); it != object.end(); ++it) {
        // "comment" is allowed everywhere: JSON has no comments, and a mapping deserves them.
        if (it.key() != QLatin1String("comment") && !names.contains(it.key()))
            report(where, QStringLiteral("unknown key \"%1\" (known here: %2)")
                              .arg(it.key(), names.join(QStringLiteral(", "))));
    }
}

QString MappingParser::string(const QJsonObject &object, const char *key, const QString &where,
                              bool required) {
    const QJsonValue value = object.value(latin1(key));
    if (value.isUndefined()) {
        if (required)
            report(where, QStringLiteral("\"%1\" is missing").arg(latin1(key)));
        return {};
    }
    if (!value.isString()) {
        report(where, QStringLiteral("\"%1\" must be a string").arg(latin1(key)));
        return {};
    }
    if (required && value.toString().trimmed().isEmpty())
        report(where, QStringLiteral("\"%1\" is empty").arg(latin1(key)));
    return value.toString().trimmed();
}

bool MappingParser::boolean(const QJsonObject &object, const char *key, const QString &where, bool fallback) {
    const QJsonValue value = object.value(latin1(key));
    if (value.isUndefined())
        return fallback;
    if (!value.isBool()) {
        report(where, QStringLiteral("\"%1\" must be true or false").arg(latin1(key)));
        return fallback;
    }
    return value.toBool();
}

Mapping MappingParser::parse(const QJsonObject &root) {
    Mapping mapping;
    mapping.sourceFile = m_source;
    checkKeys(root, {"version", "resources"}, {});
    if (root.value(QStringLiteral("version")).toInt(-1) != 1 ||
        !root.value(QStringLiteral("version")).isDouble())
        report({}, QStringLiteral("\"version\" must be 1 (the mapping format this pgnotion reads)"));
    const QJsonValue resources = root.value(QStringLiteral("resources"));
    if (!resources.isObject() || resources.toObject().isEmpty()) {
        report({}, QStringLiteral("\"resources\" must be an object with at least one resource type"));
        return mapping;
    }
    const QJsonObject object = resources.toObject();
    for (auto it = object.begin(); it != object.end(); ++it)
        mapping.resources.append(resource(it.key(), it.value()));
    return mapping;
}

ResourceMapping MappingParser::resource(const QString &name, const QJsonValue &value) {
    const QString where = MappingText::resource(name);
    ResourceMapping resource;
    resource.name = name;
    if (!MappingText::isIdentifier(name))
        report(where, QStringLiteral("a resource type must be a plain identifier (it is the resource_type "
                                     "of sync jobs)"));
    if (!value.isObject()) {
        report(where, QStringLiteral("must be an object"));
        return resource;
    }
    const QJsonObject object = value.toObject();
    checkKeys(object,
              {"enabled", "table", "key", "query", "page_id_column", "notion_database", "database_title",
               "id_property", "on_missing_page", "properties", "blocks", "updates", "inbound"},
              where);
    resource.enabled = boolean(object, "enabled", where, true);
    resource.table = string(object, "table", where, true);
    if (!resource.table.isEmpty() && !MappingText::isTableName(resource.table))
        report(where, QStringLiteral("table \"%1\" is not a plain SQL name (table or schema.table, letters, "
                                     "digits and _)")
                          .arg(resource.table));
    if (object.contains(QStringLiteral("key")))
        resource.keyColumn = string(object, "key", where, true);
    if (!resource.keyColumn.isEmpty() && !MappingText::isIdentifier(resource.keyColumn))
        report(where,
               QStringLiteral("key column \"%1\" is not a plain SQL identifier").arg(resource.keyColumn));
    resource.query = string(object, "query", where, false);
    static const QRegularExpression keyParameter(QStringLiteral("(?<!:):key\\b"));
    if (object.contains(QStringLiteral("query")) && !keyParameter.match(resource.query).hasMatch())
        report(where, QStringLiteral("the query has no :key parameter (where the row's key goes, e.g. "
                                     "\"... WHERE p.id = :key\")"));

    const QJsonValue pageColumn = object.value(QStringLiteral("page_id_column"));
    if (pageColumn.isNull()) {
        resource.pageIdColumn.clear();
    } else if (!pageColumn.isUndefined()) {
        resource.pageIdColumn = string(object, "page_id_column", where, false);
        if (!resource.pageIdColumn.isEmpty() && !MappingText::isIdentifier(resource.pageIdColumn))
            report(where, QStringLiteral("page_id_column \"%1\" is not a plain SQL identifier")
                              .arg(resource.pageIdColumn));
    }
    if (!resource.hasOwnPage()) {
        for (const char *key : {"notion_database", "database_title", "id_property", "on_missing_page",
                                "properties", "blocks", "inbound"}) {
            if (object.contains(latin1(key)))
                report(where, QStringLiteral("\"%1\" is only for resources with pages of their own (this one "
                                             "has \"page_id_column\": null)")
                                  .arg(latin1(key)));
        }
    }

    resource.notionDatabase = database(string(object, "notion_database", where, false), where);
    resource.databaseTitle = string(object, "database_title", where, false);
    if (resource.databaseTitle.isEmpty())
        resource.databaseTitle = name;
    if (object.contains(QStringLiteral("id_property")))
        resource.idProperty = string(object, "id_property", where, true);
    const QString missing = string(object, "on_missing_page", where, false);
    if (missing == QLatin1String("report"))
        resource.onMissingPage = ResourceMapping::MissingPage::Report;
    else if (!missing.isEmpty() && missing != QLatin1String("recreate"))
        report(where,
               QStringLiteral("on_missing_page must be \"recreate\" or \"report\", not \"%1\"").arg(missing));

    resource.properties = properties(object.value(QStringLiteral("properties")), name, {});
    resource.blocks = blocks(object.value(QStringLiteral("blocks")), name);
    resource.updates = updates(object.value(QStringLiteral("updates")), name);
    if (resource.hasOwnPage()) {
        InboundRuleParser inbound(m_source);
        resource.inbound = inbound.parse(object.value(QStringLiteral("inbound")), resource);
        m_problems += inbound.problems();
    }

    if (!resource.hasOwnPage() && resource.updates.isEmpty())
        report(where,
               QStringLiteral("has no page of its own (\"page_id_column\": null) and no \"updates\": it "
                              "would sync nothing; give it a page_id_column or update rules"));
    if (resource.hasOwnPage()) {
        if (resource.property(resource.idProperty))
            report(MappingText::property(name, resource.idProperty),
                   QStringLiteral("clashes with the id property (\"id_property\"), where pgnotion writes the "
                                  "Postgres key: rename one of them"));
        QStringList titles;
        // Counted in the JSON: a property with an unknown type has no type of its own to count.
        const QJsonObject properties = object.value(QStringLiteral("properties")).toObject();
        for (auto it = properties.begin(); it != properties.end(); ++it) {
            if (it.value().toObject().value(QStringLiteral("type")) == QLatin1String("title"))
                titles.append(it.key());
        }
        if (titles.isEmpty())
            report(where, QStringLiteral("maps no title property: a Notion page needs exactly one (e.g. "
                                         "\"Name\": {\"column\": \"name\", \"type\": \"title\"})"));
        else if (titles.size() > 1)
            report(where, QStringLiteral("maps %1 title properties (%2): a Notion database has exactly one")
                              .arg(titles.size())
                              .arg(titles.join(QStringLiteral(", "))));
    }
    return resource;
}

QString MappingParser::database(const QString &raw, const QString &where) {
    // ${NAME} is replaced from the environment; unset or empty means "not configured yet", which the
    // validator reports (a file shared between machines names its databases this way).
    static const QRegularExpression variable(QStringLiteral("\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}"));
    QString expanded = raw;
    QStringList names;
    for (auto it = variable.globalMatch(raw); it.hasNext();) {
        const auto match = it.next();
        names.append(match.captured(1));
        expanded.replace(match.captured(0), qEnvironmentVariable(match.captured(1).toLatin1().constData()));
    }
    if (expanded.contains(QStringLiteral("${"))) {
        report(where, QStringLiteral("notion_database \"%1\": ${...} must enclose an environment variable "
                                     "name (letters, digits and _)")
                          .arg(raw));
        return {};
    }
    expanded = expanded.trimmed();
    if (expanded.isEmpty())
        return {};
    const QString id = NotionApi::normalizeId(expanded);
    if (!MappingText::isNotionId(id)) {
        const QString from = names.isEmpty()
                                 ? QString()
                                 : QStringLiteral(" (from ${%1})").arg(names.join(QStringLiteral("}, ${")));
        report(where, QStringLiteral("notion_database \"%1\"%2 is not a Notion database id or URL")
                          .arg(expanded, from));
        return {};
    }
    return id;
}

QList<PropertyMapping> MappingParser::properties(const QJsonValue &value, const QString &resource,
                                                 const QString &target) {
    QList<PropertyMapping> result;
    if (value.isUndefined())
        return result;
    const QString where =
        target.isEmpty() ? MappingText::resource(resource) : MappingText::rule(resource, target);
    if (!value.isObject()) {
        report(where,
               QStringLiteral("\"properties\" must be an object: property name -> {\"column\", \"type\"}"));
        return result;
    }
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString propertyWhere = target.isEmpty()
                                          ? MappingText::property(resource, it.key())
                                          : MappingText::ruleProperty(resource, target, it.key());
        result.append(property(it.key(), it.value(), propertyWhere));
    }
    return result;
}

PropertyMapping MappingParser::property(const QString &name, const QJsonValue &value, const QString &where) {
    PropertyMapping property;
    property.property = name;
    if (name.trimmed().isEmpty() || name != name.trimmed())
        report(where, QStringLiteral("a property name must not be empty or start or end with spaces"));
    if (!value.isObject()) {
        report(where, QStringLiteral("must be an object like {\"column\": \"name\", \"type\": \"title\"}"));
        return property;
    }
    const QJsonObject object = value.toObject();
    checkKeys(object, {"column", "type", "format", "values", "time_zone", "date_only", "resource"}, where);
    const QString typeName = string(object, "type", where, true);
    const std::optional<PropertyType> type = propertyTypeFromNotionName(typeName);
    if (type)
        property.type = *type;
    else if (!typeName.isEmpty())
        report(where,
               QStringLiteral("unknown type \"%1\" (pgnotion writes: %2)").arg(typeName, knownTypeNames()));
    property.column = string(object, "column", where, true);
    if (!property.column.isEmpty() && !MappingText::isIdentifier(property.column))
        report(where,
               QStringLiteral("column \"%1\" is not a plain SQL identifier (letters, digits and _; use "
                              "\"query\" with an alias for expressions)")
                   .arg(property.column));

    if (object.contains(QStringLiteral("format"))) {
        property.format = string(object, "format", where, false);
        if (!property.format.contains(QStringLiteral("{value}")))
            report(where, QStringLiteral("format \"%1\" has no {value} (where the column's value goes)")
                              .arg(property.format));
        if (type && !isTextual(*type))
            report(where, QStringLiteral("\"format\" applies to text-like types, not to %1").arg(typeName));
    }
    const QJsonValue values = object.value(QStringLiteral("values"));
    if (!values.isUndefined()) {
        if (type && (!isTextual(*type) || *type == PropertyType::Url))
            report(where, QStringLiteral("\"values\" applies to text, select and status types, not to %1")
                              .arg(typeName));
        const QJsonObject map = values.toObject();
        if (!values.isObject())
            report(where, QStringLiteral("\"values\" must be an object: Postgres value -> Notion name"));
        for (auto it = map.begin(); it != map.end(); ++it) {
            if (!it.value().isString() || it.value().toString().trimmed().isEmpty())
                report(where,
                       QStringLiteral("\"values\": \"%1\" must map to a non-empty string").arg(it.key()));
            else
                property.values.insert(it.key(), it.value().toString());
        }
    }
    const bool isDate = type == PropertyType::Date;
    if (object.contains(QStringLiteral("time_zone"))) {
        property.timeZone = string(object, "time_zone", where, false);
        if (!isDate)
            report(where, QStringLiteral("\"time_zone\" applies to date properties only"));
        else if (!QTimeZone::isTimeZoneIdAvailable(property.timeZone.toUtf8()))
            report(where, QStringLiteral("unknown time zone \"%1\" (an IANA name like \"Europe/Berlin\")")
                              .arg(property.timeZone));
    }
    if (object.contains(QStringLiteral("date_only"))) {
        property.dateOnly = boolean(object, "date_only", where, false);
        if (!isDate)
            report(where, QStringLiteral("\"date_only\" applies to date properties only"));
    }
    property.relationResource = string(object, "resource", where, false);
    if (type == PropertyType::Relation && property.relationResource.isEmpty())
        report(where,
               QStringLiteral("a relation needs \"resource\": the resource type whose page it links to"));
    if (type && type != PropertyType::Relation && object.contains(QStringLiteral("resource")))
        report(where, QStringLiteral("\"resource\" applies to relation properties only"));
    return property;
}

QList<BlockMapping> MappingParser::blocks(const QJsonValue &value, const QString &resource) {
    QList<BlockMapping> result;
    if (value.isUndefined())
        return result;
    if (!value.isArray()) {
        report(MappingText::resource(resource), QStringLiteral("\"blocks\" must be an array"));
        return result;
    }
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString where = MappingText::resource(resource) + QStringLiteral(", block %1").arg(i + 1);
        const QJsonObject object = array.at(i).toObject();
        checkKeys(object, {"type", "column", "text"}, where);
        BlockMapping block;
        block.type = string(object, "type", where, true);
        block.column = string(object, "column", where, false);
        block.text = string(object, "text", where, false);
        if (!block.column.isEmpty() && !MappingText::isIdentifier(block.column))
            report(where, QStringLiteral("column \"%1\" is not a plain SQL identifier").arg(block.column));
        if (urlBlockTypes().contains(block.type)) {
            if (block.column.isEmpty() || !block.text.isEmpty())
                report(
                    where,
                    QStringLiteral("a %1 block needs \"column\" (the URL) and no \"text\"").arg(block.type));
        } else if (textBlockTypes().contains(block.type)) {
            if (block.column.isEmpty() == block.text.isEmpty())
                report(where,
                       QStringLiteral("a %1 block needs either \"column\" or \"text\"").arg(block.type));
        } else if (block.type == QLatin1String("divider")) {
            if (!block.column.isEmpty() || !block.text.isEmpty())
                report(where, QStringLiteral("a divider block has no \"column\" or \"text\""));
        } else if (!block.type.isEmpty()) {
            report(where, QStringLiteral("unknown block type \"%1\" (known: %2, %3, divider)")
                              .arg(block.type, urlBlockTypes().join(QStringLiteral(", ")),
                                   textBlockTypes().join(QStringLiteral(", "))));
        }
        result.append(block);
    }
    return result;
}

QList<PageUpdateRule> MappingParser::updates(const QJsonValue &value, const QString &resource) {
    QList<PageUpdateRule> result;
    if (value.isUndefined())
        return result;
    if (!value.isArray()) {
        report(MappingText::resource(resource), QStringLiteral("\"updates\" must be an array of rules"));
        return result;
    }
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        QString where = MappingText::resource(resource) + QStringLiteral(", update rule %1").arg(i + 1);
        const QJsonObject object = array.at(i).toObject();
        checkKeys(object, {"resource", "key_column", "properties"}, where);
        PageUpdateRule rule;
        rule.resource = string(object, "resource", where, true);
        if (!rule.resource.isEmpty())
            where = MappingText::rule(resource, rule.resource);
        rule.keyColumn = string(object, "key_column", where, true);
        if (!rule.keyColumn.isEmpty() && !MappingText::isIdentifier(rule.keyColumn))
            report(where,
                   QStringLiteral("key_column \"%1\" is not a plain SQL identifier").arg(rule.keyColumn));
        rule.properties = properties(object.value(QStringLiteral("properties")), resource,
                                     rule.resource.isEmpty() ? QStringLiteral("?") : rule.resource);
        if (rule.properties.isEmpty())
            report(where, QStringLiteral("\"properties\" is missing or empty: the rule would set nothing"));
        result.append(rule);
    }
    return result;
}

} // namespace pgnotion
