#include "AlertHistoryModel.h"

#include "PoolTask.h"
#include "StatusColors.h"
#include "db/DatabaseConnection.h"

#include <QBrush>
#include <QFutureWatcher>
#include <QPromise>
#include <QSqlQuery>
#include <QThreadPool>

#include <memory>

namespace pgnotion {
namespace {

Result<QList<AlertEvent>> readEvents(QSqlDatabase database) {
    QSqlQuery query(database);
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral("SELECT id, alert_id, raised, message, at, source FROM pgnotion.alert_events "
                       "ORDER BY id DESC LIMIT ?"));
    query.addBindValue(AlertHistoryModel::kMaxRows);
    if (!query.exec())
        return sqlError(query, QStringLiteral("Reading the alert history"));
    QList<AlertEvent> events;
    while (query.next()) {
        events.append({query.value(0).toLongLong(), query.value(1).toString(), query.value(2).toBool(),
                       query.value(3).toString(), query.value(4).toDateTime(), query.value(5).toString()});
    }
    return events;
}

} // namespace

AlertHistoryModel::AlertHistoryModel(QObject *parent)
    : QAbstractTableModel(parent) {}

QString AlertHistoryModel::alertTitle(const QString &alertId) {
    if (alertId == QLatin1String("failure_rate"))
        return tr("Failure rate");
    if (alertId == QLatin1String("latency"))
        return tr("Latency");
    if (alertId == QLatin1String("queue_depth"))
        return tr("Queue depth");
    if (alertId == QLatin1String("token_rejected"))
        return tr("Notion token");
    if (alertId == QLatin1String("no_heartbeat"))
        return tr("Engine heartbeat");
    return alertId;
}

void AlertHistoryModel::setDatabaseUrl(const QString &url) {
    m_databaseUrl = url;
    ++m_generation;
    m_loading = false;
    m_reloadAgain = false;
    if (url.isEmpty()) {
        beginResetModel();
        m_events.clear();
        endResetModel();
        return;
    }
    reload();
}

void AlertHistoryModel::reload() {
    if (m_databaseUrl.isEmpty())
        return;
    if (m_loading) {
        m_reloadAgain = true;
        return;
    }
    m_loading = true;
    auto promise = std::make_shared<QPromise<Result<QList<AlertEvent>>>>();
    auto *watcher = new QFutureWatcher<Result<QList<AlertEvent>>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation = m_generation] {
        watcher->deleteLater();
        if (generation == m_generation)
            apply(watcher->result());
    });
    watcher->setFuture(promise->future());
    promise->start();
    QThreadPool::globalInstance()->start([promise, url = m_databaseUrl] {
        promise->addResult(withConnection(url, QStringLiteral("alert-history"), readEvents));
        promise->finish();
    });
}

void AlertHistoryModel::apply(const Result<QList<AlertEvent>> &events) {
    m_loading = false;
    if (!events) {
        Q_EMIT loadFailed(events.error().message);
    } else {
        beginResetModel();
        m_events = events.value();
        endResetModel();
        Q_EMIT loaded(int(m_events.size()));
    }
    if (m_reloadAgain) {
        m_reloadAgain = false;
        reload();
    }
}

int AlertHistoryModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_events.size());
}

int AlertHistoryModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlertHistoryModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AlertEvent &event = m_events.at(index.row());
    if (role == Qt::ForegroundRole && index.column() == EventColumn)
        return QBrush(StatusColors::color(event.raised ? StatusColors::Bad : StatusColors::Good));
    if (role == Qt::ToolTipRole && index.column() == MessageColumn)
        return event.message;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        return shownTime(event.at);
    case AlertColumn:
        return alertTitle(event.alertId);
    case EventColumn:
        return event.raised ? tr("raised") : tr("cleared");
    case MessageColumn:
        return event.message;
    case SourceColumn:
        return event.source;
    default:
        return {};
    }
}

QVariant AlertHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case AlertColumn:
        return tr("Alert");
    case EventColumn:
        return tr("Event");
    case MessageColumn:
        return tr("Message");
    case SourceColumn:
        return tr("Seen by");
    default:
        return {};
    }
}

} // namespace pgnotion
