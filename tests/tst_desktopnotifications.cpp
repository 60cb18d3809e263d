#include "AlertMonitor.h"
#include "AlertsPage.h"
#include "DesktopNotifier.h"
#include "TestDatabase.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace pgnotion;
using namespace pgnotion::test;
using namespace std::chrono_literals;

namespace {

constexpr int kTimeout = 10000;

struct Notification {
    QString appName;
    uint replacesId = 0;
    QString icon;
    QString summary;
    QString body;
    QVariantMap hints;
    int expireTimeout = 0;
    uint id = 0; // what the service answered
};

} // namespace

// A stand-in for the desktop's notification daemon: the freedesktop Notify method on its own connection
// to the session bus, keeping what it was sent.
class FakeNotificationService : public QObject {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    QList<Notification> received;

public Q_SLOTS:
    uint Notify(const QString &appName, uint replacesId, const QString &icon, const QString &summary,
                const QString &body, const QStringList &actions, const QVariantMap &hints,
                int expireTimeout) {
        Q_UNUSED(actions);
        const uint id = replacesId != 0 ? replacesId : m_nextId++;
        received.append({appName, replacesId, icon, summary, body, hints, expireTimeout, id});
        return id;
    }
    QStringList GetCapabilities() { return {QStringLiteral("body"), QStringLiteral("body-markup")}; }

private:
    uint m_nextId = 41;
};

namespace {

// Its own bus connection, as a separate daemon has: calls from the app's connection go through the bus.
class RegisteredService {
public:
    RegisteredService()
        : m_connection(QDBusConnection::connectToBus(QDBusConnection::SessionBus, kName)) {
        m_registered =
            m_connection.isConnected() &&
            m_connection.registerObject(DesktopNotifier::kPath, &service, QDBusConnection::ExportAllSlots) &&
            m_connection.registerService(DesktopNotifier::kService);
    }
    ~RegisteredService() {
        m_connection.unregisterService(DesktopNotifier::kService);
        m_connection.unregisterObject(DesktopNotifier::kPath);
        QDBusConnection::disconnectFromBus(kName);
    }
    bool isRegistered() const { return m_registered; }

    FakeNotificationService service;

private:
    inline static const QString kName = QStringLiteral("fake-notification-service");
    QDBusConnection m_connection;
    bool m_registered = false;
};

const QString kAliveWorker = QStringLiteral("INSERT INTO pgnotion.sync_workers (id, instance, host, pid, "
                                            "version) VALUES ('w1', 'i', 'h', 1, 'test')");

bool evaluate(AlertMonitor &monitor) {
    QSignalSpy evaluated(&monitor, &AlertMonitor::evaluated);
    monitor.evaluateNow();
    do {
        if (!evaluated.wait(kTimeout))
            return false;
    } while (monitor.isEvaluating());
    return true;
}

} // namespace

// Desktop notifications without a system tray (a default GNOME desktop, and this offscreen test): raising
// and clearing an alert reaches the freedesktop notification service on the session bus. Runs under
// dbus-run-session (tests/CMakeLists.txt), with a fake service registered by the test.
class TestDesktopNotifications : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_settingsDir.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QCoreApplication::setApplicationName(QStringLiteral("pgnotion"));
        QVERIFY2(QDBusConnection::sessionBus().isConnected(), "no session bus: run under dbus-run-session");
    }

    void raisedAndClearedAlertsReachTheNotificationService() {
        RegisteredService fake;
        QVERIFY(fake.isRegistered());
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        AlertsPage page;
        QCOMPARE(page.notifier()->channel(), DesktopNotifier::Channel::NotificationService); // no tray here
        QSignalSpy failed(page.notifier(), &DesktopNotifier::failed);
        page.monitor()->setInterval(1h);
        page.monitor()->setSource(QStringLiteral("test@host"));

        page.setDatabaseUrl(db.urlString()); // no engine has ever reported: raised
        QTRY_COMPARE_WITH_TIMEOUT(fake.service.received.size(), 1, kTimeout);
        const Notification raised = fake.service.received.first();
        QCOMPARE(raised.summary, QStringLiteral("pgnotion alert: Engine heartbeat"));
        QCOMPARE(raised.body, QStringLiteral("No sync engine is running"));
        QCOMPARE(raised.appName, QStringLiteral("pgnotion"));
        QCOMPARE(raised.replacesId, 0u);
        QCOMPARE(raised.icon, QStringLiteral("dialog-warning"));
        QCOMPARE(raised.hints.value(QStringLiteral("urgency")).toInt(), 2); // critical: stays until seen
        QCOMPARE(raised.expireTimeout, -1);

        QVERIFY(db.exec(kAliveWorker));
        QVERIFY(evaluate(*page.monitor())); // cleared
        QTRY_COMPARE_WITH_TIMEOUT(fake.service.received.size(), 2, kTimeout);
        const Notification cleared = fake.service.received.last();
        QCOMPARE(cleared.summary, QStringLiteral("pgnotion alert cleared: Engine heartbeat"));
        QCOMPARE(cleared.body, QStringLiteral("Back to normal (was: No sync engine is running)"));
        QCOMPARE(cleared.icon, QStringLiteral("dialog-information"));
        QCOMPARE(cleared.hints.value(QStringLiteral("urgency")).toInt(), 1);
        QCOMPARE(cleared.replacesId, raised.id); // takes the raised one's place on screen
        QCOMPARE(failed.count(), 0);
    }

    void turnedOffSendsNothing() {
        RegisteredService fake;
        QVERIFY(fake.isRegistered());
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        AlertsPage page;
        page.setDesktopNotificationsEnabled(false);
        page.monitor()->setInterval(1h);
        QSignalSpy notified(&page, &AlertsPage::notified);
        page.setDatabaseUrl(db.urlString());
        QTRY_COMPARE_WITH_TIMEOUT(notified.count(), 1, kTimeout);
        // A notification sent now comes after anything the page might have sent: its id says so.
        DesktopNotifier probe;
        probe.notify(QStringLiteral("probe"), QStringLiteral("probe"), QString(),
                     DesktopNotifier::Urgency::Normal);
        QTRY_COMPARE_WITH_TIMEOUT(fake.service.received.size(), 1, kTimeout);
        QCOMPARE(fake.service.received.first().summary, QStringLiteral("probe"));
    }

    void theBodyIsEscapedForMarkup() {
        RegisteredService fake;
        QVERIFY(fake.isRegistered());
        DesktopNotifier notifier;
        notifier.notify(QStringLiteral("k"), QStringLiteral("Notion said"),
                        QStringLiteral("<html> & \"quotes\""), DesktopNotifier::Urgency::Normal);
        QTRY_COMPARE_WITH_TIMEOUT(fake.service.received.size(), 1, kTimeout);
        QCOMPARE(fake.service.received.first().body, QStringLiteral("&lt;html&gt; &amp; &quot;quotes&quot;"));
    }

    void aMissingServiceIsReported() {
        QVERIFY(!QDBusConnection::sessionBus().interface()->isServiceRegistered(DesktopNotifier::kService));
        DesktopNotifier notifier;
        QSignalSpy failed(&notifier, &DesktopNotifier::failed);
        notifier.notify(QStringLiteral("k"), QStringLiteral("summary"), QStringLiteral("body"),
                        DesktopNotifier::Urgency::Critical);
        QVERIFY(failed.wait(kTimeout));
        QVERIFY(failed.first().first().toString().startsWith(QStringLiteral("org.freedesktop.DBus.Error")));
    }
};

QTEST_MAIN(TestDesktopNotifications)
#include "tst_desktopnotifications.moc"
