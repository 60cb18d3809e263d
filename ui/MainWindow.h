#pragma once

#include <QMainWindow>

class QLabel;
class QTabWidget;
class QTableView;
class QTimer;

namespace pgnotion {

class FailedSyncsPage;
class OverviewPage;
class QueueCountsModel;

// The console's main window: one tab per dashboard page (Overview; Failed syncs; the queue's depth per
// resource type), each doing its database work off the GUI thread. Ctrl+1, Ctrl+2... switch pages.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);

    // Shown until a database is connected ("Starting a private PostgreSQL...").
    void showStatus(const QString &message);
    // Starts watching this database (a postgresql:// URL).
    void connectToDatabase(const QString &url);

private:
    void refresh();

    QString m_databaseUrl;
    QTabWidget *m_pages = nullptr;
    OverviewPage *m_overview = nullptr;
    FailedSyncsPage *m_failed = nullptr;
    QueueCountsModel *m_countsModel = nullptr;
    QTableView *m_countsView = nullptr;
    QLabel *m_connectionLabel = nullptr;
    QTimer *m_refreshTimer = nullptr;
    bool m_refreshing = false;
};

} // namespace pgnotion
