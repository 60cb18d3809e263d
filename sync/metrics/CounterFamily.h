#pragma once

#include "metrics/ExpositionWriter.h"

#include <QMap>
#include <QMutex>
#include <QString>
#include <QStringList>

namespace pgnotion {

// A counter with labels (jobs by type, direction and outcome): one value per combination of label values,
// created on first use. Thread-safe: worker threads add while the endpoint reads.
class CounterFamily {
public:
    CounterFamily(QString name, QString help, QStringList labelNames);

    // `labelValues` in the order of the label names.
    void add(const QStringList &labelValues, double amount = 1);
    double value(const QStringList &labelValues) const;
    // The same label values always appear from now on, at zero until counted (a rate over a series
    // that appears late misses its first increments).
    void declare(const QStringList &labelValues);

    void write(ExpositionWriter &writer) const;
    const QString &name() const { return m_name; }

private:
    const QString m_name;
    const QString m_help;
    const QStringList m_labelNames;
    mutable QMutex m_mutex;
    QMap<QStringList, double> m_values;
};

} // namespace pgnotion
