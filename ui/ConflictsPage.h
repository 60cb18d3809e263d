#pragma once

#include "common/Result.h"
#include "mapping/Mapping.h"

#include <QWidget>

#include <functional>
#include <memory>

class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSqlDatabase;
class QTableView;
class QTimer;

namespace pgnotion {

class ConflictsModel;

// The conflicts page: properties edited on both sides since the last sync, with the last synced value,
// both sides' values and which one won. "Keep winner" acknowledges a conflict; "Undo" writes the losing
// value to the row instead (the outbox trigger then takes it to Notion). Every database call runs on a pool
// thread with a connection of its own; its result returns through a watcher owned by this page.
class ConflictsPage : public QWidget {
    Q_OBJECT
public:
    static constexpr int kRefreshIntervalMs = 10000;

    explicit ConflictsPage(QWidget *parent = nullptr);

    // A postgresql:// URL; loads the table and refreshes it every kRefreshIntervalMs.
    void setDatabaseUrl(const QString &url);
    // Undo writes the row through the mapping's table and key column.
    void setMapping(const Mapping &mapping);
    void refresh();
    // Asks before Undo (on by default; tests turn it off).
    void setConfirmActions(bool confirm) { m_confirmActions = confirm; }
    // Who acknowledges or undoes, as recorded in resolved_by / undone_by ("dashboard" by default).
    void setActor(const QString &actor) { m_actor = actor; }
    ConflictsModel *model() const { return m_model; }

Q_SIGNALS:
    // After every load: the open conflicts (for a badge on the navigation).
    void conflictsChanged(int openCount);
    void conflictResolved(qint64 id);
    void conflictUndone(qint64 id);
    void actionFailed(const QString &message);

private:
    QWidget *createButtonBar();
    int selectedRow() const;
    void keepWinner();
    void undo();
    void showDetails();
    void updateButtons();
    void updateSummary();
    void showStatus(const QString &message);
    // Runs `action` on a pool thread with its own connection, then reports and reloads the table.
    void runAction(const QString &what, std::function<Result<void>(QSqlDatabase)> action,
                   std::function<void()> done);

    QString m_databaseUrl;
    std::shared_ptr<const Mapping> m_mapping;
    QString m_actor = QStringLiteral("dashboard");
    ConflictsModel *m_model = nullptr;
    QCheckBox *m_showResolvedBox = nullptr;
    QTableView *m_view = nullptr;
    QPlainTextEdit *m_details = nullptr;
    QPushButton *m_keepWinnerButton = nullptr;
    QPushButton *m_undoButton = nullptr;
    QPushButton *m_refreshButton = nullptr;
    QLabel *m_statusLabel = nullptr;  // what the last action did, or why it failed
    QLabel *m_summaryLabel = nullptr; // how many conflicts are open
    QTimer *m_refreshTimer = nullptr;
    qint64 m_selectedId = 0; // kept across reloads
    bool m_confirmActions = true;
    bool m_actionRunning = false;
};

} // namespace pgnotion
