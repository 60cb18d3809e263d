#pragma once

#include "DesktopEngine.h"
#include "settings/AppSettings.h"

#include <QObject>

namespace pgnotion {

class MainWindow;

// `pgnotion` with a window and no --demo: the saved settings (or the first-run wizard when there are
// none), the database URL with its password from the keychain, migrations, the pages, and this app's
// own engine when a Notion token is there.
// Nothing here waits on the GUI thread: keychain calls run on the dashboard's keychain thread,
// migrations and Notion checks on pool threads.
class DesktopSession : public QObject {
    Q_OBJECT
public:
    explicit DesktopSession(MainWindow &window, QObject *parent = nullptr);

    void start();

private:
    void apply(const AppSettings &settings);
    void connectTo(const QString &url, const QString &notionToken);
    void startEngine(const QString &url, const QString &notionToken);

    MainWindow &m_window;
    AppSettings m_settings;
    DesktopEngine m_engine;
    bool m_applied = false;
};

} // namespace pgnotion
