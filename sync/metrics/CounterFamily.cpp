#include "metrics/CounterFamily.h"

namespace pgnotion {

CounterFamily::CounterFamily(QString name, QString help, QStringList labelNames)
    : m_name(std::move(name))
    , m_help(std::move(help))
    , m_labelNames(std::move(labelNames)) {}

void CounterFamily::add(const QStringList &labelValues, double amount) {
    Q_ASSERT(labelValues.size() == m_labelNames.size());
    QMutexLocker lock(&m_mutex);
    m_values[labelValues] += amount;
}

double CounterFamily::value(const QStringList &labelValues) const {
    QMutexLocker lock(&m_mutex);
    return m_values.value(labelValues, 0);
}

void CounterFamily::declare(const QStringList &labelValues) {
    Q_ASSERT(labelValues.size() == m_labelNames.size());
    QMutexLocker lock(&m_mutex);
    m_values.insert(labelValues, m_values.value(labelValues, 0));
}

void CounterFamily::write(ExpositionWriter &writer) const {
    QMap<QStringList, double> values;
    {
        QMutexLocker lock(&m_mutex);
        values = m_values;
    }
    writer.family(m_name, QStringLiteral("counter"), m_help);
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        MetricLabels labels;
        for (qsizetype i = 0; i < m_labelNames.size(); ++i)
            labels.append({m_labelNames[i], it.key()[i]});
        writer.sample(m_name, labels, it.value());
    }
}

} // namespace pgnotion
