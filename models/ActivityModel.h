#pragma once

#include "ActivityLoader.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>

#include <optional>

class QTimer;

namespace pgnotion {

// Recent sync operations of both directions, newest first, from every engine writing to the database
// (this process's and headless workers'). The first chunk and older chunks (fetchMore) are read by keyset
// on the log id; new rows are polled every second (and on refresh()) and inserted at the top, the oldest
// dropped beyond maxRows (a poll is one primary-key range scan, so a million-row log costs what an empty
// one does). Rows a concurrent engine commits late, below ids already seen, go into their place. Paused,
// new rows are only counted until resumed. Every read runs on a pool thread with a connection of its own.
class ActivityModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        DirectionColumn,
        TypeColumn,
        ResourceColumn,
        OutcomeColumn,
        AttemptColumn,
        QueueLatencyColumn,
        TotalLatencyColumn,
        ErrorColumn,
        WorkerColumn,
        ColumnCount
    };
    enum Role { LogIdRole = Qt::UserRole + 1, LatencyMsRole };
    static constexpr int kDefaultChunkSize = 200;
    static constexpr int kDefaultMaxRows = 10000;
    static constexpr int kDefaultLiveIntervalMs = 1000;
    static constexpr qint64 kLookbackIds = 500;

    explicit ActivityModel(QObject *parent = nullptr);

    // Both reload from the newest row. An empty URL clears the model and stops polling.
    void setDatabaseUrl(const QString &url);
    void setFilter(const ActivityFilter &filter);
    const ActivityFilter &filter() const { return m_filter; }
    void setChunkSize(int rows) { m_chunkSize = qMax(1, rows); }
    // Live rows beyond this drop the oldest (scrolling down with fetchMore may go further).
    void setMaxRows(int rows) { m_maxRows = qMax(1, rows); }
    // How often new rows are looked for; 0: only on refresh().
    void setLiveInterval(int milliseconds);

    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    // New rows held back while paused.
    int heldCount() const { return m_heldCount; }
    bool isLoading() const { return m_initialLoading || m_loadingOlder; }
    const ActivityRow &activity(int row) const { return m_rows.at(row); }

    // "850 ms", "12.4 s", "3 min 5 s", "2 h 10 min"; empty without a value.
    static QString formatLatency(std::optional<double> milliseconds);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

public Q_SLOTS:
    // Reads from the newest row again; the rows shown stay until the first chunk arrives.
    void reload();
    // Looks for new rows now (the main window calls it when the in-process engine completed jobs).
    void refresh();

Q_SIGNALS:
    // The first chunk (after a reload) or an older chunk arrived with `rows` rows.
    void chunkLoaded(int rows);
    // `rows` new rows were inserted at the top.
    void rowsArrived(int rows);
    void heldCountChanged(int count);
    void loadFailed(const QString &message);

private:
    void startOlder(bool fromNewest);
    void applyOlder(bool fromNewest, qint64 before, const Result<ActivityChunk> &chunk);
    void applyNewer(const Result<ActivityChunk> &chunk);
    void applyHeld(const Result<int> &count);
    void pollFinished();
    // Inserts new rows in id order, dropping the oldest beyond maxRows; returns how many went in.
    int merge(const QList<ActivityRow> &rows);
    void setHeldCount(int count);
    QString displayText(const ActivityRow &row, int column) const;

    QString m_databaseUrl;
    ActivityFilter m_filter;
    int m_chunkSize = kDefaultChunkSize;
    int m_maxRows = kDefaultMaxRows;
    QList<ActivityRow> m_rows;
    qint64 m_highWaterId = 0; // new rows are those after it
    bool m_hasMore = false;
    bool m_initialLoading = false;
    bool m_loadingOlder = false;
    bool m_polling = false;
    bool m_pollAgain = false; // refresh() was called while a poll ran
    bool m_paused = false;
    int m_heldCount = 0;
    QTimer *m_timer = nullptr;
    // Bumped by every reload: a result that arrives for an older filter or URL is dropped.
    quint64 m_generation = 0;
};

} // namespace pgnotion
