#pragma once

#include "ActivityLoader.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace pgnotion {

class ActivityModel;

// The Activity page: recent sync operations of both directions, newest first, with their latency;
// filterable on the server, pausable. New rows appear live from every engine on the database (polled
// every second; refresh() when the in-process engine reports work done).
class ActivityPage : public QWidget {
    Q_OBJECT
public:
    explicit ActivityPage(QWidget *parent = nullptr);

    // A postgresql:// URL; loads the table and starts the live updates. Empty: clears and stops.
    void setDatabaseUrl(const QString &url);
    // What the filter bar selects.
    ActivityFilter currentFilter() const;
    ActivityModel *model() const { return m_model; }

public Q_SLOTS:
    // Looks for new operations now.
    void refresh();
    void setPaused(bool paused);

private:
    QWidget *createFilterBar();
    void applyFilter();
    void updateSummary();
    void updateHeld();

    ActivityModel *m_model = nullptr;
    QComboBox *m_directionCombo = nullptr;
    QComboBox *m_outcomeCombo = nullptr;
    QLineEdit *m_typeEdit = nullptr;
    QLineEdit *m_searchEdit = nullptr;
    QPushButton *m_pauseButton = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_heldLabel = nullptr;    // "12 new operations" while paused
    QLabel *m_messageLabel = nullptr; // why the table could not load
    QLabel *m_summaryLabel = nullptr;
    bool m_columnsSized = false;
};

} // namespace pgnotion
