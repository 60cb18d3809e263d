#include "AlertMonitor.h"

#include "db/DatabaseConnection.h"

#include <QFutureWatcher>
#include <QPromise>
#include <QSqlQuery>
#include <QSysInfo>
#include <QThreadPool>
#include <QTimer>

#include <memory>

namespace pgnotion {

// What one evaluation found, computed on the pool thread from copies of the monitor's state.
struct AlertMonitor::Outcome {
    AlertTracker tracker; // the monitor's tracker after this evaluation
    QList<AlertTracker::Change> changes;
};

namespace {

// The alerts this source left raised, from the newest event of each alert.
Result<QList<Alert>> readRaised(QSqlDatabase database, const QString &source) {
    QSqlQuery query(database);
    query.prepare(QStringLiteral("SELECT alert_id, raised, message FROM ("
                                 "  SELECT DISTINCT ON (alert_id) alert_id, raised, message "
                                 "  FROM pgnotion.alert_events WHERE source = ? ORDER BY alert_id, id DESC) "
                                 "latest WHERE raised ORDER BY alert_id"));
    query.addBindValue(source);
    if (!query.exec())
        return sqlError(query, QStringLiteral("Reading the raised alerts"));
    QList<Alert> raised;
    while (query.next())
        raised.append({query.value(0).toString(), query.value(2).toString()});
    return raised;
}

// The database's clock (heartbeats are written with it), the newest heartbeat of a run not marked stopped,
// and whether a 401 of the last hour is newer than the newest completed sync (the token was rejected and
// nothing completed since). Served by the primary key and sync_log_finished, whatever the log's size.
const QString kLivenessQuery = QStringLiteral(
    "SELECT now(), "
    "(SELECT max(heartbeat_at) FROM pgnotion.sync_workers WHERE stopped_at IS NULL), "
    "EXISTS (SELECT 1 FROM pgnotion.sync_log "
    "        WHERE id > coalesce((SELECT max(id) FROM pgnotion.sync_log WHERE outcome = 'completed'), 0) "
    "          AND finished_at > now() - interval '1 hour' "
    "          AND (http_status = 401 OR error_code = 'unauthorized'))");

// Everything AlertRules needs besides the thresholds.
Result<AlertInputs> readInputs(QSqlDatabase database, bool tokenRejectedInProcess) {
    AlertInputs inputs;
    auto health = SyncHealth::read(database, std::chrono::minutes(60));
    if (!health)
        return health.error();
    inputs.health = std::move(health).value();
    QSqlQuery query(database);
    if (!query.exec(kLivenessQuery) || !query.next())
        return sqlError(query, QStringLiteral("Reading the engines' heartbeats"));
    inputs.now = query.value(0).toDateTime();
    if (!query.value(1).isNull())
        inputs.newestHeartbeat = query.value(1).toDateTime();
    inputs.notionTokenRejected = tokenRejectedInProcess || query.value(2).toBool();
    return inputs;
}

Result<void> writeChanges(QSqlDatabase database, const QList<AlertTracker::Change> &changes,
                          const QString &source) {
    if (changes.isEmpty())
        return {};
    if (!database.transaction())
        return Error{QStringLiteral("Recording the alerts: cannot start a transaction"), QString()};
    QSqlQuery query(database);
    query.prepare(QStringLiteral(
        "INSERT INTO pgnotion.alert_events (alert_id, raised, message, source) VALUES (?, ?, ?, ?)"));
    for (const AlertTracker::Change &change : changes) {
        query.addBindValue(change.alert.id);
        query.addBindValue(change.raised);
        query.addBindValue(change.alert.message);
        query.addBindValue(source);
        if (!query.exec()) {
            Error error = sqlError(query, QStringLiteral("Recording the alerts"));
            database.rollback();
            return error;
        }
    }
    QSqlQuery prune(database);
    prune.prepare(QStringLiteral("DELETE FROM pgnotion.alert_events WHERE id < ("
                                 "SELECT id FROM pgnotion.alert_events ORDER BY id DESC OFFSET ? LIMIT 1)"));
    prune.addBindValue(AlertMonitor::kKeptEvents - 1);
    if (!prune.exec()) {
        Error error = sqlError(prune, QStringLiteral("Pruning the alert history"));
        database.rollback();
        return error;
    }
    if (!database.commit())
        return Error{QStringLiteral("Recording the alerts: the commit failed"), QString()};
    return {};
}

} // namespace

AlertMonitor::AlertMonitor(QObject *parent)
    : QObject(parent)
    , m_timer(new QTimer(this)) {
    const QString user = qEnvironmentVariable("USER", QStringLiteral("dashboard"));
    m_source = user + QLatin1Char('@') + QSysInfo::machineHostName();
    m_timer->setInterval(kDefaultInterval);
    connect(m_timer, &QTimer::timeout, this, &AlertMonitor::evaluateNow);
}

void AlertMonitor::setDatabaseUrl(const QString &url) {
    ++m_generation; // alerts of another database say nothing about this one
    m_databaseUrl = url;
    m_evaluating = false;
    m_evaluateAgain = false;
    m_restored = false;
    const bool hadAlerts = !m_tracker.active().isEmpty();
    m_tracker = {};
    if (hadAlerts)
        Q_EMIT activeAlertsChanged({});
    if (url.isEmpty()) {
        m_timer->stop();
        return;
    }
    m_timer->start();
    evaluateNow();
}

void AlertMonitor::setThresholds(const AlertThresholds &thresholds) {
    m_thresholds = thresholds;
    evaluateNow();
}

void AlertMonitor::setInterval(std::chrono::milliseconds interval) {
    m_timer->setInterval(interval);
}

void AlertMonitor::setNotionTokenRejected(bool rejected) {
    if (rejected == m_tokenRejected)
        return;
    m_tokenRejected = rejected;
    evaluateNow();
}

void AlertMonitor::evaluateNow() {
    if (m_databaseUrl.isEmpty())
        return;
    if (m_evaluating) {
        m_evaluateAgain = true; // with the newest thresholds, once this one is in
        return;
    }
    m_evaluating = true;
    m_evaluateAgain = false;
    auto promise = std::make_shared<QPromise<Result<Outcome>>>();
    auto *watcher = new QFutureWatcher<Result<Outcome>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation = m_generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return;
        m_evaluating = false;
        const Result<Outcome> outcome = watcher->result();
        if (outcome)
            apply(outcome.value());
        else
            Q_EMIT evaluationFailed(outcome.error().message);
        if (m_evaluateAgain)
            evaluateNow();
    });
    watcher->setFuture(promise->future());
    promise->start();
    // One evaluation at a time, each with a copy of the tracker: events are written in the order they
    // happened, and the tracker the GUI thread holds is only replaced on it.
    QThreadPool::globalInstance()->start([promise, url = m_databaseUrl, source = m_source,
                                          thresholds = m_thresholds, tracker = m_tracker,
                                          restored = m_restored, tokenRejected = m_tokenRejected] {
        promise->addResult(
            withConnection(url, QStringLiteral("alerts"), [&](QSqlDatabase database) -> Result<Outcome> {
                Outcome outcome{tracker, {}};
                if (!restored) {
                    auto raised = readRaised(database, source);
                    if (!raised)
                        return raised.error();
                    // Raised before this run: not raised again, only cleared when it clears.
                    (void)outcome.tracker.update(raised.value(), QDateTime::currentDateTimeUtc());
                }
                auto inputs = readInputs(database, tokenRejected);
                if (!inputs)
                    return inputs.error();
                const QList<Alert> current = AlertRules::evaluate(inputs.value(), thresholds);
                outcome.changes = outcome.tracker.update(current, inputs.value().now);
                if (auto written = writeChanges(database, outcome.changes, source); !written)
                    return written.error();
                return outcome;
            }));
        promise->finish();
    });
}

void AlertMonitor::apply(const Outcome &outcome) {
    auto sameAlerts = [](const QList<Alert> &a, const QList<Alert> &b) {
        if (a.size() != b.size())
            return false;
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (a[i].id != b[i].id || a[i].message != b[i].message)
                return false;
        }
        return true;
    };
    const QList<Alert> before = m_tracker.active();
    m_tracker = outcome.tracker;
    m_restored = true;
    if (!sameAlerts(before, m_tracker.active()))
        Q_EMIT activeAlertsChanged(m_tracker.active());
    for (const AlertTracker::Change &change : outcome.changes) {
        if (change.raised)
            Q_EMIT alertRaised(change.alert);
        else
            Q_EMIT alertCleared(change.alert);
    }
    Q_EMIT evaluated(int(outcome.changes.size()));
}

} // namespace pgnotion
