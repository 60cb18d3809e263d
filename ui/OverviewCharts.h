#pragma once

#include "queue/SyncHealth.h"

#include <QWidget>

class QChart;

namespace pgnotion {

// The Overview's charts over the selected window: syncs completed and failed, success rate, latency
// p50/p95, queue depth, and the window's failures by resource type and by Notion error code. Built from one
// SyncHealth (the rollups), so a refresh costs one query however long the history is.
class OverviewCharts : public QWidget {
    Q_OBJECT
public:
    explicit OverviewCharts(QWidget *parent = nullptr);

    void display(const SyncHealth &health, int windowMinutes);

private:
    QChart *m_syncs = nullptr;
    QChart *m_success = nullptr;
    QChart *m_latency = nullptr;
    QChart *m_depth = nullptr;
    QChart *m_byType = nullptr;
    QChart *m_byCode = nullptr;
};

} // namespace pgnotion
