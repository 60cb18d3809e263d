#include "DesktopNotifier.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QStyle>
#include <QSystemTrayIcon>

namespace pgnotion {

const QString DesktopNotifier::kService = QStringLiteral("org.freedesktop.Notifications");
const QString DesktopNotifier::kPath = QStringLiteral("/org/freedesktop/Notifications");

DesktopNotifier::DesktopNotifier(QObject *parent)
    : QObject(parent) {}

DesktopNotifier::Channel DesktopNotifier::channel() const {
    if (QSystemTrayIcon::isSystemTrayAvailable())
        return Channel::SystemTray;
    // Not asking the bus whether the service is there: that call would block. A missing service answers
    // the notification itself with an error (failed()), and an activatable one is started by it.
    if (QDBusConnection::sessionBus().isConnected())
        return Channel::NotificationService;
    return Channel::None;
}

void DesktopNotifier::notify(const QString &key, const QString &summary, const QString &body,
                             Urgency urgency) {
    switch (channel()) {
    case Channel::SystemTray:
        if (!m_trayIcon) {
            m_trayIcon =
                new QSystemTrayIcon(QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning), this);
            m_trayIcon->setToolTip(QGuiApplication::applicationDisplayName());
            m_trayIcon->show();
        }
        m_trayIcon->showMessage(summary, body,
                                urgency == Urgency::Critical ? QSystemTrayIcon::Warning
                                                             : QSystemTrayIcon::Information);
        return;
    case Channel::NotificationService:
        notifyService(key, summary, body, urgency);
        return;
    case Channel::None:
        Q_EMIT failed(tr("No system tray and no D-Bus session bus"));
        return;
    }
}

void DesktopNotifier::notifyService(const QString &key, const QString &summary, const QString &body,
                                    Urgency urgency) {
    // The Desktop Notifications Specification, version 1.2: Notify(app_name, replaces_id, app_icon,
    // summary, body, actions, hints, expire_timeout) -> id. The body may be read as markup: escaped.
    QVariantMap hints;
    hints.insert(QStringLiteral("urgency"), QVariant::fromValue<uchar>(urgency == Urgency::Critical ? 2 : 1));
    if (!QGuiApplication::desktopFileName().isEmpty())
        hints.insert(QStringLiteral("desktop-entry"), QGuiApplication::desktopFileName());
    QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kService, QStringLiteral("Notify"));
    call << QGuiApplication::applicationDisplayName() << m_serviceIds.value(key)
         << (urgency == Urgency::Critical ? QStringLiteral("dialog-warning")
                                          : QStringLiteral("dialog-information"))
         << summary << body.toHtmlEscaped() << QStringList() << hints << qint32(-1);
    auto *watcher = new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, key](QDBusPendingCallWatcher *done) {
        done->deleteLater();
        const QDBusPendingReply<uint> reply = *done;
        if (reply.isError())
            Q_EMIT failed(reply.error().name() + QStringLiteral(": ") + reply.error().message());
        else
            m_serviceIds.insert(key, reply.value());
    });
}

} // namespace pgnotion
