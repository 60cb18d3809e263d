#pragma once

#include "ResourcesLoader.h"
#include "mapping/Mapping.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>
#include <QUrl>

namespace pgnotion {

// The rows of one mapped table with their sync state, in key order. Rows arrive in chunks read on a pool
// thread (each read with a connection of its own); the view asks for the next chunk through
// canFetchMore()/fetchMore(), so a million-row table shows its first rows at once.
class ResourcesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { KeyColumn, LabelColumn, StateColumn, SyncedAtColumn, NotionPageColumn, ColumnCount };
    enum Role { KeyRole = Qt::UserRole + 1, StateRole, NotionUrlRole };
    static constexpr int kDefaultChunkSize = 200;

    explicit ResourcesModel(QObject *parent = nullptr);

    // Each reloads from the first chunk. An empty URL or no resource clears the model.
    void setDatabaseUrl(const QString &url);
    void setResource(const ResourceMapping &resource);
    void setFilter(const ResourcesFilter &filter);
    const ResourceMapping &resource() const { return m_resource; }
    const ResourcesFilter &filter() const { return m_filter; }
    void setChunkSize(int rows);
    int chunkSize() const { return m_chunkSize; }

    // Reads the first chunk again; the rows shown stay until it arrives, so a refresh does not flicker.
    void reload();
    bool isLoading() const { return m_loading; }

    const ResourceRow &resourceRow(int row) const;
    QString key(int row) const;
    // https://www.notion.so/<page id without dashes>; empty when the row has no page yet.
    QUrl notionUrl(int row) const;
    static QUrl notionUrlOf(const QString &pageId);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    static QString stateText(ResourceSyncState state);

Q_SIGNALS:
    // A chunk arrived: `rows` new rows (after a reload, the whole first chunk).
    void chunkLoaded(int rows);
    void loadFailed(const QString &message);

private:
    void startLoad(bool fromStart);
    void applyChunk(bool fromStart, const Result<QList<ResourceRow>> &chunk);
    QString displayText(const ResourceRow &row, int column) const;

    QString m_databaseUrl;
    ResourceMapping m_resource;
    bool m_hasResource = false;
    ResourcesFilter m_filter;
    int m_chunkSize = kDefaultChunkSize;
    QList<ResourceRow> m_rows;
    bool m_hasMore = false;
    bool m_loading = false;
    // Bumped by every reload: a chunk that arrives for an older resource, filter or URL is dropped.
    quint64 m_generation = 0;
};

} // namespace pgnotion
