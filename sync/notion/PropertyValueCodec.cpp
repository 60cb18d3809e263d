#include "notion/PropertyValueCodec.h"

#include "notion/PropertyValueList.h"
#include "notion/PropertyValueScalar.h"
#include "notion/PropertyValueText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <algorithm>

namespace pgnotion {

namespace {

QJsonObject wrapped(PropertyType type, const QJsonValue &value) {
    return QJsonObject{{notionName(type), value}};
}

Result<ConvertedValue> converted(PropertyType type, const QJsonValue &value, QStringList warnings = {}) {
    return ConvertedValue{wrapped(type, value), std::move(warnings)};
}

Error tooMany(PropertyType type, qsizetype count) {
    return Error{QStringLiteral("%1 %2 items: Notion takes at most %3 per request")
                     .arg(notionName(type))
                     .arg(count)
                     .arg(PropertyValueCodec::maxListItems),
                 QStringLiteral("too_many_items")};
}

Result<ConvertedValue> limitedString(PropertyType type, const QVariant &value, qsizetype limit) {
    auto text = PropertyValueScalar::toText(value);
    if (!text)
        return text.error();
    if (text.value().isEmpty())
        return converted(type, QJsonValue(QJsonValue::Null));
    if (text.value().size() > limit) // cutting would change what the value points to: refuse instead
        return Error{QStringLiteral("%1 \"%2\" has %3 characters: Notion takes at most %4")
                         .arg(notionName(type), PropertyValueText::forMessage(text.value()))
                         .arg(text.value().size())
                         .arg(limit),
                     QStringLiteral("value_too_long")};
    return converted(type, text.value());
}

Result<ConvertedValue> optionList(const QVariant &value) {
    QStringList warnings;
    auto elements = PropertyValueList::elements(value, warnings);
    if (!elements)
        return elements.error();
    QJsonArray options;
    QSet<QString> seen;
    for (const QString &element : elements.value()) {
        const QString name = PropertyValueText::toOptionName(element, warnings);
        if (name.isEmpty()) {
            warnings.append(QStringLiteral("empty multi_select option dropped"));
            continue;
        }
        if (seen.contains(name))
            continue; // a page holds an option once; Postgres arrays may repeat it
        seen.insert(name);
        options.append(QJsonObject{{QStringLiteral("name"), name}});
    }
    if (options.size() > PropertyValueCodec::maxListItems)
        return tooMany(PropertyType::MultiSelect, options.size());
    return converted(PropertyType::MultiSelect, options, warnings);
}

Result<ConvertedValue> idList(PropertyType type, const QVariant &value) {
    QStringList warnings;
    auto elements = PropertyValueList::elements(value, warnings);
    if (!elements)
        return elements.error();
    QJsonArray ids;
    QSet<QString> seen;
    for (const QString &element : elements.value()) {
        const auto id = PropertyValueList::normalizedId(element);
        if (!id)
            return Error{QStringLiteral("\"%1\" is not a Notion id (32 hex digits)")
                             .arg(PropertyValueText::forMessage(element)),
                         QStringLiteral("bad_id")};
        if (seen.contains(*id))
            continue;
        seen.insert(*id);
        ids.append(QJsonObject{{QStringLiteral("id"), *id}});
    }
    if (ids.size() > PropertyValueCodec::maxListItems)
        return tooMany(type, ids.size());
    return converted(type, ids, warnings);
}

// The value under the type's key, after checking that the property is of that type.
Result<QJsonValue> innerValue(PropertyType type, const QJsonObject &property) {
    const QString name = notionName(type);
    const QJsonValue declared = property.value(QStringLiteral("type"));
    if (declared.isString() && declared.toString() != name)
        return Error{QStringLiteral("property is a %1, not a %2").arg(declared.toString(), name),
                     QStringLiteral("type_mismatch")};
    if (!property.contains(name))
        return Error{QStringLiteral("no \"%1\" value in the property").arg(name),
                     QStringLiteral("missing_value")};
    return property.value(name);
}

Error malformed(PropertyType type) {
    return Error{QStringLiteral("malformed %1 value").arg(notionName(type)),
                 QStringLiteral("malformed_value")};
}

QVariant nullIfEmpty(const QString &text) {
    return text.isEmpty() ? QVariant() : QVariant(text);
}

} // namespace

Result<ConvertedValue> PropertyValueCodec::toNotion(PropertyType type, const QVariant &value,
                                                    const DateOptions &dateOptions) {
    switch (type) {
    case PropertyType::Title:
    case PropertyType::RichText: {
        auto text = PropertyValueScalar::toText(value);
        if (!text)
            return text.error();
        QStringList warnings;
        const QJsonArray items = PropertyValueText::toRichText(text.value(), warnings);
        return converted(type, items, warnings);
    }
    case PropertyType::Number: {
        QStringList warnings;
        auto number = PropertyValueScalar::toNumber(value, warnings);
        if (!number)
            return number.error();
        return converted(type, number.value(), warnings);
    }
    case PropertyType::Select:
    case PropertyType::Status: {
        auto text = PropertyValueScalar::toText(value);
        if (!text)
            return text.error();
        if (text.value().isEmpty())
            return converted(type, QJsonValue(QJsonValue::Null));
        QStringList warnings;
        // Status options cannot be created through the API, so a status name is sent as it is: the
        // caller checks it against the schema, where a renamed option would be found.
        const QString name = type == PropertyType::Select
                                 ? PropertyValueText::toOptionName(text.value(), warnings)
                                 : text.value();
        return converted(type, QJsonObject{{QStringLiteral("name"), name}}, warnings);
    }
    case PropertyType::MultiSelect:
        return optionList(value);
    case PropertyType::Date:
        return dateRangeToNotion(DateRange{value, {}}, dateOptions);
    case PropertyType::Checkbox: {
        auto checked = PropertyValueScalar::toCheckbox(value);
        if (!checked)
            return checked.error();
        return converted(type, checked.value());
    }
    case PropertyType::Url:
        return limitedString(type, value, maxUrl);
    case PropertyType::Email:
        return limitedString(type, value, maxEmail);
    case PropertyType::PhoneNumber:
        return limitedString(type, value, maxPhoneNumber);
    case PropertyType::Relation:
    case PropertyType::People:
        return idList(type, value);
    }
    return Error{QStringLiteral("unknown property type"), QStringLiteral("unsupported_type")};
}

Result<ConvertedValue> PropertyValueCodec::dateRangeToNotion(const DateRange &range,
                                                             const DateOptions &options) {
    auto date = PropertyValueDate::toRequest(range, options);
    if (!date)
        return date.error();
    return converted(PropertyType::Date, date.value());
}

Result<DecodedValue> PropertyValueCodec::fromNotion(PropertyType type, const QJsonObject &property) {
    auto inner = innerValue(type, property);
    if (!inner)
        return inner.error();
    const QJsonValue value = inner.value();
    DecodedValue decoded;
    switch (type) {
    case PropertyType::Title:
    case PropertyType::RichText:
        if (!value.isArray() && !value.isNull())
            return malformed(type);
        decoded.value = nullIfEmpty(PropertyValueText::plainText(value.toArray()));
        return decoded;
    case PropertyType::Number:
        if (!value.isDouble() && !value.isNull())
            return malformed(type);
        decoded.value = PropertyValueScalar::fromNumber(value);
        return decoded;
    case PropertyType::Select:
    case PropertyType::Status: {
        if (value.isNull())
            return decoded;
        const QJsonValue name = value.toObject().value(QStringLiteral("name"));
        if (!name.isString())
            return malformed(type);
        decoded.value =
            nullIfEmpty(type == PropertyType::Select ? PropertyValueText::fromOptionName(name.toString())
                                                     : name.toString());
        return decoded;
    }
    case PropertyType::MultiSelect: {
        if (!value.isArray())
            return malformed(type);
        QStringList names;
        for (const QJsonValue &option : value.toArray()) {
            const QJsonValue name = option.toObject().value(QStringLiteral("name"));
            if (!name.isString())
                return malformed(type);
            names.append(PropertyValueText::fromOptionName(name.toString()));
        }
        decoded.value = names;
        return decoded;
    }
    case PropertyType::Date: {
        auto range = PropertyValueDate::fromResponse(value);
        if (!range)
            return range.error();
        decoded.value = range.value().start;
        if (!range.value().end.isNull())
            decoded.warnings.append(QStringLiteral("date range: only the start is read (%1 to %2)")
                                        .arg(PropertyValueDate::canonical(range.value().start),
                                             PropertyValueDate::canonical(range.value().end)));
        return decoded;
    }
    case PropertyType::Checkbox:
        if (!value.isBool())
            return malformed(type);
        decoded.value = value.toBool();
        return decoded;
    case PropertyType::Url:
    case PropertyType::Email:
    case PropertyType::PhoneNumber:
        if (!value.isString() && !value.isNull())
            return malformed(type);
        decoded.value = nullIfEmpty(value.toString());
        return decoded;
    case PropertyType::Relation:
    case PropertyType::People: {
        if (!value.isArray())
            return malformed(type);
        QStringList ids;
        for (const QJsonValue &item : value.toArray()) {
            const auto id =
                PropertyValueList::normalizedId(item.toObject().value(QStringLiteral("id")).toString());
            if (!id)
                return malformed(type);
            ids.append(*id);
        }
        decoded.value = ids;
        if (property.value(QStringLiteral("has_more")).toBool()) {
            decoded.complete = false;
            decoded.warnings.append(QStringLiteral("%1: Notion listed only %2 entries (has_more); read the "
                                                   "rest through the page property endpoint")
                                        .arg(notionName(type))
                                        .arg(ids.size()));
        }
        return decoded;
    }
    }
    return Error{QStringLiteral("unknown property type"), QStringLiteral("unsupported_type")};
}

Result<DateRange> PropertyValueCodec::dateRangeFromNotion(const QJsonObject &property) {
    auto inner = innerValue(PropertyType::Date, property);
    if (!inner)
        return inner.error();
    return PropertyValueDate::fromResponse(inner.value());
}

Result<QString> PropertyValueCodec::canonicalForm(PropertyType type, const QJsonObject &property) {
    auto decoded = fromNotion(type, property);
    if (!decoded)
        return decoded.error();
    if (!decoded.value().complete)
        return Error{
            QStringLiteral("%1 value is incomplete: read all of it before comparing").arg(notionName(type)),
            QStringLiteral("incomplete_value")};
    const QVariant &value = decoded.value().value;
    QJsonValue canonical(QJsonValue::Null);
    switch (type) {
    case PropertyType::Date: {
        auto range = dateRangeFromNotion(property);
        if (!range)
            return range.error();
        if (!range.value().start.isNull()) {
            const QVariant &end = range.value().end;
            canonical =
                QJsonObject{{QStringLiteral("start"), PropertyValueDate::canonical(range.value().start)},
                            {QStringLiteral("end"),
                             end.isNull() ? QJsonValue() : QJsonValue(PropertyValueDate::canonical(end))}};
        }
        break;
    }
    case PropertyType::Relation:
    case PropertyType::People: {
        QStringList ids = value.toStringList();
        std::sort(ids.begin(), ids.end()); // a set of pages or people: the order carries nothing
        canonical = QJsonArray::fromStringList(ids);
        break;
    }
    case PropertyType::MultiSelect:
        canonical = QJsonArray::fromStringList(value.toStringList());
        break;
    case PropertyType::Number:
        if (!value.isNull())
            canonical = value.toDouble(); // 42 and 42.0 are one number
        break;
    case PropertyType::Checkbox:
        canonical = value.toBool();
        break;
    default:
        if (!value.isNull())
            canonical = value.toString();
        break;
    }
    const QJsonObject form{{QStringLiteral("type"), notionName(type)}, {QStringLiteral("value"), canonical}};
    return QString::fromUtf8(QJsonDocument(form).toJson(QJsonDocument::Compact));
}

Result<QString> PropertyValueCodec::canonicalForm(PropertyType type, const QVariant &value,
                                                  const DateOptions &dateOptions) {
    auto request = toNotion(type, value, dateOptions);
    if (!request)
        return request.error();
    return canonicalForm(type, request.value().value.toObject());
}

} // namespace pgnotion
