#pragma once

#include <QJsonValue>
#include <QString>

namespace notionemu {

// A JSON value as Notion quotes it in validation messages: `"abc"`, `12`, `undefined`, long values cut short.
QString describeJson(const QJsonValue &value);

} // namespace notionemu
