#pragma once

#include <QJsonArray>
#include <QJsonValue>
#include <QString>

namespace notionemu {

// Rich text arrays in requests: checked against Notion's limits (≤ 100 items, ≤ 2,000 characters of
// text.content and of link URLs per item) and turned into the response form with plain_text and
// annotations. `path` names the array in error messages ("body.properties.Name.title").
class RichText {
public:
    static QJsonArray fromRequest(const QJsonValue &value, const QString &path);
    static QJsonArray fromPlainText(const QString &text);
    static QString plainText(const QJsonArray &richText);
};

} // namespace notionemu
