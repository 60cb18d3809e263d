#include "notion/PropertyValueText.h"

#include <QJsonObject>

namespace pgnotion {

QString PropertyValueText::forMessage(const QString &text) {
    constexpr qsizetype length = 60;
    return text.size() <= length ? text : truncated(text, length) + QStringLiteral("…");
}

QString PropertyValueText::truncated(const QString &text, qsizetype length) {
    if (text.size() <= length)
        return text;
    if (length > 0 && text.at(length - 1).isHighSurrogate())
        --length; // the pair's low half would be cut off: keep neither half
    return text.left(length);
}

QJsonArray PropertyValueText::toRichText(const QString &text, QStringList &warnings) {
    QJsonArray items;
    qsizetype position = 0;
    while (position < text.size()) {
        if (items.size() == maxRichTextItems) {
            warnings.append(QStringLiteral("text of %1 characters cut to %2: Notion takes at most %3 rich "
                                           "text objects of %4 characters")
                                .arg(text.size())
                                .arg(position)
                                .arg(maxRichTextItems)
                                .arg(maxTextContent));
            break;
        }
        const QString piece = truncated(text.mid(position, maxTextContent + 1), maxTextContent);
        QJsonObject content{{QStringLiteral("content"), piece}};
        items.append(
            QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), content}});
        position += piece.size();
    }
    return items;
}

QString PropertyValueText::plainText(const QJsonArray &items) {
    QString text;
    for (const QJsonValue &item : items) {
        const QJsonObject object = item.toObject();
        const QJsonValue plain = object.value(QStringLiteral("plain_text"));
        if (plain.isString())
            text += plain.toString();
        else if (object.contains(QStringLiteral("text")))
            text +=
                object.value(QStringLiteral("text")).toObject().value(QStringLiteral("content")).toString();
        else if (object.contains(QStringLiteral("equation")))
            text += object.value(QStringLiteral("equation"))
                        .toObject()
                        .value(QStringLiteral("expression"))
                        .toString();
        // A mention in request shape has no text of its own: Notion fills plain_text in the response.
    }
    return text;
}

QString PropertyValueText::toOptionName(const QString &name, QStringList &warnings) {
    QString result = name;
    if (result.contains(u',')) {
        result.replace(u',', QChar(commaLookAlike));
        warnings.append(QStringLiteral("option \"%1\": commas replaced by U+201A (Notion rejects commas)")
                            .arg(forMessage(name)));
    }
    if (result.size() > maxOptionName) {
        result = truncated(result, maxOptionName);
        warnings.append(QStringLiteral("option \"%1\" cut to %2 characters (Notion's limit)")
                            .arg(forMessage(name))
                            .arg(maxOptionName));
    }
    return result;
}

QString PropertyValueText::fromOptionName(const QString &name) {
    QString result = name;
    result.replace(QChar(commaLookAlike), u',');
    return result;
}

} // namespace pgnotion
