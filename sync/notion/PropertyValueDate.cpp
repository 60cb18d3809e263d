#include "notion/PropertyValueDate.h"

#include <QDateTime>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTimeZone>

#include <cstdlib>

namespace pgnotion {

namespace {

Error badDate(const QString &why) {
    return Error{why, QStringLiteral("bad_date")};
}

Result<QTimeZone> zoneNamed(const QString &name) {
    if (name.isEmpty())
        return QTimeZone::utc();
    const QTimeZone zone(name.toUtf8());
    if (!zone.isValid())
        return Error{QStringLiteral("unknown time zone \"%1\"").arg(name), QStringLiteral("bad_time_zone")};
    return zone;
}

QString formatOffset(int seconds) {
    const int minutes = std::abs(seconds) / 60;
    return (seconds < 0 ? QStringLiteral("-") : QStringLiteral("+")) +
           QStringLiteral("%1:%2")
               .arg(minutes / 60, 2, 10, QLatin1Char('0'))
               .arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

const QString &localFormat() {
    static const QString format = QStringLiteral("yyyy-MM-dd'T'HH:mm:ss.zzz");
    return format;
}

bool isDay(const QString &notionDate) {
    return notionDate.size() == 10;
}

} // namespace

Result<QVariant> PropertyValueDate::parse(const QString &input, const QString &timeZone) {
    QString text = input.trimmed();
    if (text.compare(QLatin1String("infinity"), Qt::CaseInsensitive) == 0 ||
        text.compare(QLatin1String("-infinity"), Qt::CaseInsensitive) == 0 ||
        text.endsWith(QLatin1String(" BC")))
        return badDate(QStringLiteral("date \"%1\" has no Notion equivalent").arg(input));
    if (text.size() == 10) {
        const QDate day = QDate::fromString(text, Qt::ISODate);
        if (!day.isValid())
            return badDate(QStringLiteral("invalid date \"%1\"").arg(input));
        return QVariant(day);
    }
    // Postgres writes "2026-11-25 10:00:00.123456+01": ISO 8601 wants the 'T', a minute part in the
    // offset, and Qt keeps milliseconds only (as does Notion).
    if (text.size() > 10 && text.at(10) == u' ')
        text[10] = u'T';
    static const QRegularExpression hourOnlyOffset(QStringLiteral("[+-]\\d\\d$"));
    static const QRegularExpression microseconds(QStringLiteral("(\\.\\d{3})\\d+"));
    if (text.size() > 19 && hourOnlyOffset.match(text).hasMatch())
        text += QStringLiteral(":00");
    text.replace(microseconds, QStringLiteral("\\1"));
    QDateTime moment = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!moment.isValid())
        return badDate(QStringLiteral("invalid date and time \"%1\"").arg(input));
    if (moment.timeSpec() == Qt::LocalTime) { // no offset written: local time in `timeZone`
        auto zone = zoneNamed(timeZone);
        if (!zone)
            return zone.error();
        moment = QDateTime(moment.date(), moment.time(), zone.value());
        moment = moment.toOffsetFromUtc(moment.offsetFromUtc());
    }
    return QVariant(moment);
}

Result<QString> PropertyValueDate::toNotionString(const QVariant &value, const DateOptions &options) {
    if (value.isNull())
        return badDate(QStringLiteral("no date"));
    switch (value.metaType().id()) {
    case QMetaType::QString:
    case QMetaType::QByteArray: {
        const QString text = value.metaType().id() == QMetaType::QString
                                 ? value.toString()
                                 : QString::fromUtf8(value.toByteArray());
        auto parsed = parse(text, options.timeZone);
        if (!parsed)
            return parsed.error();
        return toNotionString(parsed.value(), options);
    }
    case QMetaType::QDate: {
        const QDate day = value.toDate();
        if (!day.isValid() || day.year() < 1 || day.year() > 9999)
            return badDate(QStringLiteral("date outside the years 1 to 9999"));
        return day.toString(Qt::ISODate);
    }
    case QMetaType::QDateTime:
        break;
    case QMetaType::QTime:
        return badDate(QStringLiteral("a time of day without a date cannot be a Notion date"));
    default:
        return badDate(QStringLiteral("a %1 cannot be a Notion date").arg(QLatin1String(value.typeName())));
    }
    auto zone = zoneNamed(options.timeZone);
    if (!zone)
        return zone.error();
    QDateTime moment = value.toDateTime();
    if (!moment.isValid())
        return badDate(QStringLiteral("invalid date and time"));
    if (moment.timeSpec() == Qt::LocalTime) // a wall-clock value (timestamp without time zone)
        moment = QDateTime(moment.date(), moment.time(), zone.value());
    if (!options.timeZone.isEmpty())
        moment = moment.toTimeZone(zone.value());
    if (moment.date().year() < 1 || moment.date().year() > 9999)
        return badDate(QStringLiteral("date outside the years 1 to 9999"));
    if (options.dateOnly)
        return moment.date().toString(Qt::ISODate);
    if (options.sendTimeZoneName) {
        if (options.timeZone.isEmpty())
            return badDate(QStringLiteral("sending a time zone name needs a time zone"));
        return moment.toString(localFormat());
    }
    return QString(moment.toString(localFormat()) + formatOffset(moment.offsetFromUtc()));
}

Result<QJsonValue> PropertyValueDate::toRequest(const DateRange &range, const DateOptions &options) {
    if (range.start.isNull() && range.end.isNull())
        return QJsonValue(QJsonValue::Null);
    if (range.start.isNull())
        return Error{QStringLiteral("a date range needs a start"), QStringLiteral("bad_date_range")};
    auto start = toNotionString(range.start, options);
    if (!start)
        return start.error();
    QJsonValue end(QJsonValue::Null);
    if (!range.end.isNull()) {
        auto endText = toNotionString(range.end, options);
        if (!endText)
            return endText.error();
        if (isDay(start.value()) != isDay(endText.value()))
            return Error{QStringLiteral("a date range is either two days or two times, not one of each"),
                         QStringLiteral("bad_date_range")};
        // Compare what is sent, read back as Notion will read it.
        const QString zoneForParse = options.sendTimeZoneName ? options.timeZone : QString();
        auto first = parse(start.value(), zoneForParse);
        auto last = parse(endText.value(), zoneForParse);
        if (!first || !last)
            return badDate(QStringLiteral("date range not readable"));
        const bool reversed = isDay(start.value()) ? last.value().toDate() < first.value().toDate()
                                                   : last.value().toDateTime() < first.value().toDateTime();
        if (reversed)
            return Error{QStringLiteral("date range ends (%1) before it starts (%2)")
                             .arg(endText.value(), start.value()),
                         QStringLiteral("bad_date_range")};
        end = endText.value();
    }
    QJsonValue zoneName(QJsonValue::Null);
    if (options.sendTimeZoneName && !isDay(start.value()))
        zoneName = options.timeZone;
    return QJsonValue(QJsonObject{{QStringLiteral("start"), start.value()},
                                  {QStringLiteral("end"), end},
                                  {QStringLiteral("time_zone"), zoneName}});
}

Result<DateRange> PropertyValueDate::fromResponse(const QJsonValue &date) {
    if (date.isNull() || date.isUndefined())
        return DateRange{};
    if (!date.isObject() || !date.toObject().value(QStringLiteral("start")).isString())
        return badDate(QStringLiteral("a date value needs a start string"));
    const QJsonObject object = date.toObject();
    const QString zone = object.value(QStringLiteral("time_zone")).toString();
    auto start = parse(object.value(QStringLiteral("start")).toString(), zone);
    if (!start)
        return start.error();
    DateRange range{start.value(), {}};
    const QJsonValue end = object.value(QStringLiteral("end"));
    if (end.isString()) {
        auto parsedEnd = parse(end.toString(), zone);
        if (!parsedEnd)
            return parsedEnd.error();
        range.end = parsedEnd.value();
    }
    return range;
}

QString PropertyValueDate::canonical(const QVariant &value) {
    if (value.metaType().id() == QMetaType::QDate)
        return value.toDate().toString(Qt::ISODate);
    if (value.metaType().id() == QMetaType::QDateTime)
        return value.toDateTime().toUTC().toString(localFormat()) + u'Z';
    return {};
}

} // namespace pgnotion
