#include "metrics/ExpositionWriter.h"

#include <QLocale>

#include <cmath>

namespace pgnotion {

void ExpositionWriter::family(const QString &name, const QString &type, const QString &help) {
    m_text += "# HELP " + name.toUtf8() + ' ' + escapeHelp(help).toUtf8() + '\n';
    m_text += "# TYPE " + name.toUtf8() + ' ' + type.toUtf8() + '\n';
}

void ExpositionWriter::sample(const QString &name, const MetricLabels &labels, double value) {
    m_text += name.toUtf8();
    if (!labels.isEmpty()) {
        m_text += '{';
        for (qsizetype i = 0; i < labels.size(); ++i) {
            if (i > 0)
                m_text += ',';
            m_text += labels[i].first.toUtf8() + "=\"" + escapeLabelValue(labels[i].second).toUtf8() + '"';
        }
        m_text += '}';
    }
    m_text += ' ' + formatValue(value).toUtf8() + '\n';
}

QString ExpositionWriter::escapeLabelValue(const QString &value) {
    QString escaped;
    escaped.reserve(value.size());
    for (const QChar c : value) {
        if (c == u'\\')
            escaped += QStringLiteral("\\\\");
        else if (c == u'"')
            escaped += QStringLiteral("\\\"");
        else if (c == u'\n')
            escaped += QStringLiteral("\\n");
        else
            escaped += c;
    }
    return escaped;
}

QString ExpositionWriter::escapeHelp(const QString &help) {
    QString escaped = help;
    escaped.replace(u'\\', QStringLiteral("\\\\"));
    escaped.replace(u'\n', QStringLiteral("\\n"));
    return escaped;
}

QString ExpositionWriter::formatValue(double value) {
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    // Counts stay exact and readable up to 2^53 (beyond, a double is no longer exact anyway).
    if (value == std::trunc(value) && std::abs(value) < 9007199254740992.0)
        return QString::number(qint64(value));
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

} // namespace pgnotion
