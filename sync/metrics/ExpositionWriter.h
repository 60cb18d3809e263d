#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace pgnotion {

using MetricLabels = QList<QPair<QString, QString>>;

// Writes the Prometheus text exposition format 0.0.4: a `# HELP` and `# TYPE` line per family, then its
// samples. Label values and help texts are escaped as the format requires, so that a resource type or a
// reason with a quote, a backslash or a newline cannot break the page a scraper parses.
class ExpositionWriter {
public:
    static constexpr const char *contentType = "text/plain; version=0.0.4; charset=utf-8";

    // type: counter, gauge, histogram, untyped.
    void family(const QString &name, const QString &type, const QString &help);
    void sample(const QString &name, const MetricLabels &labels, double value);
    void sample(const QString &name, double value) { sample(name, {}, value); }

    QByteArray text() const { return m_text; }

    static QString escapeLabelValue(const QString &value);
    static QString escapeHelp(const QString &help);
    // Integers without exponent or fraction, +Inf, -Inf, NaN, otherwise the shortest exact decimal.
    static QString formatValue(double value);

private:
    QByteArray m_text;
};

} // namespace pgnotion
