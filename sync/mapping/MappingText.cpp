#include "mapping/MappingText.h"

#include <QRegularExpression>

namespace pgnotion {

QString MappingText::resource(const QString &resource) {
    return QStringLiteral("resource \"%1\"").arg(resource);
}

QString MappingText::property(const QString &resource, const QString &property) {
    return QStringLiteral("resource \"%1\", property \"%2\"").arg(resource, property);
}

QString MappingText::rule(const QString &resource, const QString &target) {
    return QStringLiteral("resource \"%1\", update of \"%2\"").arg(resource, target);
}

QString MappingText::ruleProperty(const QString &resource, const QString &target, const QString &property) {
    return QStringLiteral("resource \"%1\", update of \"%2\", property \"%3\"")
        .arg(resource, target, property);
}

QString MappingText::problem(const QString &source, const QString &where, const QString &what) {
    if (where.isEmpty())
        return oneLine(source + QStringLiteral(": ") + what);
    return oneLine(source + QStringLiteral(": ") + where + QStringLiteral(": ") + what);
}

QString MappingText::oneLine(const QString &text) {
    QString line;
    line.reserve(text.size());
    for (const QChar c : text) {
        const char16_t code = c.unicode();
        if (code == u'\n')
            line += QStringLiteral("\\n");
        else if (code == u'\r')
            line += QStringLiteral("\\r");
        else if (code == u'\t')
            line += QStringLiteral("\\t");
        else if (code < 0x20 || code == 0x7f || code == 0x2028 || code == 0x2029)
            line += QStringLiteral("\\u%1").arg(int(code), 4, 16, QLatin1Char('0'));
        else
            line += c;
    }
    return line;
}

bool MappingText::isIdentifier(const QString &name) {
    static const QRegularExpression identifier(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return identifier.match(name).hasMatch();
}

bool MappingText::isTableName(const QString &name) {
    static const QRegularExpression table(
        QStringLiteral("^(?:[A-Za-z_][A-Za-z0-9_]*\\.)?[A-Za-z_][A-Za-z0-9_]*$"));
    return table.match(name).hasMatch();
}

bool MappingText::isNotionId(const QString &id) {
    static const QRegularExpression dashed(
        QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
    return dashed.match(id).hasMatch();
}

} // namespace pgnotion
