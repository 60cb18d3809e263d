#include "notion/PropertyValueScalar.h"

#include <QDateTime>
#include <QLocale>
#include <QRegularExpression>

#include <cmath>

namespace pgnotion {

namespace {

Error notANumber(const QString &why) {
    return Error{why, QStringLiteral("not_a_number")};
}

// Digits that carry information: leading zeros and (after a decimal point) trailing zeros do not.
qsizetype significantDigits(const QString &decimal) {
    QString mantissa = decimal;
    const qsizetype exponent = mantissa.indexOf(u'e', 0, Qt::CaseInsensitive);
    if (exponent >= 0)
        mantissa.truncate(exponent);
    const bool hasPoint = mantissa.contains(u'.');
    QString digits;
    for (const QChar c : std::as_const(mantissa)) {
        if (c.isDigit())
            digits += c;
    }
    qsizetype first = 0;
    while (first < digits.size() && digits.at(first) == u'0')
        ++first;
    qsizetype last = digits.size();
    if (hasPoint) {
        while (last > first && digits.at(last - 1) == u'0')
            --last;
    }
    return std::max<qsizetype>(0, last - first);
}

} // namespace

Result<QJsonValue> PropertyValueScalar::toNumber(const QVariant &value, QStringList &warnings) {
    if (value.isNull())
        return QJsonValue(QJsonValue::Null);
    switch (value.metaType().id()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::LongLong:
    case QMetaType::Short:
    case QMetaType::UShort: {
        const qint64 integer = value.toLongLong();
        if (integer > maxExactInteger || integer < -maxExactInteger)
            warnings.append(
                QStringLiteral("%1 is beyond ±2^53: Notion keeps it only approximately").arg(integer));
        return QJsonValue(integer);
    }
    case QMetaType::ULongLong:
    case QMetaType::ULong: {
        const quint64 integer = value.toULongLong();
        if (integer > quint64(maxExactInteger))
            warnings.append(
                QStringLiteral("%1 is beyond 2^53: Notion keeps it only approximately").arg(integer));
        return QJsonValue(double(integer));
    }
    case QMetaType::Double:
    case QMetaType::Float: {
        const double number = value.toDouble();
        if (!std::isfinite(number))
            return notANumber(QStringLiteral("%1 is not a number Notion can store").arg(number));
        return QJsonValue(number);
    }
    case QMetaType::QString:
    case QMetaType::QByteArray:
        break;
    default:
        return notANumber(QStringLiteral("a %1 is not a number").arg(QLatin1String(value.typeName())));
    }
    const QString text =
        (value.metaType().id() == QMetaType::QString ? value.toString()
                                                     : QString::fromUtf8(value.toByteArray()))
            .trimmed();
    if (text.isEmpty())
        return QJsonValue(QJsonValue::Null);
    // Only plain decimals: QString::toDouble would also take "nan", "inf" and hexadecimal.
    static const QRegularExpression decimal(QStringLiteral("^[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?$"));
    if (!decimal.match(text).hasMatch())
        return notANumber(QStringLiteral("\"%1\" is not a number Notion can store").arg(text));
    static const QRegularExpression integral(QStringLiteral("^[+-]?\\d{1,18}$"));
    if (integral.match(text).hasMatch()) {
        const qint64 integer = text.toLongLong();
        if (integer > maxExactInteger || integer < -maxExactInteger)
            warnings.append(
                QStringLiteral("%1 is beyond ±2^53: Notion keeps it only approximately").arg(text));
        return QJsonValue(integer);
    }
    bool ok = false;
    const double number = text.toDouble(&ok);
    if (!ok || !std::isfinite(number))
        return notANumber(QStringLiteral("\"%1\" is out of the range of a Notion number").arg(text));
    if (significantDigits(text) > 15)
        warnings.append(QStringLiteral("%1 has more than 15 significant digits: Notion keeps it as %2")
                            .arg(text, QString::number(number, 'g', QLocale::FloatingPointShortest)));
    return QJsonValue(number);
}

QVariant PropertyValueScalar::fromNumber(const QJsonValue &number) {
    if (!number.isDouble())
        return {};
    const double value = number.toDouble();
    if (std::trunc(value) == value && std::abs(value) <= double(maxExactInteger))
        return QVariant(qlonglong(value));
    return QVariant(value);
}

Result<bool> PropertyValueScalar::toCheckbox(const QVariant &value) {
    if (value.isNull())
        return false;
    switch (value.metaType().id()) {
    case QMetaType::Bool:
        return value.toBool();
    case QMetaType::QString:
    case QMetaType::QByteArray: {
        const QString text =
            (value.metaType().id() == QMetaType::QString ? value.toString()
                                                         : QString::fromUtf8(value.toByteArray()))
                .trimmed()
                .toLower();
        static const QStringList yes{QStringLiteral("t"),   QStringLiteral("true"), QStringLiteral("y"),
                                     QStringLiteral("yes"), QStringLiteral("on"),   QStringLiteral("1")};
        static const QStringList no{QStringLiteral("f"),
                                    QStringLiteral("false"),
                                    QStringLiteral("n"),
                                    QStringLiteral("no"),
                                    QStringLiteral("off"),
                                    QStringLiteral("0"),
                                    QString()};
        if (yes.contains(text))
            return true;
        if (no.contains(text))
            return false;
        return Error{QStringLiteral("\"%1\" is not a boolean").arg(value.toString()),
                     QStringLiteral("not_a_boolean")};
    }
    default:
        break;
    }
    bool ok = false;
    const qlonglong integer = value.toLongLong(&ok);
    if (ok && (integer == 0 || integer == 1) && value.toDouble() == double(integer))
        return integer == 1;
    return Error{QStringLiteral("%1 is not a boolean (use 0 or 1)").arg(value.toString()),
                 QStringLiteral("not_a_boolean")};
}

Result<QString> PropertyValueScalar::toText(const QVariant &value) {
    if (value.isNull())
        return QString();
    switch (value.metaType().id()) {
    case QMetaType::QString:
        return value.toString();
    case QMetaType::QByteArray:
        return QString::fromUtf8(value.toByteArray());
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QMetaType::Double:
    case QMetaType::Float:
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    case QMetaType::QDate:
        return value.toDate().toString(Qt::ISODate);
    case QMetaType::QDateTime:
        return value.toDateTime().toString(Qt::ISODateWithMs);
    case QMetaType::QTime:
        return value.toTime().toString(Qt::ISODateWithMs);
    case QMetaType::QStringList:
    case QMetaType::QVariantList:
    case QMetaType::QVariantMap:
        return Error{QStringLiteral("a list cannot be written as text"), QStringLiteral("unsupported_value")};
    default:
        if (value.canConvert<QString>())
            return value.toString();
        return Error{QStringLiteral("a %1 cannot be written as text").arg(QLatin1String(value.typeName())),
                     QStringLiteral("unsupported_value")};
    }
}

} // namespace pgnotion
