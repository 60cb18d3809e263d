#include "notion/PropertyValueList.h"

namespace pgnotion {

namespace {

Error badArray(const QString &why) {
    return Error{QStringLiteral("malformed Postgres array: %1").arg(why), QStringLiteral("bad_array")};
}

bool isArraySpace(QChar c) {
    // Postgres' array_in skips the same white space as isspace() in the C locale.
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r' || c == u'\v' || c == u'\f';
}

} // namespace

Result<QList<std::optional<QString>>> PropertyValueList::parseArrayLiteral(const QString &literal) {
    qsizetype i = 0;
    const qsizetype n = literal.size();
    auto skipSpace = [&] {
        while (i < n && isArraySpace(literal.at(i)))
            ++i;
    };
    skipSpace();
    if (i < n && literal.at(i) == u'[') { // explicit bounds, e.g. "[0:1]={a,b}": only the elements matter
        const qsizetype equals = literal.indexOf(u'=', i);
        if (equals < 0)
            return badArray(QStringLiteral("bounds without '='"));
        i = equals + 1;
        skipSpace();
    }
    if (i >= n || literal.at(i) != u'{')
        return badArray(QStringLiteral("no opening brace"));
    ++i;
    QList<std::optional<QString>> elements;
    skipSpace();
    if (i < n && literal.at(i) == u'}') {
        ++i;
    } else {
        for (;;) {
            skipSpace();
            if (i >= n)
                return badArray(QStringLiteral("no closing brace"));
            QString element;
            bool quoted = false;
            if (literal.at(i) == u'{')
                return badArray(QStringLiteral("nested arrays are not supported"));
            if (literal.at(i) == u'"') {
                quoted = true;
                ++i;
                while (i < n && literal.at(i) != u'"') {
                    if (literal.at(i) == u'\\')
                        ++i;
                    if (i < n)
                        element += literal.at(i++);
                }
                if (i >= n)
                    return badArray(QStringLiteral("unterminated quoted element"));
                ++i;
                skipSpace();
            } else {
                // Unquoted: up to the delimiter; backslash escapes; trailing white space is not part of it.
                qsizetype lastSignificant = 0;
                while (i < n && literal.at(i) != u',' && literal.at(i) != u'}') {
                    if (literal.at(i) == u'"' || literal.at(i) == u'{')
                        return badArray(QStringLiteral("unexpected '%1'").arg(literal.at(i)));
                    if (literal.at(i) == u'\\') {
                        ++i;
                        if (i >= n)
                            break;
                        element += literal.at(i++);
                        lastSignificant = element.size();
                        continue;
                    }
                    element += literal.at(i);
                    if (!isArraySpace(literal.at(i)))
                        lastSignificant = element.size();
                    ++i;
                }
                element.truncate(lastSignificant);
                if (element.isEmpty())
                    return badArray(QStringLiteral("empty unquoted element"));
            }
            if (!quoted && element.compare(QLatin1String("NULL"), Qt::CaseInsensitive) == 0)
                elements.append(std::nullopt);
            else
                elements.append(element);
            if (i >= n)
                return badArray(QStringLiteral("no closing brace"));
            if (literal.at(i) == u'}') {
                ++i;
                break;
            }
            if (literal.at(i) != u',')
                return badArray(QStringLiteral("expected ',' or '}'"));
            ++i;
        }
    }
    skipSpace();
    if (i != n)
        return badArray(QStringLiteral("text after the closing brace"));
    return elements;
}

Result<QStringList> PropertyValueList::elements(const QVariant &value, QStringList &warnings) {
    if (value.isNull())
        return QStringList();
    QList<std::optional<QString>> items;
    if (value.metaType().id() == QMetaType::QStringList) {
        for (const QString &item : value.toStringList())
            items.append(item);
    } else if (value.metaType().id() == QMetaType::QVariantList) {
        for (const QVariant &item : value.toList()) {
            if (item.isNull())
                items.append(std::nullopt);
            else
                items.append(item.toString());
        }
    } else {
        const QString text = value.metaType().id() == QMetaType::QByteArray
                                 ? QString::fromUtf8(value.toByteArray())
                                 : value.toString();
        const QString trimmed = text.trimmed();
        if (trimmed.startsWith(u'{') || (trimmed.startsWith(u'[') && trimmed.contains(u'{'))) {
            auto parsed = parseArrayLiteral(text);
            if (!parsed)
                return parsed.error();
            items = std::move(parsed).value();
        } else if (!text.isEmpty()) {
            items.append(text); // a scalar column mapped to a list property: one element
        }
    }
    QStringList result;
    qsizetype nulls = 0;
    for (const auto &item : items) {
        if (item)
            result.append(*item);
        else
            ++nulls;
    }
    if (nulls > 0)
        warnings.append(
            QStringLiteral("%1 NULL element(s) dropped: Notion lists cannot hold NULL").arg(nulls));
    return result;
}

std::optional<QString> PropertyValueList::normalizedId(const QString &id) {
    QString hex;
    hex.reserve(32);
    const QString trimmed = id.trimmed();
    for (qsizetype i = 0; i < trimmed.size(); ++i) {
        const QChar c = trimmed.at(i);
        if (c == u'-')
            continue; // dashes are only presentation; where they sit does not matter
        const char16_t u = c.toLower().unicode();
        if (!((u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f')))
            return std::nullopt;
        hex += QChar(u);
    }
    if (hex.size() != 32)
        return std::nullopt;
    return hex.left(8) + u'-' + hex.mid(8, 4) + u'-' + hex.mid(12, 4) + u'-' + hex.mid(16, 4) + u'-' +
           hex.mid(20);
}

} // namespace pgnotion
