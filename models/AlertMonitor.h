#pragma once

#include "alerts/AlertRules.h"

#include <QList>
#include <QObject>
#include <QString>

#include <chrono>

class QTimer;

namespace pgnotion {

// Watches the sync's health and raises and clears alerts. Every interval (and on evaluateNow()) it reads,
// on a pool thread with a connection of its own: SyncHealth of the last hour, the newest heartbeat of the
// engine runs not marked stopped (desktop or headless), and whether Notion rejected the token. The token
// counts as rejected when setNotionTokenRejected(true) says so (this process's engine), or when the newest
// 401/"unauthorized" attempt of the last hour in sync_log is newer than its newest completed one (a
// headless worker's engine pauses on it, so nothing completes until the token is fixed).
//
// Changes are written to pgnotion.alert_events (the newest 1,000 kept) in the same pool task, so they are
// written in order; on start the alerts this source left raised are restored without being raised again.
class AlertMonitor : public QObject {
    Q_OBJECT
public:
    static constexpr std::chrono::seconds kDefaultInterval{10};
    static constexpr int kKeptEvents = 1000;

    explicit AlertMonitor(QObject *parent = nullptr);

    // Evaluates at once and then every interval. Empty: stops.
    void setDatabaseUrl(const QString &url);
    void setThresholds(const AlertThresholds &thresholds);
    const AlertThresholds &thresholds() const { return m_thresholds; }
    void setInterval(std::chrono::milliseconds interval);
    // Who wrote an event in the history (default: user@host); one dashboard's alerts are its own.
    void setSource(const QString &source) { m_source = source; }
    QString source() const { return m_source; }
    const QList<Alert> &activeAlerts() const { return m_tracker.active(); }
    bool isEvaluating() const { return m_evaluating; }

public Q_SLOTS:
    void evaluateNow();
    // The in-process engine's word on the token; re-evaluates at once.
    void setNotionTokenRejected(bool rejected);

Q_SIGNALS:
    void alertRaised(const pgnotion::Alert &alert);
    void alertCleared(const pgnotion::Alert &alert);
    void activeAlertsChanged(const QList<pgnotion::Alert> &alerts);
    // An evaluation finished; `changes` events were written to the history.
    void evaluated(int changes);
    void evaluationFailed(const QString &message);

private:
    struct Outcome;
    void apply(const Outcome &outcome);

    QString m_databaseUrl;
    QString m_source;
    AlertThresholds m_thresholds;
    AlertTracker m_tracker;
    bool m_restored = false; // the active alerts of the last run were read back
    bool m_tokenRejected = false;
    bool m_evaluating = false;
    bool m_evaluateAgain = false;
    QTimer *m_timer = nullptr;
    quint64 m_generation = 0;
};

} // namespace pgnotion
