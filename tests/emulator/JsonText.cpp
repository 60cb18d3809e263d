#include "JsonText.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace notionemu {

using namespace Qt::StringLiterals;

QString describeJson(const QJsonValue &value) {
    if (value.isUndefined())
        return u"undefined"_s;
    QString text = QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact));
    text = text.mid(1, text.size() - 2);
    if (text.size() > 40)
        text = text.left(37) + u"..."_s;
    return text;
}

} // namespace notionemu
