#pragma once

#include "alerts/AlertRules.h"

#include <QList>
#include <QWidget>

class QLabel;

namespace pgnotion {

// A red strip above the pages listing the active alerts; hidden when there are none. The main window
// connects AlertMonitor::activeAlertsChanged to setAlerts().
class AlertBanner : public QWidget {
    Q_OBJECT
public:
    explicit AlertBanner(QWidget *parent = nullptr);

    QString text() const;

public Q_SLOTS:
    void setAlerts(const QList<pgnotion::Alert> &alerts);

Q_SIGNALS:
    // The admin clicked the banner: the main window shows the Alerts page.
    void activated();

protected:
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    QLabel *m_label = nullptr;
};

} // namespace pgnotion
