#pragma once

#include "common/Result.h"

#include <QJsonValue>
#include <QString>
#include <QVariant>

namespace pgnotion {

// How a Postgres date or time stamp becomes a Notion date.
struct DateOptions {
    // IANA name ("Europe/Berlin"). Instants are written as that zone's local time with its offset at
    // that instant (DST included); wall-clock values (timestamp without time zone) are read as that
    // zone's local time. Empty: instants keep their own offset (timestamptz arrives as UTC) and
    // wall-clock values are read as UTC, never in the machine's zone.
    QString timeZone;
    // Write only the day (YYYY-MM-DD): of the instant in `timeZone` (or in its own offset).
    bool dateOnly = false;
    // Write the local time without offset and `"time_zone": timeZone`, so that Notion's app shows the
    // value in that zone. Notion refuses an offset together with time_zone, and time_zone on a day.
    bool sendTimeZoneName = false;
};

// A Notion date value in Postgres terms: start and end are each a QDate (a day) or a QDateTime with
// an offset from UTC; a null end is not a range.
struct DateRange {
    QVariant start;
    QVariant end;
};

// Date values: Postgres → the `date` request object, the response object → Postgres, and the
// canonical text of a value.
class PropertyValueDate {
public:
    // The request value of `range` (a single date has a null end): {"start", "end", "time_zone"}, or
    // JSON null when start and end are both null (that clears the property). `end` is always written,
    // null for a single date, so that updating a range to a single date really drops the end.
    static Result<QJsonValue> toRequest(const DateRange &range, const DateOptions &options);
    // A `date` response object (or request object) in Postgres terms; JSON null gives a null start.
    static Result<DateRange> fromResponse(const QJsonValue &date);

    // One Notion date string: "YYYY-MM-DD" for a day, else "YYYY-MM-DDTHH:mm:ss.sss±hh:mm" (or
    // without the offset when `options.sendTimeZoneName`). Accepts QDate, QDateTime and Postgres text.
    static Result<QString> toNotionString(const QVariant &value, const DateOptions &options);
    // A Notion (or Postgres) date string as QDate or QDateTime; a string without offset is local time
    // in `timeZone` (UTC when empty).
    static Result<QVariant> parse(const QString &text, const QString &timeZone = {});
    // The same text for the same day or instant, whatever the offset it is written in: days as
    // YYYY-MM-DD, instants in UTC with milliseconds and "Z".
    static QString canonical(const QVariant &value);
};

} // namespace pgnotion
