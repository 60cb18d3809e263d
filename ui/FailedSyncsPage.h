#pragma once

#include "common/Result.h"
#include "queue/QueueAdmin.h"

#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace pgnotion {

class FailedJobsModel;

// The failed syncs page: dead and retrying jobs with server-side filters, each job's full error history,
// and Retry / Retry all matching / Discard. Every database call runs on a pool thread with a connection
// of its own; its result returns through a watcher owned by this page.
class FailedSyncsPage : public QWidget {
    Q_OBJECT
public:
    explicit FailedSyncsPage(QWidget *parent = nullptr);

    // A postgresql:// URL; loads the table.
    void setDatabaseUrl(const QString &url);
    // Reloads the table with the filter bar's current values.
    void refresh();
    // Asks before "Retry all matching" (on by default; tests turn it off).
    void setConfirmBulkActions(bool confirm) { m_confirmBulkActions = confirm; }
    // What the filter bar selects, as QueueAdmin understands it.
    JobFilter currentFilter() const;
    FailedJobsModel *model() const { return m_model; }

Q_SIGNALS:
    // `count` jobs will run again (Retry or Retry all matching).
    void jobsRetried(int count);
    void jobsDiscarded(int count);
    void actionFailed(const QString &message);

private:
    QWidget *createFilterBar();
    QWidget *createButtonBar();
    QList<qint64> selectedJobIds() const;
    QList<int> selectedRows() const;
    void retrySelected();
    void retryMatching();
    void discardSelected();
    void copyDetails();
    void showDetails();
    void updateButtons();
    void updateSummary();
    void showStatus(const QString &message);
    // Runs `action` on a pool thread with its own connection, then reports and reloads the table.
    void runAction(const QString &what, std::function<Result<int>(QueueAdmin &)> action,
                   std::function<void(int)> done);

    QString m_databaseUrl;
    FailedJobsModel *m_model = nullptr;
    QLineEdit *m_typeEdit = nullptr;
    QLineEdit *m_errorCodeEdit = nullptr;
    QLineEdit *m_searchEdit = nullptr;
    QComboBox *m_statusCombo = nullptr;
    QComboBox *m_timeRangeCombo = nullptr;
    QTableView *m_view = nullptr;
    QPlainTextEdit *m_details = nullptr;
    QPushButton *m_retryButton = nullptr;
    QPushButton *m_retryMatchingButton = nullptr;
    QPushButton *m_discardButton = nullptr;
    QPushButton *m_copyButton = nullptr;
    QPushButton *m_refreshButton = nullptr;
    QLabel *m_statusLabel = nullptr;  // what the last action did, or why it failed
    QLabel *m_summaryLabel = nullptr; // how many jobs match
    bool m_confirmBulkActions = true;
    bool m_actionRunning = false;
};

} // namespace pgnotion
