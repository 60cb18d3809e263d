#include "RichText.h"

#include "ApiError.h"

#include <QJsonObject>

namespace notionemu {

using namespace Qt::StringLiterals;

namespace {

QJsonObject annotationsFrom(const QJsonObject &requested) {
    QJsonObject annotations{{u"bold"_s, false},      {u"italic"_s, false}, {u"strikethrough"_s, false},
                            {u"underline"_s, false}, {u"code"_s, false},   {u"color"_s, u"default"_s}};
    for (auto it = requested.begin(); it != requested.end(); ++it)
        if (annotations.contains(it.key()))
            annotations.insert(it.key(), it.value());
    return annotations;
}

QJsonObject textItem(const QJsonObject &item, const QString &path) {
    const QJsonValue text = item.value(u"text"_s);
    if (!text.isObject())
        throw ApiError::validation(u"body failed validation: "_s + path +
                                   u".text should be defined, instead was `undefined`."_s);
    const QJsonValue content = text.toObject().value(u"content"_s);
    if (!content.isString())
        throw ApiError::validation(
            u"body failed validation: "_s + path + u".text.content should be a string, instead was `"_s +
            (content.isUndefined() ? u"undefined"_s : content.toVariant().toString()) + u"`."_s);
    const QString contentText = content.toString();
    if (contentText.size() > 2000)
        throw ApiError::tooLong(path + u".text.content.length"_s, 2000, contentText.size());
    QJsonValue link = QJsonValue::Null;
    QJsonValue href = QJsonValue::Null;
    const QJsonObject linkObject = text.toObject().value(u"link"_s).toObject();
    if (linkObject.contains(u"url"_s)) {
        const QString url = linkObject.value(u"url"_s).toString();
        if (url.size() > 2000)
            throw ApiError::tooLong(path + u".text.link.url.length"_s, 2000, url.size());
        link = QJsonObject{{u"url"_s, url}};
        href = url;
    }
    return QJsonObject{{u"type"_s, u"text"_s},
                       {u"text"_s, QJsonObject{{u"content"_s, contentText}, {u"link"_s, link}}},
                       {u"annotations"_s, annotationsFrom(item.value(u"annotations"_s).toObject())},
                       {u"plain_text"_s, contentText},
                       {u"href"_s, href}};
}

QJsonObject equationItem(const QJsonObject &item, const QString &path) {
    const QString expression = item.value(u"equation"_s).toObject().value(u"expression"_s).toString();
    if (expression.size() > 1000)
        throw ApiError::tooLong(path + u".equation.expression.length"_s, 1000, expression.size());
    return QJsonObject{{u"type"_s, u"equation"_s},
                       {u"equation"_s, QJsonObject{{u"expression"_s, expression}}},
                       {u"annotations"_s, annotationsFrom(item.value(u"annotations"_s).toObject())},
                       {u"plain_text"_s, expression},
                       {u"href"_s, QJsonValue::Null}};
}

} // namespace

QJsonArray RichText::fromRequest(const QJsonValue &value, const QString &path) {
    if (!value.isArray())
        throw ApiError::validation(
            u"body failed validation: "_s + path + u" should be an array, instead was `"_s +
            (value.isUndefined() ? u"undefined"_s : value.toVariant().toString()) + u"`."_s);
    const QJsonArray items = value.toArray();
    if (items.size() > 100)
        throw ApiError::tooLong(path + u".length"_s, 100, items.size());
    QJsonArray result;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QString itemPath = path + u'[' + QString::number(i) + u']';
        const QJsonObject item = items.at(i).toObject();
        const QString type =
            item.value(u"type"_s).toString(item.contains(u"equation"_s) ? u"equation"_s : u"text"_s);
        if (type == u"equation"_s)
            result.append(equationItem(item, itemPath));
        else if (type == u"text"_s)
            result.append(textItem(item, itemPath));
        else
            // The emulator does not model mentions; written in Notion's style, not a recorded message.
            throw ApiError::validation(u"body failed validation: "_s + itemPath +
                                       u".type should be `\"text\"`, "_s + u"instead was `\""_s + type +
                                       u"\"`."_s);
    }
    return result;
}

QJsonArray RichText::fromPlainText(const QString &text) {
    if (text.isEmpty())
        return {};
    QJsonObject item{{u"text"_s, QJsonObject{{u"content"_s, text}}}};
    return fromRequest(QJsonArray{item}, u"body"_s);
}

QString RichText::plainText(const QJsonArray &richText) {
    QString text;
    for (const QJsonValue &item : richText)
        text += item.toObject().value(u"plain_text"_s).toString();
    return text;
}

} // namespace notionemu
