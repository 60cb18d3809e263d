#pragma once

#include "common/Result.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QString>

namespace pgnotion {

// One row of pgnotion.alert_events.
struct AlertEvent {
    qint64 id = 0;
    QString alertId;
    bool raised = true; // false: cleared
    QString message;
    QDateTime at;
    QString source;
};

// The alert history, newest first, from pgnotion.alert_events (which keeps the newest 1,000 events, so
// one read on a pool thread holds it all).
class AlertHistoryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, AlertColumn, EventColumn, MessageColumn, SourceColumn, ColumnCount };
    static constexpr int kMaxRows = 1000;

    explicit AlertHistoryModel(QObject *parent = nullptr);

    // Loads the history; empty clears it.
    void setDatabaseUrl(const QString &url);
    const AlertEvent &event(int row) const { return m_events.at(row); }

    // "Failure rate", "Notion token", ... for an alert id.
    static QString alertTitle(const QString &alertId);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

public Q_SLOTS:
    // Reads the history again (the monitor recorded new events).
    void reload();

Q_SIGNALS:
    void loaded(int rows);
    void loadFailed(const QString &message);

private:
    void apply(const Result<QList<AlertEvent>> &events);

    QString m_databaseUrl;
    QList<AlertEvent> m_events;
    bool m_loading = false;
    bool m_reloadAgain = false;
    quint64 m_generation = 0;
};

} // namespace pgnotion
