#pragma once

#include "common/Result.h"
#include "notion/PropertyValueDate.h"
#include "notion/PropertyValueType.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>
#include <QVariant>

namespace pgnotion {

// A value ready for the `properties` map of a create or update page request, e.g.
// {"select":{"name":"Done"}}, with what had to change on the way (for the caller to log).
struct ConvertedValue {
    QJsonValue value;
    QStringList warnings;
};

// A property value read from Notion, in Postgres terms.
struct DecodedValue {
    QVariant value;
    QStringList warnings;
    // False when Notion sent only part of the value: a page lists at most 25 relations (has_more);
    // the rest must be read through GET /v1/pages/{id}/properties/{property_id}.
    bool complete = true;
};

// Converts property values between Postgres (QVariant as QPSQL delivers them) and Notion (the request
// and response shapes of pages.d.ts / common.d.ts in the official SDK), both ways, and gives the
// canonical form that tells whether a value changed. Never produces a value Notion rejects: what
// cannot be fixed without losing meaning (a URL too long, too many relations) is an error.
class PropertyValueCodec {
public:
    static constexpr qsizetype maxUrl = 2000;
    static constexpr qsizetype maxEmail = 200;
    static constexpr qsizetype maxPhoneNumber = 200;
    static constexpr qsizetype maxListItems = 100; // multi_select options, relations, people per request

    // Postgres → the request value. NULL clears: [] for title, rich_text, multi_select, relation and
    // people; null for number, select, status, date, url, email and phone_number; false for checkbox.
    static Result<ConvertedValue> toNotion(PropertyType type, const QVariant &value,
                                           const DateOptions &dateOptions = {});
    // A date range (or, with a null end, a single date) → {"date": {...}}.
    static Result<ConvertedValue> dateRangeToNotion(const DateRange &range, const DateOptions &options = {});

    // A property value from a page (response shape, {"id":..,"type":..,<type>:..}) or a request value
    // → Postgres: text as QString, numbers as qlonglong or double, dates as QDate or QDateTime (with
    // the offset Notion wrote), lists as QStringList, checkbox as bool. Notion's empty value (empty
    // text, no option, no date, no URL) is a null QVariant; empty lists are an empty QStringList.
    static Result<DecodedValue> fromNotion(PropertyType type, const QJsonObject &property);
    // The whole date value, end included (fromNotion gives the start only).
    static Result<DateRange> dateRangeFromNotion(const QJsonObject &property);

    // Compact JSON that is the same for the same value, whatever the key order, the splitting of text
    // into rich text objects, the offset a time is written in or the dashes of ids:
    // {"type":"<name>","value":...}. Relation and people ids are sorted (a set); multi_select keeps
    // its order (visible in Notion). Errors ("incomplete_value") for a truncated relation list.
    static Result<QString> canonicalForm(PropertyType type, const QJsonObject &property);
    // The canonical form of a Postgres value: that of the request value it converts to.
    static Result<QString> canonicalForm(PropertyType type, const QVariant &value,
                                         const DateOptions &dateOptions = {});
};

} // namespace pgnotion
