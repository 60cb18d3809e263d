#pragma once

#include <QHash>
#include <QObject>

class QSystemTrayIcon;

namespace pgnotion {

// Desktop notifications. Through the system tray where the desktop has one; otherwise (a default GNOME
// desktop has none) straight to the freedesktop notification service, org.freedesktop.Notifications on the
// session bus, which GNOME, KDE and the usual notification daemons provide. The D-Bus call is asynchronous:
// the GUI thread never waits for the service.
class DesktopNotifier : public QObject {
    Q_OBJECT
public:
    enum class Urgency { Normal, Critical };
    enum class Channel { None, SystemTray, NotificationService };

    explicit DesktopNotifier(QObject *parent = nullptr);

    // A later notification with the same key takes the place of this one where the service can (a cleared
    // alert replaces its raised one). A critical one stays on screen until dismissed, on most desktops.
    void notify(const QString &key, const QString &summary, const QString &body, Urgency urgency);
    // The way the next notification goes.
    Channel channel() const;

    static const QString kService;
    static const QString kPath;

Q_SIGNALS:
    // The notification service refused the call or is not there: what D-Bus said.
    void failed(const QString &message);

private:
    void notifyService(const QString &key, const QString &summary, const QString &body, Urgency urgency);

    QSystemTrayIcon *m_trayIcon = nullptr; // created on the first notification that goes to the tray
    QHash<QString, uint> m_serviceIds;     // key -> the service's id of its last notification
};

} // namespace pgnotion
