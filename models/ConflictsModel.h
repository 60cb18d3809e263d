#pragma once

#include "common/Result.h"
#include "inbound/SyncConflicts.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>

namespace pgnotion {

// The conflicts the inbound sync recorded (pgnotion.sync_conflicts), newest first: open ones only, or with
// the resolved and undone ones too. Read on a pool thread with a connection of its own; conflicts are rare
// and acknowledged, so one read of at most kLimit rows replaces the rows shown.
class ConflictsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        ResourceColumn,
        PropertyColumn,
        BaseValueColumn,
        PostgresValueColumn,
        NotionValueColumn,
        WinnerColumn,
        DetectedColumn,
        StateColumn,
        ColumnCount
    };
    enum Role { ConflictIdRole = Qt::UserRole + 1, IsOpenRole };
    static constexpr int kLimit = 500;

    explicit ConflictsModel(QObject *parent = nullptr);

    // Both reload. An empty URL clears the model.
    void setDatabaseUrl(const QString &url);
    void setShowResolved(bool show);
    bool showResolved() const { return m_showResolved; }

    // Reads the rows again; those shown stay until the new ones arrive, so a refresh does not flicker.
    void reload();
    bool isLoading() const { return m_loading; }

    qint64 conflictId(int row) const;
    // -1 when not shown.
    int rowOf(qint64 conflictId) const;
    const SyncConflict &conflict(int row) const;
    // Open conflicts among the rows (all of them when only open ones are shown).
    int openCount() const;
    // What the detail pane shows: both sides' values and the columns each one means.
    QString details(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void loaded(int rows);
    void loadFailed(const QString &message);

private:
    void apply(const Result<QList<SyncConflict>> &result);
    QString displayText(const SyncConflict &conflict, int column) const;

    QString m_databaseUrl;
    bool m_showResolved = false;
    QList<SyncConflict> m_conflicts;
    bool m_loading = false;
    // Bumped by every reload: rows that arrive for an older URL or toggle are dropped.
    quint64 m_generation = 0;
};

} // namespace pgnotion
