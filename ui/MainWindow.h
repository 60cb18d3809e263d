#pragma once

#include "mapping/Mapping.h"
#include "notion/NotionClientOptions.h"

#include <QMainWindow>

#include <optional>

class QLabel;
class QTabWidget;
class QTableView;
class QTimer;

namespace pgnotion {

class ActivityPage;
class AlertBanner;
class AlertsPage;
class ConflictsPage;
class EngineStatusPanel;
class ResourcesPage;
class SettingsPage;
class FailedSyncsPage;
class OverviewPage;
class QueueCountsModel;
class QueueListener;
class WorkerPool;

// The console's main window: one tab per dashboard page, each doing its database work off the GUI thread
// (Ctrl+1, Ctrl+2... switch pages), the active alerts above them, and the engines' state with Pause/Resume
// in the status bar. Remembers its size, position and page.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);

    // Shown until a database is connected ("Starting a private PostgreSQL...").
    void showStatus(const QString &message);
    // Starts watching this database (a postgresql:// URL).
    void connectToDatabase(const QString &url);
    // The engine running in this process (the demo's, or the app's own): its first-hand reports reach the
    // pages at once, and Resume restarts it after a rejected token.
    void attachEngine(WorkerPool *pool);
    // The resource types the Resources page browses.
    void setMapping(const Mapping &mapping);
    // Notion as this process's engine reaches it: enables the verify action on the Resources page.
    void setNotion(const NotionClientOptions &notion);
    OverviewPage *overviewPage() const { return m_overview; }
    SettingsPage *settingsPage() const { return m_settings; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void refresh();
    void restoreWindowState();
    QWidget *createQueuePage();
    void openVerifyDialog();

    QString m_databaseUrl;
    QTabWidget *m_pages = nullptr;
    OverviewPage *m_overview = nullptr;
    FailedSyncsPage *m_failed = nullptr;
    ResourcesPage *m_resources = nullptr;
    Mapping m_mapping;
    std::optional<NotionClientOptions> m_notion;
    ActivityPage *m_activity = nullptr;
    ConflictsPage *m_conflicts = nullptr;
    AlertsPage *m_alerts = nullptr;
    AlertBanner *m_banner = nullptr;
    SettingsPage *m_settings = nullptr;
    QueueCountsModel *m_countsModel = nullptr;
    QTableView *m_countsView = nullptr;
    QLabel *m_connectionLabel = nullptr;
    EngineStatusPanel *m_enginePanel = nullptr;
    QTimer *m_refreshTimer = nullptr;
    QueueListener *m_listener = nullptr;
    bool m_refreshing = false;
};

} // namespace pgnotion
