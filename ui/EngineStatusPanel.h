#pragma once

#include "queue/EngineStatus.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTimer;

namespace pgnotion {

// The status bar's right side: Notion's state, the engines sharing the queue (running or paused, workers
// busy) and Pause/Resume for all of them. Reads Postgres on a pool thread every few seconds, so it shows
// headless workers on other machines as well as the engine in this process.
class EngineStatusPanel : public QWidget {
    Q_OBJECT
public:
    explicit EngineStatusPanel(QWidget *parent = nullptr);

    void setDatabaseUrl(const QString &url);
    void setRefreshInterval(int milliseconds);
    // Who pauses, as other dashboards will read it ("admin@host").
    void setOperatorName(const QString &name) { m_operatorName = name; }
    const EngineStatus &status() const { return m_status; }

public Q_SLOTS:
    void refresh();
    // The engine of this process reports what it saw first hand (the log catches up a moment later).
    void setLocalNotionError(const QString &message);
    void togglePause();

Q_SIGNALS:
    void refreshed(const pgnotion::EngineStatus &status);
    void refreshFailed(const QString &message);
    // The queue was resumed from here: an engine of this process paused by a rejected token may go on.
    void resumed();
    void pauseChanged(bool paused);

private:
    void showStatus(const EngineStatus &status);

    QString m_databaseUrl;
    QString m_operatorName;
    EngineStatus m_status;
    QLabel *m_notionLabel = nullptr;
    QLabel *m_engineLabel = nullptr;
    QPushButton *m_pauseButton = nullptr;
    QTimer *m_timer = nullptr;
    QString m_localNotionError;
    bool m_refreshing = false;
    bool m_toggling = false;
};

} // namespace pgnotion
