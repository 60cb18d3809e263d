#pragma once

#include "queue/SyncHealth.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QTimer;

namespace pgnotion {

class OverviewCharts;

// Sync health at a glance: tiles (success rate last hour and 24 h, latency p50/p95, queue depth, failed
// jobs, throughput) and charts over 1 h, 24 h or 7 d. Reads the rollups off the GUI thread every 5 s.
class OverviewPage : public QWidget {
    Q_OBJECT
public:
    explicit OverviewPage(QWidget *parent = nullptr);

    void setDatabaseUrl(const QString &url);
    void refresh();

Q_SIGNALS:
    void refreshed(const pgnotion::SyncHealth &health);
    void refreshFailed(const QString &message);

private:
    void display(const SyncHealth &health);

    QString m_databaseUrl;
    QComboBox *m_window = nullptr;
    QLabel *m_successHour = nullptr;
    QLabel *m_successDay = nullptr;
    QLabel *m_latency = nullptr;
    QLabel *m_depth = nullptr;
    QLabel *m_dead = nullptr;
    QLabel *m_throughput = nullptr;
    QLabel *m_message = nullptr;
    OverviewCharts *m_charts = nullptr;
    QTimer *m_timer = nullptr;
    bool m_refreshing = false;
};

} // namespace pgnotion
