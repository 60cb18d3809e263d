#pragma once

#include <QDateTime>
#include <QString>

namespace notionemu {

// Notion ids are UUIDs: accepted with or without dashes, always answered in the dashed lower-case form.
QString newNotionId();
// The dashed form of `raw`, or an empty string when `raw` is not a UUID (with or without dashes).
QString normalizeNotionId(const QString &raw);
QString compactNotionId(const QString &dashedId);

// Notion's timestamp form: 2025-09-03T12:34:00.000Z (UTC, milliseconds).
QString notionTimestamp(const QDateTime &time);
// Notion stores created_time and last_edited_time at minute precision: incremental polling has to live with
// it.
QDateTime floorToMinute(const QDateTime &time);
// A property id in Notion's style: short, random, stable for the life of the property.
QString newPropertyId();

} // namespace notionemu
