#pragma once

#include "metrics/ExpositionWriter.h"

#include <QList>
#include <QMap>
#include <QMutex>
#include <QString>
#include <QStringList>

namespace pgnotion {

// A Prometheus histogram with labels: per combination of label values, how many observations fell at or
// under each upper bound, their sum and their count. Buckets are kept per bucket and written cumulative
// (`le`), ending with +Inf = the count. Thread-safe.
class HistogramFamily {
public:
    HistogramFamily(QString name, QString help, QStringList labelNames, QList<double> upperBounds);

    void observe(const QStringList &labelValues, double value);
    void declare(const QStringList &labelValues);

    struct Series {
        QList<quint64> buckets; // per bound, not cumulative; one more for the observations above the last
        double sum = 0;
        quint64 count = 0;
    };
    Series series(const QStringList &labelValues) const;

    void write(ExpositionWriter &writer) const;
    const QList<double> &upperBounds() const { return m_bounds; }

private:
    Series emptySeries() const;

    const QString m_name;
    const QString m_help;
    const QStringList m_labelNames;
    const QList<double> m_bounds;
    mutable QMutex m_mutex;
    QMap<QStringList, Series> m_series;
};

} // namespace pgnotion
