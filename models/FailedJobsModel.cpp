#include "FailedJobsModel.h"

#include "PoolTask.h"

#include <QFutureWatcher>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <memory>

namespace pgnotion {
namespace {

using Chunk = Result<QList<FailedJob>>;

QString lastError(const FailedJob &job) {
    return job.errorCode.isEmpty() ? job.errorMessage
                                   : job.errorCode + QStringLiteral(": ") + job.errorMessage;
}

QString historyEntry(int number, const QJsonObject &entry) {
    QStringList heading{QStringLiteral("#%1").arg(number), entry.value(QStringLiteral("at")).toString()};
    if (entry.contains(QStringLiteral("attempt")))
        heading.append(QStringLiteral("attempt %1").arg(entry.value(QStringLiteral("attempt")).toInt()));
    for (const QString &key : {QStringLiteral("kind"), QStringLiteral("code")}) {
        if (entry.contains(key))
            heading.append(entry.value(key).toString());
    }
    if (entry.contains(QStringLiteral("http_status")))
        heading.append(QStringLiteral("HTTP %1").arg(entry.value(QStringLiteral("http_status")).toInt()));
    QString text = heading.join(QStringLiteral("  ")) + QLatin1Char('\n');
    text += QStringLiteral("   ") + entry.value(QStringLiteral("message")).toString() + QLatin1Char('\n');
    const QString requestId = entry.value(QStringLiteral("request_id")).toString();
    text += QStringLiteral("   Notion request id: ") +
            (requestId.isEmpty() ? QStringLiteral("(none)") : requestId) + QLatin1Char('\n');
    if (entry.contains(QStringLiteral("worker")))
        text += QStringLiteral("   worker: ") + entry.value(QStringLiteral("worker")).toString() +
                QLatin1Char('\n');
    return text;
}

} // namespace

FailedJobsModel::FailedJobsModel(QObject *parent)
    : QAbstractTableModel(parent) {
    m_filter.statuses = {QStringLiteral("dead"), QStringLiteral("retrying")};
}

void FailedJobsModel::setDatabaseUrl(const QString &url) {
    m_databaseUrl = url;
    reload();
}

void FailedJobsModel::setFilter(const JobFilter &filter) {
    m_filter = filter;
    reload();
}

void FailedJobsModel::setChunkSize(int rows) {
    m_chunkSize = qMax(1, rows);
}

void FailedJobsModel::reload() {
    ++m_generation;
    m_loading = false;
    if (m_databaseUrl.isEmpty()) {
        beginResetModel();
        m_jobs.clear();
        m_hasMore = false;
        endResetModel();
        return;
    }
    startLoad(true);
}

bool FailedJobsModel::canFetchMore(const QModelIndex &parent) const {
    return !parent.isValid() && m_hasMore && !m_loading;
}

void FailedJobsModel::fetchMore(const QModelIndex &parent) {
    if (canFetchMore(parent))
        startLoad(false);
}

void FailedJobsModel::startLoad(bool fromStart) {
    m_loading = true;
    FailedJobsCursor after;
    if (!fromStart && !m_jobs.isEmpty())
        after = {m_jobs.constLast().updatedAtKey, m_jobs.constLast().id};
    // The watcher belongs to this model: if the model goes first, the result is dropped with it.
    auto *watcher = new QFutureWatcher<Chunk>(this);
    connect(watcher, &QFutureWatcherBase::finished, this,
            [this, watcher, fromStart, generation = m_generation] {
                watcher->deleteLater();
                if (generation != m_generation)
                    return;
                applyChunk(fromStart, watcher->result());
            });
    watcher->setFuture(runInPool<Chunk>([url = m_databaseUrl, filter = m_filter, after, limit = m_chunkSize] {
        return FailedJobsLoader::loadFrom(url, filter, after, limit);
    }));
}

void FailedJobsModel::applyChunk(bool fromStart, const Chunk &chunk) {
    if (!chunk) {
        m_loading = false;
        m_hasMore = false;
        Q_EMIT loadFailed(chunk.error().message);
        return;
    }
    const QList<FailedJob> &rows = chunk.value();
    m_hasMore = rows.size() == m_chunkSize;
    // Still loading until the rows are in: a view or tester that calls fetchMore() from inside
    // beginInsertRows() would otherwise read the next chunk after the old last row, twice.
    if (fromStart) {
        beginResetModel();
        m_jobs = rows;
        endResetModel();
    } else if (!rows.isEmpty()) {
        const int first = int(m_jobs.size());
        beginInsertRows({}, first, first + int(rows.size()) - 1);
        m_jobs.append(rows);
        endInsertRows();
    }
    m_loading = false;
    Q_EMIT chunkLoaded(int(rows.size()));
}

qint64 FailedJobsModel::jobId(int row) const {
    return row >= 0 && row < m_jobs.size() ? m_jobs.at(row).id : 0;
}

const FailedJob &FailedJobsModel::job(int row) const {
    Q_ASSERT(row >= 0 && row < m_jobs.size());
    return m_jobs.at(row);
}

QString FailedJobsModel::details(int row) const {
    if (row < 0 || row >= m_jobs.size())
        return {};
    const FailedJob &failed = m_jobs.at(row);
    QString text = tr("Job %1: %2 %3 (%4)\n")
                       .arg(failed.id)
                       .arg(failed.resourceType, failed.resourceId, failed.direction);
    text +=
        tr("Status: %1, attempts %2 of %3\n").arg(failed.status).arg(failed.attempts).arg(failed.maxAttempts);
    text += tr("Last error: %1\n\n").arg(lastError(failed));
    text += tr("Error history, oldest first:\n");
    for (qsizetype i = 0; i < failed.errorHistory.size(); ++i)
        text += historyEntry(int(i) + 1, failed.errorHistory.at(i).toObject());
    text += tr("\nError history (JSON):\n") +
            QString::fromUtf8(QJsonDocument(failed.errorHistory).toJson(QJsonDocument::Indented));
    return text;
}

int FailedJobsModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_jobs.size());
}

int FailedJobsModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString FailedJobsModel::displayText(const FailedJob &failed, int column) const {
    switch (column) {
    case ResourceColumn:
        return failed.resourceType + QLatin1Char(' ') + failed.resourceId;
    case DirectionColumn:
        return failed.direction;
    case StatusColumn:
        return failed.status;
    case AttemptsColumn:
        return QStringLiteral("%1/%2").arg(failed.attempts).arg(failed.maxAttempts);
    case LastErrorColumn:
        return lastError(failed);
    case FirstFailureColumn:
        return shownTime(failed.firstFailureAt);
    case LastFailureColumn:
        return shownTime(failed.lastFailureAt);
    default:
        return {};
    }
}

QVariant FailedJobsModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const FailedJob &failed = m_jobs.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayText(failed, index.column());
    case Qt::ToolTipRole:
        return index.column() == LastErrorColumn ? QVariant(lastError(failed)) : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() == AttemptsColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case JobIdRole:
        return failed.id;
    default:
        return {};
    }
}

QVariant FailedJobsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ResourceColumn:
        return tr("Resource");
    case DirectionColumn:
        return tr("Direction");
    case StatusColumn:
        return tr("Status");
    case AttemptsColumn:
        return tr("Attempts");
    case LastErrorColumn:
        return tr("Last error");
    case FirstFailureColumn:
        return tr("First failure");
    case LastFailureColumn:
        return tr("Last failure");
    default:
        return {};
    }
}

} // namespace pgnotion
