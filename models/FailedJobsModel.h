#pragma once

#include "FailedJobsLoader.h"
#include "queue/QueueAdmin.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>

namespace pgnotion {

// Dead and retrying jobs, newest change first. Rows arrive in chunks read on a pool thread (each read
// with a connection of its own); the view asks for the next chunk through canFetchMore()/fetchMore(), so
// a queue with a million failures shows its first rows at once.
class FailedJobsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        ResourceColumn,
        DirectionColumn,
        StatusColumn,
        AttemptsColumn,
        LastErrorColumn,
        FirstFailureColumn,
        LastFailureColumn,
        ColumnCount
    };
    enum Role { JobIdRole = Qt::UserRole + 1 };
    static constexpr int kDefaultChunkSize = 200;

    explicit FailedJobsModel(QObject *parent = nullptr);

    // Both reload from the first chunk. An empty URL clears the model.
    void setDatabaseUrl(const QString &url);
    void setFilter(const JobFilter &filter);
    const JobFilter &filter() const { return m_filter; }
    void setChunkSize(int rows);
    int chunkSize() const { return m_chunkSize; }

    // Reads the first chunk again; the rows shown stay until it arrives, so a refresh does not flicker.
    void reload();
    bool isLoading() const { return m_loading; }

    qint64 jobId(int row) const;
    const FailedJob &job(int row) const;
    // What the detail pane shows and "Copy details" copies: the job, its whole error history with the
    // Notion request ids, and the history's JSON.
    QString details(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    // A chunk arrived: `rows` new rows (after a reload, the whole first chunk).
    void chunkLoaded(int rows);
    void loadFailed(const QString &message);

private:
    void startLoad(bool fromStart);
    void applyChunk(bool fromStart, const Result<QList<FailedJob>> &chunk);
    QString displayText(const FailedJob &job, int column) const;

    QString m_databaseUrl;
    JobFilter m_filter;
    int m_chunkSize = kDefaultChunkSize;
    QList<FailedJob> m_jobs;
    bool m_hasMore = false;
    bool m_loading = false;
    // Bumped by every reload: a chunk that arrives for an older filter or URL is dropped.
    quint64 m_generation = 0;
};

} // namespace pgnotion
