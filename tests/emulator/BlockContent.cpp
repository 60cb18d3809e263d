#include "BlockContent.h"

#include "ApiError.h"
#include "JsonText.h"
#include "RichText.h"

#include <QJsonArray>

namespace notionemu {

using namespace Qt::StringLiterals;

namespace {

const QStringList &textBlockTypes() {
    static const QStringList types{u"paragraph"_s,
                                   u"heading_1"_s,
                                   u"heading_2"_s,
                                   u"heading_3"_s,
                                   u"bulleted_list_item"_s,
                                   u"numbered_list_item"_s,
                                   u"to_do"_s,
                                   u"toggle"_s,
                                   u"quote"_s,
                                   u"callout"_s,
                                   u"code"_s};
    return types;
}

const QStringList &mediaBlockTypes() {
    static const QStringList types{u"image"_s, u"file"_s, u"video"_s, u"pdf"_s, u"audio"_s};
    return types;
}

QJsonObject externalFile(const QJsonObject &content, const QString &path) {
    const QString url = content.value(u"external"_s).toObject().value(u"url"_s).toString();
    if (url.isEmpty())
        throw ApiError::validation(u"body failed validation: "_s + path +
                                   u".external should be defined, instead was `undefined`."_s);
    if (url.size() > 2000)
        throw ApiError::tooLong(path + u".external.url.length"_s, 2000, url.size());
    return QJsonObject{{u"type"_s, u"external"_s}, {u"external"_s, QJsonObject{{u"url"_s, url}}}};
}

} // namespace

bool BlockContent::isSupportedType(const QString &type) {
    return textBlockTypes().contains(type) || mediaBlockTypes().contains(type) || type == u"divider"_s ||
           type == u"bookmark"_s || type == u"embed"_s;
}

int BlockContent::countBlocks(const QList<Parsed> &blocks) {
    int count = 0;
    for (const Parsed &block : blocks)
        count += 1 + countBlocks(block.children);
    return count;
}

QList<BlockContent::Parsed> BlockContent::parseList(const QJsonValue &blocks, const QString &path,
                                                    int depth) {
    if (!blocks.isArray())
        throw ApiError::validation(u"body failed validation: "_s + path +
                                   u" should be an array, instead was `"_s + describeJson(blocks) + u"`."_s);
    const QJsonArray items = blocks.toArray();
    if (items.size() > 100)
        throw ApiError::tooLong(path + u".length"_s, 100, items.size());
    QList<Parsed> parsed;
    for (qsizetype i = 0; i < items.size(); ++i)
        parsed.append(parseOne(items.at(i).toObject(), path + u'[' + QString::number(i) + u']', depth));
    if (depth == 1 && countBlocks(parsed) > 1000)
        // Notion's documented limit of 1,000 block elements per request; the wording is the emulator's.
        throw ApiError::validation(u"body failed validation: "_s + path +
                                   u" should contain at most `1000` block elements, instead was `"_s +
                                   QString::number(countBlocks(parsed)) + u"`."_s);
    return parsed;
}

BlockContent::Parsed BlockContent::parseOne(const QJsonObject &block, const QString &path, int depth) {
    QString type = block.value(u"type"_s).toString();
    if (type.isEmpty()) {
        for (auto it = block.begin(); it != block.end(); ++it)
            if (isSupportedType(it.key()))
                type = it.key();
    }
    if (!isSupportedType(type) || !block.value(type).isObject())
        // The emulator models the common block types only; written in Notion's style.
        throw ApiError::validation(
            u"body failed validation: "_s + path + u'.' + (type.isEmpty() ? u"type"_s : type) +
            u" should be a supported block, instead was `"_s + describeJson(block) + u"`."_s);
    const QJsonObject content = block.value(type).toObject();
    Parsed parsed;
    parsed.type = type;
    parsed.content = parseContent(type, content, path + u'.' + type);
    if (content.contains(u"children"_s)) {
        if (depth >= 2)
            // The message Notion gives for a third level of nesting in one request.
            throw ApiError::validation(u"body failed validation: "_s + path + u'.' + type +
                                       u".children should be not present, instead was `"_s +
                                       describeJson(content.value(u"children"_s)) + u"`."_s);
        parsed.children =
            parseList(content.value(u"children"_s), path + u'.' + type + u".children"_s, depth + 1);
    }
    return parsed;
}

QJsonObject BlockContent::parseContent(const QString &type, const QJsonObject &content, const QString &path) {
    QJsonObject result;
    if (textBlockTypes().contains(type)) {
        result.insert(u"rich_text"_s,
                      RichText::fromRequest(content.value(u"rich_text"_s), path + u".rich_text"_s));
        result.insert(u"color"_s, content.value(u"color"_s).toString(u"default"_s));
        if (type == u"to_do"_s)
            result.insert(u"checked"_s, content.value(u"checked"_s).toBool(false));
        if (type.startsWith(u"heading_"_s))
            result.insert(u"is_toggleable"_s, content.value(u"is_toggleable"_s).toBool(false));
        if (type == u"code"_s) {
            result.remove(u"color"_s);
            result.insert(u"language"_s, content.value(u"language"_s).toString(u"plain text"_s));
            result.insert(u"caption"_s, QJsonArray{});
        }
        if (type == u"callout"_s)
            result.insert(u"icon"_s, content.value(u"icon"_s).isObject() ? content.value(u"icon"_s)
                                                                         : QJsonValue(QJsonValue::Null));
        return result;
    }
    if (type == u"divider"_s)
        return result;
    const QJsonArray caption = content.contains(u"caption"_s)
                                   ? RichText::fromRequest(content.value(u"caption"_s), path + u".caption"_s)
                                   : QJsonArray{};
    if (type == u"bookmark"_s || type == u"embed"_s) {
        const QString url = content.value(u"url"_s).toString();
        if (url.isEmpty())
            throw ApiError::validation(u"body failed validation: "_s + path +
                                       u".url should be defined, instead was `undefined`."_s);
        if (url.size() > 2000)
            throw ApiError::tooLong(path + u".url.length"_s, 2000, url.size());
        return QJsonObject{{u"url"_s, url}, {u"caption"_s, caption}};
    }
    result = externalFile(content, path);
    result.insert(u"caption"_s, caption);
    if (type == u"file"_s)
        result.insert(
            u"name"_s,
            content.value(u"name"_s).toString(
                content.value(u"external"_s).toObject().value(u"url"_s).toString().section(u'/', -1)));
    return result;
}

} // namespace notionemu
