#pragma once

#include "queue/SyncHealth.h"

#include <QWidget>

class QChart;

namespace pgnotion {

// The Overview's charts over the selected window: syncs completed and failed, success rate, latency
// p50/p95, queue depth, and the window's failures by resource type and by Notion error code. Built from one
// SyncHealth (the rollups), so a refresh costs one query however long the history is. The charts follow
// the palette: the dark chart theme on a dark window colour, the light one otherwise.
class OverviewCharts : public QWidget {
    Q_OBJECT
public:
    explicit OverviewCharts(QWidget *parent = nullptr);

    void display(const SyncHealth &health, int windowMinutes);
    QList<QChart *> charts() const;

protected:
    // A dark palette (the desktop's dark mode) gets the charts' dark theme, a light one the light theme.
    void changeEvent(QEvent *event) override;

private:
    QChart *m_syncs = nullptr;
    QChart *m_success = nullptr;
    QChart *m_latency = nullptr;
    QChart *m_depth = nullptr;
    QChart *m_byType = nullptr;
    QChart *m_byCode = nullptr;
};

} // namespace pgnotion
