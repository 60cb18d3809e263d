#include "ActivityModel.h"

#include "PoolTask.h"
#include "StatusColors.h"
#include "db/DatabaseConnection.h"

#include <QBrush>
#include <QFutureWatcher>
#include <QPromise>
#include <QThreadPool>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <memory>

namespace pgnotion {
namespace {

// Runs `read` on a pool thread with a connection of its own (QtConcurrent::run without QtConcurrent: this
// library links QtCore only); `done` gets its result on `context`'s thread, and never once it is gone.
template <typename T, typename Read, typename Done>
void readInPool(QObject *context, const QString &url, Read read, Done done) {
    auto promise = std::make_shared<QPromise<Result<T>>>();
    auto *watcher = new QFutureWatcher<Result<T>>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, done] {
        watcher->deleteLater();
        done(watcher->result());
    });
    watcher->setFuture(promise->future());
    promise->start();
    QThreadPool::globalInstance()->start([promise, url, read] {
        promise->addResult(withConnection(url, QStringLiteral("activity"), [&read](QSqlDatabase database) {
            return read(ActivityLoader(database));
        }));
        promise->finish();
    });
}

QString directionText(const QString &direction) {
    if (direction == QLatin1String("postgres_to_notion"))
        return ActivityModel::tr("Postgres → Notion");
    if (direction == QLatin1String("notion_to_postgres"))
        return ActivityModel::tr("Notion → Postgres");
    return direction;
}

QString errorText(const ActivityRow &row) {
    QStringList parts;
    if (row.httpStatus > 0)
        parts.append(QStringLiteral("HTTP %1").arg(row.httpStatus));
    if (!row.errorCode.isEmpty())
        parts.append(row.errorCode);
    QString text = parts.join(QLatin1Char(' '));
    if (!row.errorMessage.isEmpty())
        text += (text.isEmpty() ? QString() : QStringLiteral(": ")) + row.errorMessage;
    return text;
}

} // namespace

ActivityModel::ActivityModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_timer(new QTimer(this)) {
    m_timer->setInterval(kDefaultLiveIntervalMs);
    connect(m_timer, &QTimer::timeout, this, &ActivityModel::refresh);
}

void ActivityModel::setDatabaseUrl(const QString &url) {
    m_databaseUrl = url;
    reload();
    if (url.isEmpty())
        m_timer->stop();
    else if (m_timer->interval() > 0)
        m_timer->start();
}

void ActivityModel::setFilter(const ActivityFilter &filter) {
    m_filter = filter;
    reload();
}

void ActivityModel::setLiveInterval(int milliseconds) {
    m_timer->setInterval(qMax(0, milliseconds));
    if (milliseconds <= 0)
        m_timer->stop();
    else if (!m_databaseUrl.isEmpty())
        m_timer->start();
}

void ActivityModel::setPaused(bool paused) {
    if (paused == m_paused)
        return;
    m_paused = paused;
    setHeldCount(0);
    refresh(); // paused: count at once; resumed: show what was held back at once
}

void ActivityModel::setHeldCount(int count) {
    if (count == m_heldCount)
        return;
    m_heldCount = count;
    Q_EMIT heldCountChanged(count);
}

void ActivityModel::reload() {
    ++m_generation;
    m_loadingOlder = false;
    m_initialLoading = false;
    m_polling = false;
    m_pollAgain = false;
    setHeldCount(0);
    if (m_databaseUrl.isEmpty()) {
        beginResetModel();
        m_rows.clear();
        m_hasMore = false;
        m_highWaterId = 0;
        endResetModel();
        return;
    }
    startOlder(true);
}

bool ActivityModel::canFetchMore(const QModelIndex &parent) const {
    return !parent.isValid() && m_hasMore && !m_loadingOlder && !m_initialLoading && !m_rows.isEmpty();
}

void ActivityModel::fetchMore(const QModelIndex &parent) {
    if (canFetchMore(parent))
        startOlder(false);
}

void ActivityModel::startOlder(bool fromNewest) {
    (fromNewest ? m_initialLoading : m_loadingOlder) = true;
    const qint64 before = fromNewest ? 0 : m_rows.constLast().id;
    readInPool<ActivityChunk>(
        this, m_databaseUrl,
        [filter = m_filter, before, limit = m_chunkSize](ActivityLoader loader) {
            return loader.loadOlder(filter, before, limit);
        },
        [this, fromNewest, before, generation = m_generation](const Result<ActivityChunk> &chunk) {
            if (generation == m_generation)
                applyOlder(fromNewest, before, chunk);
        });
}

void ActivityModel::applyOlder(bool fromNewest, qint64 before, const Result<ActivityChunk> &chunk) {
    // Still loading until the rows are in: a view or tester that calls fetchMore() from inside
    // beginInsertRows() would otherwise read the same chunk twice.
    auto finished = [this, fromNewest] {
        (fromNewest ? m_initialLoading : m_loadingOlder) = false;
    };
    if (!chunk) {
        finished();
        m_hasMore = false;
        Q_EMIT loadFailed(chunk.error().message);
        return;
    }
    const QList<ActivityRow> &rows = chunk.value().rows;
    if (fromNewest) {
        beginResetModel();
        m_rows = rows;
        m_hasMore = rows.size() == m_chunkSize;
        m_highWaterId = chunk.value().highWaterId;
        endResetModel();
    } else if (m_rows.isEmpty() || m_rows.constLast().id != before) {
        // Live rows pushed the old end out while this chunk was read: it would leave a gap.
        finished();
        return;
    } else {
        m_hasMore = rows.size() == m_chunkSize;
        if (!rows.isEmpty()) {
            const int first = int(m_rows.size());
            beginInsertRows({}, first, first + int(rows.size()) - 1);
            m_rows.append(rows);
            endInsertRows();
        }
    }
    finished();
    Q_EMIT chunkLoaded(int(rows.size()));
    if (fromNewest && m_pollAgain)
        refresh();
}

void ActivityModel::refresh() {
    if (m_databaseUrl.isEmpty())
        return;
    if (m_initialLoading || m_polling) {
        m_pollAgain = true; // after the first chunk or the running poll
        return;
    }
    m_polling = true;
    m_pollAgain = false;
    const quint64 generation = m_generation;
    if (m_paused) {
        readInPool<int>(
            this, m_databaseUrl,
            [filter = m_filter, after = m_highWaterId](ActivityLoader loader) {
                return loader.countNewer(filter, after);
            },
            [this, generation](const Result<int> &count) {
                if (generation == m_generation)
                    applyHeld(count);
            });
        return;
    }
    // Rows of a transaction that committed after a later one may surface below the newest id seen: the
    // last kLookbackIds ids are looked at again, minus those already shown.
    const qint64 lookbackFrom = std::max<qint64>(0, m_highWaterId - kLookbackIds);
    QList<qint64> known;
    for (const ActivityRow &row : std::as_const(m_rows)) {
        if (row.id <= lookbackFrom)
            break;
        known.append(row.id);
    }
    readInPool<ActivityChunk>(
        this, m_databaseUrl,
        [filter = m_filter, after = m_highWaterId, limit = m_maxRows, lookbackFrom, known](
            ActivityLoader loader) { return loader.loadNewer(filter, after, limit, lookbackFrom, known); },
        [this, generation](const Result<ActivityChunk> &chunk) {
            if (generation == m_generation)
                applyNewer(chunk);
        });
}

void ActivityModel::applyHeld(const Result<int> &count) {
    if (!count)
        Q_EMIT loadFailed(count.error().message);
    else if (m_paused)
        setHeldCount(count.value());
    pollFinished();
}

void ActivityModel::applyNewer(const Result<ActivityChunk> &chunk) {
    if (!chunk) {
        Q_EMIT loadFailed(chunk.error().message);
    } else if (!m_paused) { // paused meanwhile: the rows stay unseen and are counted instead
        const QList<ActivityRow> &rows = chunk.value().rows;
        m_highWaterId = chunk.value().highWaterId;
        if (rows.size() >= m_maxRows) {
            // More arrived than the table keeps: show the newest, older ones through fetchMore.
            beginResetModel();
            m_rows = rows;
            m_hasMore = true;
            endResetModel();
            Q_EMIT rowsArrived(int(rows.size()));
        } else if (!rows.isEmpty()) {
            const int arrived = merge(rows);
            if (arrived > 0)
                Q_EMIT rowsArrived(arrived);
        }
    }
    pollFinished();
}

void ActivityModel::pollFinished() {
    m_polling = false;
    if (m_pollAgain)
        refresh();
}

int ActivityModel::merge(const QList<ActivityRow> &rows) {
    // Newest first: the rows above the newest shown go on top in one block, late ones into their place.
    const qint64 newestShown = m_rows.isEmpty() ? 0 : m_rows.constFirst().id;
    const auto late = std::find_if(rows.begin(), rows.end(),
                                   [newestShown](const ActivityRow &row) { return row.id <= newestShown; });
    int inserted = int(late - rows.begin());
    if (inserted > 0) {
        beginInsertRows({}, 0, inserted - 1);
        m_rows = QList<ActivityRow>(rows.begin(), late) + m_rows;
        endInsertRows();
    }
    for (auto row = late; row != rows.end(); ++row) {
        const auto at = std::lower_bound(m_rows.begin(), m_rows.end(), row->id,
                                         [](const ActivityRow &shown, qint64 id) { return shown.id > id; });
        if ((at != m_rows.end() && at->id == row->id) || (at == m_rows.end() && m_hasMore))
            continue; // already shown, or below the loaded part: fetchMore() reads it
        const int position = int(at - m_rows.begin());
        beginInsertRows({}, position, position);
        m_rows.insert(position, *row);
        endInsertRows();
        ++inserted;
    }
    if (m_rows.size() > m_maxRows) {
        beginRemoveRows({}, m_maxRows, int(m_rows.size()) - 1);
        m_rows.resize(m_maxRows);
        m_hasMore = true;
        endRemoveRows();
    }
    return inserted;
}

QString ActivityModel::formatLatency(std::optional<double> milliseconds) {
    if (!milliseconds)
        return {};
    const double ms = std::max(0.0, *milliseconds);
    if (ms < 1000)
        return tr("%1 ms").arg(std::round(ms), 0, 'f', 0);
    if (ms < 60000)
        return tr("%1 s").arg(ms / 1000, 0, 'f', 1);
    const qint64 seconds = qint64(std::round(ms / 1000));
    if (seconds < 3600)
        return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    return tr("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60);
}

int ActivityModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ActivityModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString ActivityModel::displayText(const ActivityRow &row, int column) const {
    switch (column) {
    case TimeColumn:
        return shownTime(row.finishedAt);
    case DirectionColumn:
        return directionText(row.direction);
    case TypeColumn:
        return row.resourceType;
    case ResourceColumn:
        return row.resourceId;
    case OutcomeColumn:
        return row.outcome;
    case AttemptColumn:
        return QString::number(row.attempt);
    case QueueLatencyColumn:
        return formatLatency(row.queueLatencyMs);
    case TotalLatencyColumn:
        return formatLatency(row.totalLatencyMs);
    case ErrorColumn:
        return errorText(row);
    case WorkerColumn:
        return row.worker;
    default:
        return {};
    }
}

QVariant ActivityModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ActivityRow &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(row, index.column());
    case Qt::ToolTipRole:
        if (index.column() == ErrorColumn && !row.requestId.isEmpty())
            return tr("%1\nNotion request id: %2").arg(errorText(row), row.requestId);
        return index.column() == ErrorColumn ? QVariant(errorText(row)) : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() == AttemptColumn || index.column() == QueueLatencyColumn ||
                       index.column() == TotalLatencyColumn
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant();
    case Qt::ForegroundRole:
        if (index.column() != OutcomeColumn)
            return {};
        if (row.outcome == QLatin1String("dead") || row.outcome == QLatin1String("lost"))
            return QBrush(StatusColors::color(StatusColors::Bad));
        if (row.outcome == QLatin1String("retry"))
            return QBrush(StatusColors::color(StatusColors::Warning));
        return {};
    case LogIdRole:
        return row.id;
    case LatencyMsRole:
        if (index.column() == QueueLatencyColumn && row.queueLatencyMs)
            return *row.queueLatencyMs;
        if (index.column() == TotalLatencyColumn && row.totalLatencyMs)
            return *row.totalLatencyMs;
        return {};
    default:
        return {};
    }
}

QVariant ActivityModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case DirectionColumn:
        return tr("Direction");
    case TypeColumn:
        return tr("Type");
    case ResourceColumn:
        return tr("Resource");
    case OutcomeColumn:
        return tr("Outcome");
    case AttemptColumn:
        return tr("Attempt");
    case QueueLatencyColumn:
        return tr("Queued");
    case TotalLatencyColumn:
        return tr("Latency");
    case ErrorColumn:
        return tr("HTTP / error");
    case WorkerColumn:
        return tr("Worker");
    default:
        return {};
    }
}

} // namespace pgnotion
