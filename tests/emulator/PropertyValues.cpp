#include "PropertyValues.h"

#include "ApiError.h"
#include "JsonText.h"
#include "NotionIds.h"
#include "PropertySchema.h"
#include "RichText.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace notionemu {

using namespace Qt::StringLiterals;

namespace {

[[noreturn]] void fail(const QString &path, const QString &expectation, const QJsonValue &actual) {
    throw ApiError::validation(u"body failed validation: "_s + path + u" should be "_s + expectation +
                               u", instead was `"_s + describeJson(actual) + u"`."_s);
}

bool isIsoDate(const QString &text) {
    static const QRegularExpression pattern(
        u"^(\\d{4}-\\d{2}-\\d{2})(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})?)?$"_s);
    const auto match = pattern.match(text);
    return match.hasMatch() && QDate::fromString(match.captured(1), u"yyyy-MM-dd"_s).isValid();
}

QJsonValue boundedString(const QJsonValue &value, const QString &path, int limit) {
    if (value.isNull())
        return QJsonValue::Null;
    if (!value.isString())
        fail(path, u"a string or `null`"_s, value);
    if (value.toString().size() > limit)
        throw ApiError::tooLong(path + u".length"_s, limit, value.toString().size());
    return value;
}

} // namespace

QJsonObject PropertyValues::emptyValue(const PropertyConfig &property) {
    const QString &type = property.type;
    QJsonValue value = QJsonValue::Null;
    if (type == u"title"_s || type == u"rich_text"_s || type == u"multi_select"_s || type == u"people"_s ||
        type == u"relation"_s || type == u"files"_s)
        value = QJsonArray{};
    else if (type == u"checkbox"_s)
        value = false;
    else if (type == u"status"_s) {
        // A new page starts in the first status option ("Not started" by default), as in Notion.
        const QJsonObject first = property.config.value(u"options"_s).toArray().first().toObject();
        if (!first.isEmpty())
            value = QJsonObject{{u"id"_s, first.value(u"id"_s)},
                                {u"name"_s, first.value(u"name"_s)},
                                {u"color"_s, first.value(u"color"_s)}};
    }
    return QJsonObject{{u"type"_s, type}, {type, value}};
}

QJsonObject PropertyValues::parse(PropertyConfig &property, const QJsonValue &value,
                                  const Workspace &workspace, const QString &token) {
    const QString path = u"body.properties."_s + property.name;
    if (PropertySchema::isReadOnlyType(property.type))
        // Written in Notion's style; Notion rejects writes to computed properties.
        throw ApiError::validation(property.name + u" is a read-only property of type "_s + property.type +
                                   u"."_s);
    const QJsonObject object = value.toObject();
    if (!value.isObject() || !object.contains(property.type))
        // The message Notion gives when the value's type key does not match the property's type.
        throw ApiError::validation(property.name + u" is expected to be "_s + property.type + u"."_s);
    const QJsonValue parsed =
        parseTyped(property, object.value(property.type), workspace, token, path + u'.' + property.type);
    return QJsonObject{{u"type"_s, property.type}, {property.type, parsed}};
}

QJsonValue PropertyValues::parseTyped(PropertyConfig &property, const QJsonValue &value,
                                      const Workspace &workspace, const QString &token, const QString &path) {
    const QString &type = property.type;
    if (type == u"title"_s || type == u"rich_text"_s)
        return RichText::fromRequest(value, path);
    if (type == u"number"_s) {
        if (!value.isNull() && !value.isDouble())
            fail(path, u"a number or `null`"_s, value);
        return value;
    }
    if (type == u"checkbox"_s) {
        if (!value.isBool())
            fail(path, u"a boolean"_s, value);
        return value;
    }
    if (type == u"url"_s)
        return boundedString(value, path, 2000);
    if (type == u"email"_s || type == u"phone_number"_s)
        return boundedString(value, path, 200);
    if (type == u"select"_s || type == u"status"_s)
        return parseSelect(property, value, path, type == u"select"_s);
    if (type == u"multi_select"_s) {
        if (!value.isArray())
            fail(path, u"an array"_s, value);
        const QJsonArray items = value.toArray();
        if (items.size() > 100)
            throw ApiError::tooLong(path + u".length"_s, 100, items.size());
        QJsonArray result;
        for (qsizetype i = 0; i < items.size(); ++i) {
            const QJsonValue option =
                parseSelect(property, items.at(i), path + u'[' + QString::number(i) + u']', true);
            if (!result.contains(option))
                result.append(option);
        }
        return result;
    }
    if (type == u"date"_s)
        return parseDate(value, path);
    if (type == u"relation"_s) {
        const QJsonValue ids = parseIdList(value, path);
        for (const QJsonValue &item : ids.toArray()) {
            const QString id = item.toObject().value(u"id"_s).toString();
            if (!workspace.pageVisible(token, id))
                // Written in Notion's style: the related page must exist and be shared with the integration.
                throw ApiError::validation(u"body failed validation: "_s + path +
                                           u" contains a page that does not exist or is not shared with your "
                                           u"integration: `"_s +
                                           id + u"`."_s);
        }
        return ids;
    }
    if (type == u"people"_s) {
        const QJsonValue ids = parseIdList(value, path);
        QJsonArray people;
        for (const QJsonValue &item : ids.toArray()) {
            const QString id = item.toObject().value(u"id"_s).toString();
            if (!workspace.users.contains(id))
                throw ApiError::validation(u"body failed validation: "_s + path +
                                           u" contains an unknown user: `"_s + id + u"`."_s);
            people.append(QJsonObject{{u"object"_s, u"user"_s}, {u"id"_s, id}});
        }
        return people;
    }
    if (type == u"files"_s) {
        if (!value.isArray())
            fail(path, u"an array"_s, value);
        const QJsonArray items = value.toArray();
        if (items.size() > 100)
            throw ApiError::tooLong(path + u".length"_s, 100, items.size());
        QJsonArray files;
        for (qsizetype i = 0; i < items.size(); ++i) {
            const QJsonObject file = items.at(i).toObject();
            const QString url = file.value(u"external"_s).toObject().value(u"url"_s).toString();
            const QString itemPath = path + u'[' + QString::number(i) + u']';
            if (url.isEmpty())
                fail(itemPath + u".external.url"_s, u"defined"_s, QJsonValue::Undefined);
            if (url.size() > 2000)
                throw ApiError::tooLong(itemPath + u".external.url.length"_s, 2000, url.size());
            files.append(QJsonObject{{u"name"_s, file.value(u"name"_s).toString(url.section(u'/', -1))},
                                     {u"type"_s, u"external"_s},
                                     {u"external"_s, QJsonObject{{u"url"_s, url}}}});
        }
        return files;
    }
    return value;
}

QJsonValue PropertyValues::parseSelect(PropertyConfig &property, const QJsonValue &value, const QString &path,
                                       bool mayCreate) {
    if (value.isNull() && property.type != u"multi_select"_s)
        return QJsonValue::Null;
    if (!value.isObject())
        fail(path, u"an object"_s, value);
    const QJsonObject object = value.toObject();
    const QString id = object.value(u"id"_s).toString();
    const QString name = object.value(u"name"_s).toString();
    if (id.isEmpty() && !object.value(u"name"_s).isString())
        fail(path + u".name"_s, u"defined"_s, QJsonValue::Undefined);
    if (id.isEmpty()) {
        if (name.contains(u','))
            throw ApiError::validation(u"Invalid "_s + property.type + u" option, commas not allowed"_s);
        if (name.size() > 100)
            throw ApiError::tooLong(path + u".name.length"_s, 100, name.size());
    }
    QJsonObject option = PropertySchema::findOption(property, name, id);
    if (option.isEmpty()) {
        if (!mayCreate || !id.isEmpty())
            // Notion refuses status options that do not exist (they cannot be created through the API);
            // the wording is the emulator's, in Notion's style.
            throw ApiError::validation(u"Invalid "_s + property.type + u" option for property \""_s +
                                       property.name + u"\": \""_s + (id.isEmpty() ? name : id) +
                                       u"\" does not exist."_s);
        option = PropertySchema::newOption(name);
        QJsonArray options = property.config.value(u"options"_s).toArray();
        options.append(option);
        property.config.insert(u"options"_s, options);
    }
    return QJsonObject{{u"id"_s, option.value(u"id"_s)},
                       {u"name"_s, option.value(u"name"_s)},
                       {u"color"_s, option.value(u"color"_s)}};
}

QJsonValue PropertyValues::parseDate(const QJsonValue &value, const QString &path) {
    if (value.isNull())
        return QJsonValue::Null;
    if (!value.isObject())
        fail(path, u"an object or `null`"_s, value);
    const QJsonObject date = value.toObject();
    const QJsonValue start = date.value(u"start"_s);
    if (!start.isString() || !isIsoDate(start.toString()))
        fail(path + u".start"_s, u"a valid ISO 8601 date string"_s, start);
    const QJsonValue end = date.value(u"end"_s);
    if (!end.isUndefined() && !end.isNull() && (!end.isString() || !isIsoDate(end.toString())))
        fail(path + u".end"_s, u"a valid ISO 8601 date string or `null`"_s, end);
    return QJsonObject{{u"start"_s, start},
                       {u"end"_s, end.isString() ? end : QJsonValue(QJsonValue::Null)},
                       {u"time_zone"_s, date.value(u"time_zone"_s).isString()
                                            ? date.value(u"time_zone"_s)
                                            : QJsonValue(QJsonValue::Null)}};
}

QJsonValue PropertyValues::parseIdList(const QJsonValue &value, const QString &path) {
    if (!value.isArray())
        fail(path, u"an array"_s, value);
    const QJsonArray items = value.toArray();
    if (items.size() > 100)
        throw ApiError::tooLong(path + u".length"_s, 100, items.size());
    QJsonArray result;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QJsonValue rawId = items.at(i).toObject().value(u"id"_s);
        const QString id = normalizeNotionId(rawId.toString());
        if (id.isEmpty())
            fail(path + u'[' + QString::number(i) + u"].id"_s, u"a valid uuid"_s, rawId);
        const QJsonObject entry{{u"id"_s, id}};
        if (!result.contains(entry))
            result.append(entry);
    }
    return result;
}

} // namespace notionemu
