#include "ConflictsModel.h"

#include "PoolTask.h"
#include "db/DatabaseConnection.h"

#include <QFutureWatcher>
#include <QJsonDocument>
#include <QPromise>
#include <QThreadPool>

#include <algorithm>
#include <memory>

namespace pgnotion {
namespace {

using Rows = Result<QList<SyncConflict>>;

// A NULL value (the property was empty on that side) is told apart from an empty text.
QString shownValue(const QString &value) {
    return value.isNull() ? ConflictsModel::tr("(empty)") : value;
}

QString columns(const QJsonObject &object) {
    return object.isEmpty() ? ConflictsModel::tr("(no columns)")
                            : QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString state(const SyncConflict &conflict) {
    if (conflict.undoneAt.isValid())
        return ConflictsModel::tr("Undone");
    if (conflict.resolvedAt.isValid())
        return ConflictsModel::tr("Resolved");
    return ConflictsModel::tr("Open");
}

} // namespace

ConflictsModel::ConflictsModel(QObject *parent)
    : QAbstractTableModel(parent) {}

void ConflictsModel::setDatabaseUrl(const QString &url) {
    m_databaseUrl = url;
    reload();
}

void ConflictsModel::setShowResolved(bool show) {
    if (m_showResolved == show)
        return;
    m_showResolved = show;
    reload();
}

void ConflictsModel::reload() {
    ++m_generation;
    if (m_databaseUrl.isEmpty()) {
        m_loading = false;
        beginResetModel();
        m_conflicts.clear();
        endResetModel();
        return;
    }
    m_loading = true;
    auto promise = std::make_shared<QPromise<Rows>>();
    // The watcher belongs to this model: if the model goes first, the rows are dropped with it.
    auto *watcher = new QFutureWatcher<Rows>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation = m_generation] {
        watcher->deleteLater();
        if (generation == m_generation)
            apply(watcher->result());
    });
    watcher->setFuture(promise->future());
    promise->start();
    QThreadPool::globalInstance()->start([promise, url = m_databaseUrl, openOnly = !m_showResolved] {
        promise->addResult(
            withConnection(url, QStringLiteral("dashboard"), [openOnly](QSqlDatabase database) {
                return SyncConflicts::list(database, openOnly, kLimit);
            }));
        promise->finish();
    });
}

void ConflictsModel::apply(const Rows &result) {
    m_loading = false;
    if (!result) {
        Q_EMIT loadFailed(result.error().message);
        return;
    }
    beginResetModel();
    m_conflicts = result.value();
    endResetModel();
    Q_EMIT loaded(int(m_conflicts.size()));
}

qint64 ConflictsModel::conflictId(int row) const {
    return row >= 0 && row < m_conflicts.size() ? m_conflicts.at(row).id : 0;
}

int ConflictsModel::rowOf(qint64 conflictId) const {
    for (qsizetype row = 0; row < m_conflicts.size(); ++row) {
        if (m_conflicts.at(row).id == conflictId)
            return int(row);
    }
    return -1;
}

const SyncConflict &ConflictsModel::conflict(int row) const {
    Q_ASSERT(row >= 0 && row < m_conflicts.size());
    return m_conflicts.at(row);
}

int ConflictsModel::openCount() const {
    return int(std::count_if(m_conflicts.cbegin(), m_conflicts.cend(),
                             [](const SyncConflict &conflict) { return conflict.isOpen(); }));
}

QString ConflictsModel::details(int row) const {
    if (row < 0 || row >= m_conflicts.size())
        return {};
    const SyncConflict &c = m_conflicts.at(row);
    const bool postgresWon = c.winner == QLatin1String("postgres");
    QString text = tr("Conflict %1: %2 %3, property \"%4\" — %5\n")
                       .arg(c.id)
                       .arg(c.resourceType, c.resourceId, c.property, state(c));
    text += tr("Detected: %1\n").arg(shownTime(c.detectedAt));
    text += tr("Both sides changed it since the last sync; %1 owns the field and won.\n\n")
                .arg(postgresWon ? tr("Postgres") : tr("Notion"));
    text += tr("Last synced value: %1\n").arg(shownValue(c.baseValue));
    text += tr("Postgres value:    %1%2\n")
                .arg(shownValue(c.postgresValue), postgresWon ? tr("  (kept)") : QString());
    text += tr("Notion value:      %1%2\n\n")
                .arg(shownValue(c.notionValue), postgresWon ? QString() : tr("  (kept)"));
    text += tr("Postgres columns: %1\n").arg(columns(c.postgresColumns));
    text += tr("Notion columns:   %1\n").arg(columns(c.notionColumns));
    text += tr("Undo writes the %1 columns to the row; the sync then takes them to Notion.\n")
                .arg(postgresWon ? tr("Notion") : tr("Postgres"));
    if (c.resolvedAt.isValid())
        text += tr("\nResolved %1 by %2\n").arg(shownTime(c.resolvedAt), c.resolvedBy);
    if (c.undoneAt.isValid())
        text += tr("\nUndone %1 by %2\n").arg(shownTime(c.undoneAt), c.undoneBy);
    return text;
}

int ConflictsModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_conflicts.size());
}

int ConflictsModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString ConflictsModel::displayText(const SyncConflict &c, int column) const {
    switch (column) {
    case ResourceColumn:
        return c.resourceType + QLatin1Char(' ') + c.resourceId;
    case PropertyColumn:
        return c.property;
    case BaseValueColumn:
        return shownValue(c.baseValue);
    case PostgresValueColumn:
        return shownValue(c.postgresValue);
    case NotionValueColumn:
        return shownValue(c.notionValue);
    case WinnerColumn:
        return c.winner == QLatin1String("postgres") ? tr("Postgres") : tr("Notion");
    case DetectedColumn:
        return shownTime(c.detectedAt);
    case StateColumn:
        return state(c);
    default:
        return {};
    }
}

QVariant ConflictsModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SyncConflict &c = m_conflicts.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(c, index.column());
    case Qt::ToolTipRole:
        return index.column() >= BaseValueColumn && index.column() <= NotionValueColumn
                   ? QVariant(displayText(c, index.column()))
                   : QVariant();
    case ConflictIdRole:
        return c.id;
    case IsOpenRole:
        return c.isOpen();
    default:
        return {};
    }
}

QVariant ConflictsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ResourceColumn:
        return tr("Resource");
    case PropertyColumn:
        return tr("Property");
    case BaseValueColumn:
        return tr("Last synced");
    case PostgresValueColumn:
        return tr("Postgres");
    case NotionValueColumn:
        return tr("Notion");
    case WinnerColumn:
        return tr("Winner");
    case DetectedColumn:
        return tr("Detected");
    case StateColumn:
        return tr("State");
    default:
        return {};
    }
}

} // namespace pgnotion
