#include "db/SqlScript.h"

#include <QRegularExpression>

namespace pgnotion {
namespace {

const QRegularExpression kDollarTag(QStringLiteral("\\G\\$([A-Za-z_][A-Za-z0-9_]*)?\\$"));

bool isOnlyComments(const QString &statement) {
    static const QRegularExpression comments(QStringLiteral("--[^\\n]*|/\\*.*?\\*/"),
                                             QRegularExpression::DotMatchesEverythingOption);
    return QString(statement).remove(comments).trimmed().isEmpty();
}

} // namespace

QStringList SqlScript::split(const QString &script) {
    QStringList statements;
    QString current;
    const qsizetype n = script.size();
    qsizetype i = 0;
    auto flush = [&] {
        if (!isOnlyComments(current))
            statements.append(current.trimmed());
        current.clear();
    };
    while (i < n) {
        const QChar c = script.at(i);
        const QChar next = i + 1 < n ? script.at(i + 1) : QChar();
        if (c == QLatin1Char('-') && next == QLatin1Char('-')) {
            const qsizetype end = script.indexOf(QLatin1Char('\n'), i);
            const qsizetype stop = end < 0 ? n : end + 1;
            current += script.mid(i, stop - i);
            i = stop;
        } else if (c == QLatin1Char('/') && next == QLatin1Char('*')) {
            const qsizetype end = script.indexOf(QStringLiteral("*/"), i + 2);
            const qsizetype stop = end < 0 ? n : end + 2;
            current += script.mid(i, stop - i);
            i = stop;
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            // E'...' strings may escape the quote with a backslash; standard strings double it.
            const bool escapes =
                c == QLatin1Char('\'') && i > 0 &&
                (script.at(i - 1) == QLatin1Char('E') || script.at(i - 1) == QLatin1Char('e'));
            qsizetype j = i + 1;
            while (j < n) {
                if (escapes && script.at(j) == QLatin1Char('\\')) {
                    j += 2;
                    continue;
                }
                if (script.at(j) == c) {
                    if (j + 1 < n && script.at(j + 1) == c) {
                        j += 2;
                        continue;
                    }
                    break;
                }
                ++j;
            }
            const qsizetype stop = std::min(j + 1, n);
            current += script.mid(i, stop - i);
            i = stop;
        } else if (c == QLatin1Char('$')) {
            const auto tag = kDollarTag.match(script, i);
            if (tag.hasMatch() && (i == 0 || !script.at(i - 1).isLetterOrNumber())) {
                const QString delimiter = tag.captured(0);
                const qsizetype end = script.indexOf(delimiter, i + delimiter.size());
                const qsizetype stop = end < 0 ? n : end + delimiter.size();
                current += script.mid(i, stop - i);
                i = stop;
            } else {
                current += c;
                ++i;
            }
        } else if (c == QLatin1Char(';')) {
            flush();
            ++i;
        } else {
            current += c;
            ++i;
        }
    }
    flush();
    return statements;
}

} // namespace pgnotion
