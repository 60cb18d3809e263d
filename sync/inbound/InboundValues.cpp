#include "inbound/InboundValues.h"

#include "notion/PropertyValueCodec.h"

#include <QDate>
#include <QDateTime>
#include <QJsonArray>

namespace pgnotion {

namespace {

Result<PropertyType> typeOf(const QJsonObject &property) {
    const QString name = property.value(QStringLiteral("type")).toString();
    const std::optional<PropertyType> type = propertyTypeFromNotionName(name);
    if (!type)
        return Error{QStringLiteral("Notion property type \"%1\" is not one pgnotion reads").arg(name),
                     QStringLiteral("unsupported_property_type")};
    return *type;
}

// "Tier 2" with the format "Tier {value}" -> "2"; a value that does not fit the format stays as it is.
QString unformat(const QString &format, const QString &text) {
    const qsizetype at = format.indexOf(QStringLiteral("{value}"));
    if (format.isEmpty() || at < 0)
        return text;
    const QString prefix = format.left(at);
    const QString suffix = format.mid(at + 7);
    if (text.size() < prefix.size() + suffix.size() || !text.startsWith(prefix) || !text.endsWith(suffix))
        return text;
    return text.mid(prefix.size(), text.size() - prefix.size() - suffix.size());
}

QVariant assigned(const std::optional<QString> &value) {
    return value ? QVariant(*value) : QVariant();
}

} // namespace

Result<QString> InboundValues::canonical(const QJsonObject &property) {
    auto type = typeOf(property);
    if (!type)
        return type.error();
    return PropertyValueCodec::canonicalForm(type.value(), property);
}

Result<InboundWrite> InboundValues::toPostgres(const InboundRule &rule, const QJsonObject &property) {
    auto type = typeOf(property);
    if (!type)
        return Error{QStringLiteral("property \"%1\": %2").arg(rule.property, type.error().message),
                     type.error().code};
    switch (type.value()) {
    case PropertyType::Relation:
    case PropertyType::People:
    case PropertyType::MultiSelect:
        return Error{QStringLiteral("property \"%1\" is %2: inbound rules write text, numbers, dates, "
                                    "checkboxes and single options only")
                         .arg(rule.property, notionName(type.value())),
                     QStringLiteral("unsupported_property_type")};
    default:
        break;
    }
    auto decoded = PropertyValueCodec::fromNotion(type.value(), property);
    if (!decoded)
        return Error{QStringLiteral("property \"%1\": %2").arg(rule.property, decoded.error().message),
                     decoded.error().code};
    QVariant value = decoded.value().value;
    if (!value.isNull() && value.typeId() == QMetaType::QString) {
        const QString text = unformat(rule.format, value.toString());
        value = rule.values.contains(text) ? QVariant(rule.values.value(text)) : QVariant(text);
    }
    InboundWrite write;
    write.columns.append({rule.column, value, false});
    const QString postgresText = value.isNull() ? QString() : value.toString();
    for (const InboundAssignment &assignment : rule.also) {
        const bool matches =
            assignment.when.isEmpty() || (!value.isNull() && assignment.when.contains(postgresText));
        if (!matches && !assignment.hasOtherwise)
            continue;
        const std::optional<QString> &chosen = matches ? assignment.value : assignment.otherwise;
        const bool now = chosen && *chosen == InboundAssignment::now();
        write.columns.append({assignment.column, now ? QVariant() : assigned(chosen), now});
    }
    return write;
}

QJsonObject InboundValues::describe(const InboundWrite &write, const QString &now) {
    QJsonObject columns;
    for (const InboundWrite::Column &column : write.columns) {
        if (column.now)
            columns.insert(column.column, now);
        else if (column.value.isNull())
            columns.insert(column.column, QJsonValue::Null);
        else if (column.value.typeId() == QMetaType::QDateTime)
            columns.insert(column.column, column.value.toDateTime().toString(Qt::ISODateWithMs));
        else if (column.value.typeId() == QMetaType::QDate)
            columns.insert(column.column, column.value.toDate().toString(Qt::ISODate));
        else
            columns.insert(column.column, column.value.toString());
    }
    return columns;
}

QString InboundValues::plainText(const QJsonObject &property) {
    QString text;
    const QString type = property.value(QStringLiteral("type")).toString();
    for (const QJsonValue &item : property.value(type).toArray())
        text += item.toObject().value(QStringLiteral("plain_text")).toString();
    return text.trimmed();
}

} // namespace pgnotion
