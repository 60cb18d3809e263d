#include "metrics/HistogramFamily.h"

#include <algorithm>

namespace pgnotion {

HistogramFamily::HistogramFamily(QString name, QString help, QStringList labelNames,
                                 QList<double> upperBounds)
    : m_name(std::move(name))
    , m_help(std::move(help))
    , m_labelNames(std::move(labelNames))
    , m_bounds(std::move(upperBounds)) {
    Q_ASSERT(std::is_sorted(m_bounds.cbegin(), m_bounds.cend()));
}

HistogramFamily::Series HistogramFamily::emptySeries() const {
    Series series;
    series.buckets.fill(0, m_bounds.size() + 1);
    return series;
}

void HistogramFamily::observe(const QStringList &labelValues, double value) {
    Q_ASSERT(labelValues.size() == m_labelNames.size());
    // The first bound the value does not exceed (le is "less than or equal").
    const auto bucket = std::lower_bound(m_bounds.cbegin(), m_bounds.cend(), value) - m_bounds.cbegin();
    QMutexLocker lock(&m_mutex);
    auto it = m_series.find(labelValues);
    if (it == m_series.end())
        it = m_series.insert(labelValues, emptySeries());
    ++it->buckets[bucket];
    it->sum += value;
    ++it->count;
}

void HistogramFamily::declare(const QStringList &labelValues) {
    QMutexLocker lock(&m_mutex);
    if (!m_series.contains(labelValues))
        m_series.insert(labelValues, emptySeries());
}

HistogramFamily::Series HistogramFamily::series(const QStringList &labelValues) const {
    QMutexLocker lock(&m_mutex);
    return m_series.value(labelValues, emptySeries());
}

void HistogramFamily::write(ExpositionWriter &writer) const {
    QMap<QStringList, Series> all;
    {
        QMutexLocker lock(&m_mutex);
        all = m_series;
    }
    writer.family(m_name, QStringLiteral("histogram"), m_help);
    const QString bucketName = m_name + QStringLiteral("_bucket");
    for (auto it = all.cbegin(); it != all.cend(); ++it) {
        MetricLabels labels;
        for (qsizetype i = 0; i < m_labelNames.size(); ++i)
            labels.append({m_labelNames[i], it.key()[i]});
        quint64 cumulative = 0;
        for (qsizetype i = 0; i < m_bounds.size(); ++i) {
            cumulative += it->buckets[i];
            MetricLabels withBound = labels;
            withBound.append({QStringLiteral("le"), ExpositionWriter::formatValue(m_bounds[i])});
            writer.sample(bucketName, withBound, double(cumulative));
        }
        MetricLabels infinite = labels;
        infinite.append({QStringLiteral("le"), QStringLiteral("+Inf")});
        writer.sample(bucketName, infinite, double(it->count));
        writer.sample(m_name + QStringLiteral("_sum"), labels, it->sum);
        writer.sample(m_name + QStringLiteral("_count"), labels, double(it->count));
    }
}

} // namespace pgnotion
