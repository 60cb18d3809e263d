#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace notionemu {

// Blocks in requests (page children, appended children): checked against Notion's limits — at most 100
// blocks per array, 1,000 block elements per request, two levels of nesting per request — and turned into
// the stored (response) form of each supported block type.
class BlockContent {
public:
    struct Parsed {
        QString type;
        QJsonObject content;
        QList<Parsed> children;
    };

    static bool isSupportedType(const QString &type);
    // `depth` 1 is the top level of the request.
    static QList<Parsed> parseList(const QJsonValue &blocks, const QString &path, int depth = 1);
    static int countBlocks(const QList<Parsed> &blocks);

private:
    static Parsed parseOne(const QJsonObject &block, const QString &path, int depth);
    static QJsonObject parseContent(const QString &type, const QJsonObject &content, const QString &path);
};

} // namespace notionemu
