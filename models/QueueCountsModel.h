#pragma once

#include "queue/QueueStats.h"

#include <QAbstractTableModel>

namespace pgnotion {

// Queue depth per resource type: one row per type, one column per state.
class QueueCountsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TypeColumn, PendingColumn, RunningColumn, RetryingColumn, DeadColumn, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Replaces the counts, updating rows in place where the type is unchanged (no view flicker).
    void setCounts(const QList<QueueCount> &counts);
    int total(Column column) const;

private:
    QList<QueueCount> m_counts;
};

} // namespace pgnotion
