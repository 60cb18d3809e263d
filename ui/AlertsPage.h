#pragma once

#include "alerts/AlertRules.h"

#include <QWidget>

class QDoubleSpinBox;
class QLabel;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTableView;

namespace pgnotion {

class AlertHistoryModel;
class AlertMonitor;
class DesktopNotifier;

// The Alerts page: the alerts raised now, their history (pgnotion.alert_events, newest first) and the
// thresholds, edited here and kept in QSettings (group "alerts"). The page owns the AlertMonitor: the main
// window connects monitor()->activeAlertsChanged to its AlertBanner and its engine's token state to
// monitor()->setNotionTokenRejected. Raising and clearing an alert shows a desktop notification
// (DesktopNotifier: the system tray, or the desktop's notification service when there is no tray).
class AlertsPage : public QWidget {
    Q_OBJECT
public:
    explicit AlertsPage(QWidget *parent = nullptr);

    // Starts watching this database (evaluates at once, then every 10 s). Empty: stops.
    void setDatabaseUrl(const QString &url);
    AlertMonitor *monitor() const { return m_monitor; }
    AlertHistoryModel *historyModel() const { return m_history; }
    DesktopNotifier *notifier() const { return m_notifier; }
    // On by default; tests and a main window with its own tray icon turn it off (notified() still fires).
    void setDesktopNotificationsEnabled(bool enabled) { m_desktopNotifications = enabled; }

    // The thresholds saved in QSettings, the defaults where none are.
    static AlertThresholds savedThresholds();
    static void saveThresholds(const AlertThresholds &thresholds);

Q_SIGNALS:
    // An alert was raised or cleared: what the desktop notification says.
    void notified(const QString &title, const QString &message);

private:
    QWidget *createThresholdEditor();
    void showThresholds(const AlertThresholds &thresholds);
    AlertThresholds editedThresholds() const;
    void applyThresholds();
    void restoreDefaults();
    void showActive(const QList<Alert> &alerts);
    void notify(const QString &alertId, const QString &title, const QString &message, bool raised);

    AlertMonitor *m_monitor = nullptr;
    AlertHistoryModel *m_history = nullptr;
    QListWidget *m_activeList = nullptr;
    QTableView *m_historyView = nullptr;
    QDoubleSpinBox *m_failureRate = nullptr;
    QDoubleSpinBox *m_latency = nullptr;
    QSpinBox *m_queueDepth = nullptr;
    QSpinBox *m_heartbeat = nullptr;
    QPushButton *m_applyButton = nullptr;
    QPushButton *m_defaultsButton = nullptr;
    QLabel *m_messageLabel = nullptr;
    DesktopNotifier *m_notifier = nullptr;
    bool m_desktopNotifications = true;
};

} // namespace pgnotion
