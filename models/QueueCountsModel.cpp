#include "QueueCountsModel.h"

namespace pgnotion {

int QueueCountsModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_counts.size());
}

int QueueCountsModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

static int countOf(const QueueCount &count, int column) {
    switch (column) {
    case QueueCountsModel::PendingColumn:
        return count.pending;
    case QueueCountsModel::RunningColumn:
        return count.running;
    case QueueCountsModel::RetryingColumn:
        return count.retrying;
    case QueueCountsModel::DeadColumn:
        return count.dead;
    default:
        return 0;
    }
}

QVariant QueueCountsModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QueueCount &count = m_counts.at(index.row());
    if (role == Qt::DisplayRole)
        return index.column() == TypeColumn ? QVariant(count.resourceType)
                                            : QVariant(countOf(count, index.column()));
    if (role == Qt::TextAlignmentRole && index.column() != TypeColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant QueueCountsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TypeColumn:
        return tr("Resource type");
    case PendingColumn:
        return tr("Pending");
    case RunningColumn:
        return tr("Running");
    case RetryingColumn:
        return tr("Retrying");
    case DeadColumn:
        return tr("Failed (dead)");
    default:
        return {};
    }
}

void QueueCountsModel::setCounts(const QList<QueueCount> &counts) {
    bool sameTypes = counts.size() == m_counts.size();
    for (qsizetype i = 0; sameTypes && i < counts.size(); ++i)
        sameTypes = counts[i].resourceType == m_counts[i].resourceType;
    if (!sameTypes) {
        beginResetModel();
        m_counts = counts;
        endResetModel();
        return;
    }
    m_counts = counts;
    if (!m_counts.isEmpty())
        Q_EMIT dataChanged(index(0, PendingColumn), index(int(m_counts.size()) - 1, DeadColumn),
                           {Qt::DisplayRole});
}

int QueueCountsModel::total(Column column) const {
    int sum = 0;
    for (const QueueCount &count : m_counts)
        sum += countOf(count, column);
    return sum;
}

} // namespace pgnotion
