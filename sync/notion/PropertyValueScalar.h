#pragma once

#include "common/Result.h"

#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace pgnotion {

// Postgres scalars as Notion numbers, checkboxes and strings, and Notion numbers back.
class PropertyValueScalar {
public:
    // Notion stores numbers as JavaScript doubles: integers beyond ±2^53 and decimals of more than 15
    // significant digits lose precision there (a warning says so).
    static constexpr qint64 maxExactInteger = qint64(1) << 53;

    // A number from int types, double, or text as Postgres numeric arrives ("123.4500", "-1e-3");
    // JSON null for NULL or empty text. NaN and infinities are errors ("not_a_number"): JSON has none.
    static Result<QJsonValue> toNumber(const QVariant &value, QStringList &warnings);
    // Integral numbers within ±2^53 as qlonglong (so that 42 comes back as 42, not 42.0), others as
    // double; JSON null as a null QVariant.
    static QVariant fromNumber(const QJsonValue &number);

    // A checkbox from bool, 0/1, or Postgres' boolean spellings (t/f, true/false, yes/no, on/off, 1/0,
    // any case); NULL and empty text are false, since a Notion checkbox has no third state.
    static Result<bool> toCheckbox(const QVariant &value);

    // Any scalar column as text: strings as they are, bytea as UTF-8, numbers in their shortest exact
    // form, dates in ISO 8601. NULL is empty. Lists are errors: which separator would be right?
    static Result<QString> toText(const QVariant &value);
};

} // namespace pgnotion
