#include "alerts/AlertRules.h"

#include <algorithm>

namespace pgnotion {

QList<Alert> AlertRules::evaluate(const AlertInputs &inputs, const AlertThresholds &thresholds) {
    QList<Alert> alerts;
    const SyncHealth &health = inputs.health;
    if (health.successRateHour && 1.0 - *health.successRateHour > thresholds.failureRate) {
        alerts.append({QStringLiteral("failure_rate"),
                       QStringLiteral("%1 % of syncs failed in the last hour (alert above %2 %)")
                           .arg((1.0 - *health.successRateHour) * 100, 0, 'f', 1)
                           .arg(thresholds.failureRate * 100, 0, 'f', 0)});
    }
    if (health.p95Ms && *health.p95Ms > thresholds.latencyMs) {
        alerts.append({QStringLiteral("latency"),
                       QStringLiteral("Syncs take %1 s to reach Notion (p95, last hour; alert above %2 s)")
                           .arg(*health.p95Ms / 1000, 0, 'f', 1)
                           .arg(thresholds.latencyMs / 1000, 0, 'f', 0)});
    }
    if (health.queueDepth > thresholds.queueDepth) {
        alerts.append({QStringLiteral("queue_depth"), QStringLiteral("%1 jobs are waiting (alert above %2)")
                                                          .arg(health.queueDepth)
                                                          .arg(thresholds.queueDepth)});
    }
    if (inputs.notionTokenRejected) {
        alerts.append({QStringLiteral("token_rejected"),
                       QStringLiteral(
                           "Notion rejected the integration token: the engine is paused until it is fixed")});
    }
    if (!inputs.newestHeartbeat) {
        alerts.append({QStringLiteral("no_heartbeat"), QStringLiteral("No sync engine is running")});
    } else if (inputs.newestHeartbeat->secsTo(inputs.now) > thresholds.heartbeatSeconds) {
        alerts.append({QStringLiteral("no_heartbeat"),
                       QStringLiteral("No sync engine has reported for %1 s (alert after %2 s)")
                           .arg(inputs.newestHeartbeat->secsTo(inputs.now))
                           .arg(thresholds.heartbeatSeconds)});
    }
    return alerts;
}

QList<AlertTracker::Change> AlertTracker::update(const QList<Alert> &current, const QDateTime &at) {
    QList<Change> changes;
    auto contains = [](const QList<Alert> &alerts, const QString &id) {
        return std::any_of(alerts.begin(), alerts.end(),
                           [&id](const Alert &alert) { return alert.id == id; });
    };
    for (const Alert &alert : current) {
        if (!contains(m_active, alert.id))
            changes.append({alert, true, at});
    }
    for (const Alert &alert : std::as_const(m_active)) {
        if (!contains(current, alert.id))
            changes.append({alert, false, at});
    }
    m_active = current; // messages follow the figures while an alert stays raised
    m_history += changes;
    return changes;
}

} // namespace pgnotion
