#include "EngineStatusPanel.h"

#include "db/DatabaseConnection.h"
#include "queue/QueueAdmin.h"

#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSysInfo>
#include <QTimer>
#include <QtConcurrent>

namespace pgnotion {

EngineStatusPanel::EngineStatusPanel(QWidget *parent)
    : QWidget(parent)
    , m_operatorName(qEnvironmentVariable("USER", QStringLiteral("admin")) + u'@' +
                     QSysInfo::machineHostName()) {
    setObjectName(QStringLiteral("engineStatusPanel"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_notionLabel = new QLabel(tr("Notion: —"), this);
    m_notionLabel->setObjectName(QStringLiteral("notionStateLabel"));
    m_engineLabel = new QLabel(tr("Engines: —"), this);
    m_engineLabel->setObjectName(QStringLiteral("engineStateLabel"));
    m_pauseButton = new QPushButton(tr("Pause"), this);
    m_pauseButton->setObjectName(QStringLiteral("pauseButton"));
    m_pauseButton->setToolTip(tr("Pause or resume every engine that shares this queue (Ctrl+P)"));
    m_pauseButton->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    m_pauseButton->setEnabled(false);
    layout->addWidget(m_notionLabel);
    layout->addWidget(m_engineLabel);
    layout->addWidget(m_pauseButton);
    connect(m_pauseButton, &QPushButton::clicked, this, &EngineStatusPanel::togglePause);
    m_timer = new QTimer(this);
    m_timer->setInterval(2000);
    connect(m_timer, &QTimer::timeout, this, &EngineStatusPanel::refresh);
}

void EngineStatusPanel::setDatabaseUrl(const QString &url) {
    m_databaseUrl = url;
    refresh();
    m_timer->start();
}

void EngineStatusPanel::setRefreshInterval(int milliseconds) {
    m_timer->setInterval(milliseconds);
}

void EngineStatusPanel::setLocalNotionError(const QString &message) {
    m_localNotionError = message;
    showStatus(m_status);
}

void EngineStatusPanel::refresh() {
    if (m_refreshing || m_databaseUrl.isEmpty())
        return;
    m_refreshing = true;
    auto *watcher = new QFutureWatcher<Result<EngineStatus>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        const auto status = watcher->result();
        watcher->deleteLater();
        m_refreshing = false;
        if (!status) {
            m_engineLabel->setText(tr("Engines: unknown"));
            m_pauseButton->setEnabled(false);
            Q_EMIT refreshFailed(status.error().message);
            return;
        }
        showStatus(status.value());
        Q_EMIT refreshed(m_status);
    });
    watcher->setFuture(QtConcurrent::run([url = m_databaseUrl]() -> Result<EngineStatus> {
        return withConnection(url, QStringLiteral("dashboard status"),
                              [](QSqlDatabase database) { return EngineStatus::read(database); });
    }));
}

void EngineStatusPanel::togglePause() {
    if (m_toggling || m_databaseUrl.isEmpty())
        return;
    m_toggling = true;
    m_pauseButton->setEnabled(false);
    const bool pause = !m_status.queuePaused;
    auto *watcher = new QFutureWatcher<Result<bool>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, pause] {
        const auto changed = watcher->result();
        watcher->deleteLater();
        m_toggling = false;
        if (!changed) {
            m_engineLabel->setText(
                tr("Could not %1: %2").arg(pause ? tr("pause") : tr("resume"), changed.error().message));
            m_pauseButton->setEnabled(true);
            return;
        }
        m_status.queuePaused = pause;
        showStatus(m_status);
        if (!pause) {
            m_localNotionError.clear(); // resuming says the admin fixed it: the next attempt will tell
            Q_EMIT resumed();
        }
        Q_EMIT pauseChanged(pause);
        refresh();
    });
    watcher->setFuture(QtConcurrent::run([url = m_databaseUrl, pause, by = m_operatorName]() -> Result<bool> {
        return withConnection(url, QStringLiteral("dashboard pause"), [pause, &by](QSqlDatabase database) {
            return QueueAdmin(database).setPaused(pause, by);
        });
    }));
}

void EngineStatusPanel::showStatus(const EngineStatus &status) {
    m_status = status;
    QString notion;
    QString notionTip;
    if (!m_localNotionError.isEmpty()) {
        notion = tr("Notion: token rejected");
        notionTip = m_localNotionError;
    } else {
        switch (status.notion) {
        case EngineStatus::Notion::Unknown:
            notion = tr("Notion: no syncs yet");
            break;
        case EngineStatus::Notion::Reachable:
            notion = tr("Notion: connected");
            break;
        case EngineStatus::Notion::TokenRejected:
            notion = tr("Notion: token rejected");
            notionTip = status.notionMessage;
            break;
        case EngineStatus::Notion::Unreachable:
            notion = tr("Notion: unreachable");
            notionTip = status.notionMessage;
            break;
        }
    }
    m_notionLabel->setText(notion);
    m_notionLabel->setToolTip(notionTip);

    QString engines;
    if (status.enginesAlive == 0)
        engines = tr("No engine running");
    else
        engines = (status.enginesAlive == 1 ? tr("1 engine") : tr("%1 engines").arg(status.enginesAlive)) +
                  tr(", %1 of %2 workers busy").arg(status.jobsRunning).arg(status.workerThreads);
    if (status.queuePaused) {
        engines = tr("Paused by %1 — %2")
                      .arg(status.pausedBy.isEmpty() ? tr("an admin") : status.pausedBy, engines);
        m_engineLabel->setToolTip(
            tr("Since %1")
                .arg(QLocale().toString(status.pauseChangedAt.toLocalTime(), QLocale::ShortFormat)));
    } else {
        m_engineLabel->setToolTip(QString());
    }
    m_engineLabel->setText(engines);
    m_pauseButton->setText(status.queuePaused ? tr("Resume") : tr("Pause"));
    m_pauseButton->setEnabled(!m_toggling);
}

} // namespace pgnotion
