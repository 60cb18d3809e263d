#include "ResourcesModel.h"

#include "PoolTask.h"
#include "StatusColors.h"

#include <QBrush>
#include <QFutureWatcher>

#include <memory>

namespace pgnotion {
namespace {

using Chunk = Result<QList<ResourceRow>>;

QColor stateColor(ResourceSyncState state) {
    switch (state) {
    case ResourceSyncState::Failed:
        return StatusColors::color(StatusColors::Bad);
    case ResourceSyncState::Pending:
        return StatusColors::color(StatusColors::Warning);
    case ResourceSyncState::Synced:
        return StatusColors::color(StatusColors::Good);
    case ResourceSyncState::Never:
        break;
    }
    return StatusColors::color(StatusColors::Muted);
}

} // namespace

ResourcesModel::ResourcesModel(QObject *parent)
    : QAbstractTableModel(parent) {}

void ResourcesModel::setDatabaseUrl(const QString &url) {
    m_databaseUrl = url;
    reload();
}

void ResourcesModel::setResource(const ResourceMapping &resource) {
    m_resource = resource;
    m_hasResource = true;
    reload();
}

void ResourcesModel::setFilter(const ResourcesFilter &filter) {
    m_filter = filter;
    reload();
}

void ResourcesModel::setChunkSize(int rows) {
    m_chunkSize = qMax(1, rows);
}

void ResourcesModel::reload() {
    ++m_generation;
    m_loading = false;
    if (m_databaseUrl.isEmpty() || !m_hasResource) {
        beginResetModel();
        m_rows.clear();
        m_hasMore = false;
        endResetModel();
        return;
    }
    startLoad(true);
}

bool ResourcesModel::canFetchMore(const QModelIndex &parent) const {
    return !parent.isValid() && m_hasMore && !m_loading;
}

void ResourcesModel::fetchMore(const QModelIndex &parent) {
    if (canFetchMore(parent))
        startLoad(false);
}

void ResourcesModel::startLoad(bool fromStart) {
    m_loading = true;
    std::optional<QString> after;
    if (!fromStart && !m_rows.isEmpty())
        after = m_rows.constLast().key;
    // The watcher belongs to this model: if the model goes first, the result is dropped with it.
    auto *watcher = new QFutureWatcher<Chunk>(this);
    connect(watcher, &QFutureWatcherBase::finished, this,
            [this, watcher, fromStart, generation = m_generation] {
                watcher->deleteLater();
                if (generation != m_generation)
                    return;
                applyChunk(fromStart, watcher->result());
            });
    watcher->setFuture(runInPool<Chunk>(
        [url = m_databaseUrl, resource = m_resource, filter = m_filter, after, limit = m_chunkSize] {
            return ResourcesLoader::loadFrom(url, resource, filter, after, limit);
        }));
}

void ResourcesModel::applyChunk(bool fromStart, const Chunk &chunk) {
    if (!chunk) {
        m_loading = false;
        m_hasMore = false;
        if (fromStart) {
            // The rows of another resource or an older filter would be taken for the current ones.
            beginResetModel();
            m_rows.clear();
            endResetModel();
        }
        Q_EMIT loadFailed(chunk.error().message);
        return;
    }
    const QList<ResourceRow> &rows = chunk.value();
    m_hasMore = rows.size() == m_chunkSize;
    // Still loading until the rows are in: a view or tester that calls fetchMore() from inside
    // beginInsertRows() would otherwise read the next chunk after the old last row, twice.
    if (fromStart) {
        beginResetModel();
        m_rows = rows;
        endResetModel();
    } else if (!rows.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(rows.size()) - 1);
        m_rows.append(rows);
        endInsertRows();
    }
    m_loading = false;
    Q_EMIT chunkLoaded(int(rows.size()));
}

const ResourceRow &ResourcesModel::resourceRow(int row) const {
    Q_ASSERT(row >= 0 && row < m_rows.size());
    return m_rows.at(row);
}

QString ResourcesModel::key(int row) const {
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).key : QString();
}

QUrl ResourcesModel::notionUrlOf(const QString &pageId) {
    QString compact = pageId;
    compact.remove(QLatin1Char('-'));
    if (compact.isEmpty())
        return {};
    return QUrl(QStringLiteral("https://www.notion.so/") + compact);
}

QUrl ResourcesModel::notionUrl(int row) const {
    return row >= 0 && row < m_rows.size() ? notionUrlOf(m_rows.at(row).notionPageId) : QUrl();
}

QString ResourcesModel::stateText(ResourceSyncState state) {
    switch (state) {
    case ResourceSyncState::Failed:
        return tr("Failed");
    case ResourceSyncState::Pending:
        return tr("Pending");
    case ResourceSyncState::Synced:
        return tr("Synced");
    case ResourceSyncState::Never:
        break;
    }
    return tr("Never synced");
}

int ResourcesModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ResourcesModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString ResourcesModel::displayText(const ResourceRow &row, int column) const {
    switch (column) {
    case KeyColumn:
        return row.key;
    case LabelColumn:
        return row.label;
    case StateColumn:
        return stateText(row.state);
    case SyncedAtColumn:
        return shownTime(row.syncedAt);
    case NotionPageColumn:
        return notionUrlOf(row.notionPageId).toString();
    default:
        return {};
    }
}

QVariant ResourcesModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ResourceRow &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(row, index.column());
    case Qt::ToolTipRole:
        if (index.column() == StateColumn && !row.lastError.isEmpty())
            return row.lastError;
        if (index.column() == NotionPageColumn && !row.notionPageId.isEmpty())
            return tr("Double-click to open the page in Notion");
        return {};
    case Qt::ForegroundRole:
        return index.column() == StateColumn ? QVariant(QBrush(stateColor(row.state))) : QVariant();
    case KeyRole:
        return row.key;
    case StateRole:
        return resourceSyncStateName(row.state);
    case NotionUrlRole:
        return notionUrlOf(row.notionPageId);
    default:
        return {};
    }
}

QVariant ResourcesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KeyColumn:
        return m_resource.keyColumn.isEmpty() ? tr("Key") : m_resource.keyColumn;
    case LabelColumn:
        return tr("Name");
    case StateColumn:
        return tr("Sync state");
    case SyncedAtColumn:
        return tr("Last synced");
    case NotionPageColumn:
        return tr("Notion page");
    default:
        return {};
    }
}

} // namespace pgnotion
