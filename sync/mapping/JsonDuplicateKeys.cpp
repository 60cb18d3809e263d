#include "mapping/JsonDuplicateKeys.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

namespace pgnotion {

namespace {

struct Frame {
    bool isObject = false;
    QSet<QString> keys;
    QString currentKey; // objects: the key whose value is being read
    int index = 0;      // arrays: the element being read
};

// The string starting at the quote `json[start]`, decoded as JSON decodes it; `end` is set past its
// closing quote.
QString readString(const QByteArray &json, qsizetype start, qsizetype &end) {
    qsizetype i = start + 1;
    while (i < json.size() && json.at(i) != '"')
        i += json.at(i) == '\\' ? 2 : 1;
    end = i + 1;
    // Let Qt decode the escapes (\u00e9, \", ...) so that the key compares as QJsonObject sees it.
    const QByteArray wrapped = '[' + json.mid(start, end - start) + ']';
    return QJsonDocument::fromJson(wrapped).array().at(0).toString();
}

} // namespace

QList<JsonDuplicateKeys::Duplicate> JsonDuplicateKeys::find(const QByteArray &json) {
    QList<Duplicate> duplicates;
    QList<Frame> stack;
    qsizetype i = 0;
    while (i < json.size()) {
        const char c = json.at(i);
        if (c == '{' || c == '[') {
            Frame frame;
            frame.isObject = c == '{';
            stack.append(frame);
        } else if (c == '}' || c == ']') {
            if (!stack.isEmpty())
                stack.removeLast();
        } else if (c == ',' && !stack.isEmpty() && !stack.last().isObject) {
            ++stack.last().index;
        } else if (c == '"') {
            qsizetype end = i;
            const QString text = readString(json, i, end);
            qsizetype next = end;
            while (next < json.size() && QChar::isSpace(uchar(json.at(next))))
                ++next;
            if (next < json.size() && json.at(next) == ':' && !stack.isEmpty() && stack.last().isObject) {
                Frame &top = stack.last();
                if (top.keys.contains(text)) {
                    QStringList path;
                    for (qsizetype f = 0; f + 1 < stack.size(); ++f)
                        path.append(stack.at(f).isObject ? stack.at(f).currentKey
                                                         : QString::number(stack.at(f).index));
                    duplicates.append({path, text});
                }
                top.keys.insert(text);
                top.currentKey = text;
            }
            i = end;
            continue;
        }
        ++i;
    }
    return duplicates;
}

} // namespace pgnotion
