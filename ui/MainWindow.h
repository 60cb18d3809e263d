#pragma once

#include <QMainWindow>

class QLabel;
class QTableView;
class QTimer;

namespace pgnotion {

class QueueCountsModel;

// The console's main window. For now: the queue's depth per resource type, refreshed every two seconds
// off the GUI thread. The dashboard pages come with the dashboard issue.
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
    QueueCountsModel *m_countsModel = nullptr;
    QTableView *m_countsView = nullptr;
    QLabel *m_connectionLabel = nullptr;
    QTimer *m_refreshTimer = nullptr;
    bool m_refreshing = false;
};

} // namespace pgnotion
