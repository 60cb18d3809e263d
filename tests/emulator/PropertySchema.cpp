#include "PropertySchema.h"

#include "ApiError.h"
#include "NotionIds.h"

#include <QJsonArray>

namespace notionemu {

using namespace Qt::StringLiterals;

namespace {

const QStringList &knownTypes() {
    static const QStringList types{u"title"_s,
                                   u"rich_text"_s,
                                   u"number"_s,
                                   u"select"_s,
                                   u"multi_select"_s,
                                   u"status"_s,
                                   u"date"_s,
                                   u"people"_s,
                                   u"files"_s,
                                   u"checkbox"_s,
                                   u"url"_s,
                                   u"email"_s,
                                   u"phone_number"_s,
                                   u"relation"_s,
                                   u"created_time"_s,
                                   u"created_by"_s,
                                   u"last_edited_time"_s,
                                   u"last_edited_by"_s,
                                   u"unique_id"_s};
    return types;
}

QJsonObject defaultStatusConfig() {
    const QJsonObject notStarted = PropertySchema::newOption(u"Not started"_s);
    const QJsonObject inProgress = PropertySchema::newOption(u"In progress"_s, u"blue"_s);
    const QJsonObject done = PropertySchema::newOption(u"Done"_s, u"green"_s);
    auto group = [](const QString &name, const QString &color, const QJsonObject &option) {
        return QJsonObject{{u"id"_s, newPropertyId()},
                           {u"name"_s, name},
                           {u"color"_s, color},
                           {u"option_ids"_s, QJsonArray{option.value(u"id"_s)}}};
    };
    return QJsonObject{{u"options"_s, QJsonArray{notStarted, inProgress, done}},
                       {u"groups"_s, QJsonArray{group(u"To-do"_s, u"gray"_s, notStarted),
                                                group(u"In progress"_s, u"blue"_s, inProgress),
                                                group(u"Complete"_s, u"green"_s, done)}}};
}

} // namespace

bool PropertySchema::isKnownType(const QString &type) {
    return knownTypes().contains(type);
}

bool PropertySchema::isReadOnlyType(const QString &type) {
    return type == u"created_time"_s || type == u"created_by"_s || type == u"last_edited_time"_s ||
           type == u"last_edited_by"_s || type == u"unique_id"_s;
}

QJsonObject PropertySchema::newOption(const QString &name, const QString &color) {
    return QJsonObject{{u"id"_s, newPropertyId()},
                       {u"name"_s, name},
                       {u"color"_s, color},
                       {u"description"_s, QJsonValue::Null}};
}

QJsonObject PropertySchema::findOption(const PropertyConfig &property, const QString &name,
                                       const QString &id) {
    const QJsonArray options = property.config.value(u"options"_s).toArray();
    for (const QJsonValue &option : options) {
        const QJsonObject object = option.toObject();
        if ((!id.isEmpty() && object.value(u"id"_s).toString() == id) ||
            (id.isEmpty() && object.value(u"name"_s).toString() == name))
            return object;
    }
    return {};
}

QJsonArray PropertySchema::optionsFromRequest(const QJsonValue &options, const QString &path) {
    QJsonArray result;
    const QJsonArray requested = options.toArray();
    if (requested.size() > 100)
        throw ApiError::tooLong(path + u".options.length"_s, 100, requested.size());
    for (const QJsonValue &value : requested) {
        const QJsonObject option = value.toObject();
        const QString name = option.value(u"name"_s).toString();
        if (name.contains(u','))
            // The message Notion gives (quoted in NOTION-API.md and in user reports), per property type.
            throw ApiError::validation(u"Invalid "_s + path.section(u'.', -1) +
                                       u" option, commas not allowed"_s);
        if (name.size() > 100)
            throw ApiError::tooLong(path + u".options.name.length"_s, 100, name.size());
        QJsonObject created = newOption(name, option.value(u"color"_s).toString(u"default"_s));
        if (option.contains(u"id"_s))
            created.insert(u"id"_s, option.value(u"id"_s));
        if (option.value(u"description"_s).isString())
            created.insert(u"description"_s, option.value(u"description"_s));
        result.append(created);
    }
    return result;
}

QJsonObject PropertySchema::configFromRequest(const QString &type, const QJsonObject &config,
                                              const Workspace &workspace, const QString &path) {
    if (type == u"number"_s)
        return QJsonObject{{u"format"_s, config.value(u"format"_s).toString(u"number"_s)}};
    if (type == u"select"_s || type == u"multi_select"_s)
        return QJsonObject{
            {u"options"_s, optionsFromRequest(config.value(u"options"_s), path + u'.' + type)}};
    if (type == u"status"_s) {
        if (!config.value(u"options"_s).isArray())
            return defaultStatusConfig();
        const QJsonArray options = optionsFromRequest(config.value(u"options"_s), path + u".status"_s);
        QJsonArray ids;
        for (const QJsonValue &option : options)
            ids.append(option.toObject().value(u"id"_s));
        const QJsonObject group{{u"id"_s, newPropertyId()},
                                {u"name"_s, u"To-do"_s},
                                {u"color"_s, u"gray"_s},
                                {u"option_ids"_s, ids}};
        return QJsonObject{{u"options"_s, options}, {u"groups"_s, QJsonArray{group}}};
    }
    if (type == u"relation"_s) {
        const QString dataSourceId = normalizeNotionId(config.value(u"data_source_id"_s).toString());
        if (dataSourceId.isEmpty() || !workspace.dataSources.contains(dataSourceId))
            // Written in Notion's style; no recorded message for this case was found.
            throw ApiError::validation(
                u"body failed validation: "_s + path +
                u".relation.data_source_id should be the id of an existing data source, "
                u"instead was `"_s +
                config.value(u"data_source_id"_s).toString() + u"`."_s);
        return QJsonObject{{u"database_id"_s, workspace.dataSources.value(dataSourceId).databaseId},
                           {u"data_source_id"_s, dataSourceId},
                           {u"type"_s, u"single_property"_s},
                           {u"single_property"_s, QJsonObject{}}};
    }
    if (type == u"unique_id"_s)
        return QJsonObject{{u"prefix"_s, config.value(u"prefix"_s).isString()
                                             ? config.value(u"prefix"_s)
                                             : QJsonValue(QJsonValue::Null)}};
    return QJsonObject{};
}

PropertyConfig PropertySchema::fromRequest(const QString &name, const QJsonObject &request,
                                           const Workspace &workspace, const QString &path) {
    QString type = request.value(u"type"_s).toString();
    if (type.isEmpty()) {
        for (auto it = request.begin(); it != request.end(); ++it)
            if (isKnownType(it.key()))
                type = it.key();
    }
    if (!isKnownType(type))
        // Formulas, rollups, buttons and the rarer types are not modelled by the emulator.
        throw ApiError::validation(u"body failed validation: "_s + path +
                                   u" should be a supported property type, instead was `"_s + type + u"`."_s);
    if (name.size() > 100 || name.trimmed().isEmpty())
        throw ApiError::validation(u"body failed validation: "_s + path +
                                   u" has an invalid property name."_s);
    PropertyConfig property;
    property.id = type == u"title"_s ? u"title"_s : newPropertyId();
    property.name = name;
    property.type = type;
    property.config = configFromRequest(type, request.value(type).toObject(), workspace, path);
    return property;
}

void PropertySchema::applyUpdate(PropertyConfig &property, const QJsonObject &request,
                                 const Workspace &workspace, const QString &path) {
    if (request.value(u"name"_s).isString())
        property.name = request.value(u"name"_s).toString();
    const QString type = request.value(u"type"_s).toString(property.type);
    if (type != property.type) {
        // Changing a property's type: take the new configuration as a whole.
        const PropertyConfig replaced = fromRequest(property.name, request, workspace, path);
        property.type = replaced.type;
        property.config = replaced.config;
        return;
    }
    if (!request.value(type).isObject())
        return;
    if (type == u"status"_s && request.value(type).toObject().contains(u"options"_s))
        // Notion: status options cannot be created or renamed through the API.
        throw ApiError::validation(u"body failed validation: "_s + path +
                                   u".status.options should be not present, instead was `[...]`."_s);
    if (type != u"select"_s && type != u"multi_select"_s) {
        property.config = configFromRequest(type, request.value(type).toObject(), workspace, path);
        return;
    }
    const QJsonArray requested =
        optionsFromRequest(request.value(type).toObject().value(u"options"_s), path + u'.' + type);
    QJsonArray options = property.config.value(u"options"_s).toArray();
    for (const QJsonValue &option : requested) {
        const QString name = option.toObject().value(u"name"_s).toString();
        if (findOption(property, name, {}).isEmpty())
            options.append(option);
    }
    property.config.insert(u"options"_s, options);
}

QJsonObject PropertySchema::toJson(const PropertyConfig &property) {
    return QJsonObject{{u"id"_s, property.id},
                       {u"name"_s, property.name},
                       {u"description"_s, QJsonValue::Null},
                       {u"type"_s, property.type},
                       {property.type, property.config}};
}

} // namespace notionemu
