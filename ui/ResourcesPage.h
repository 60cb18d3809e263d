#pragma once

#include "common/Result.h"
#include "mapping/Mapping.h"

#include <QList>
#include <QUrl>
#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QModelIndex;
class QProgressBar;
class QPushButton;
class QSqlDatabase;
class QTableView;

namespace pgnotion {

class ResourcesModel;
class ResyncProgress;

// The Resources page: each mapped type's rows from Postgres with their sync state (synced, pending,
// failed, never), last sync and Notion page; Resync the selected rows or every row of the type, with a
// cancellable progress bar and an estimate at the rate limit. Every database call runs on a pool thread
// with a connection of its own; its result returns through a watcher owned by this page.
class ResourcesPage : public QWidget {
    Q_OBJECT
public:
    using UrlOpener = std::function<void(const QUrl &)>;

    explicit ResourcesPage(QWidget *parent = nullptr);

    // The browsable types: the mapping's enabled resources with a page of their own.
    void setMapping(const Mapping &mapping);
    // A postgresql:// URL; loads the table.
    void setDatabaseUrl(const QString &url);
    // The type shown (a resource name of the mapping); false when it is not browsable.
    bool setCurrentResourceType(const QString &type);
    QString currentResourceType() const;
    // Reloads the table with the filter bar's current values.
    void refresh();
    // Asks before "Resync all" (on by default; tests turn it off).
    void setConfirmBulkActions(bool confirm) { m_confirmBulkActions = confirm; }
    // How a Notion page is opened (QDesktopServices::openUrl by default; tests record instead).
    void setUrlOpener(UrlOpener opener) { m_urlOpener = std::move(opener); }
    // The rate the estimate assumes until jobs finish (requests per second).
    void setRequestsPerSecond(double rate);
    // Shows "Verify with Notion..." (once Notion is known: an engine runs in this process).
    void setVerifyAvailable(bool available);
    ResourcesModel *model() const { return m_model; }
    ResyncProgress *progress() const { return m_progress; }

Q_SIGNALS:
    // `total` jobs of `type` will run (Resync or Resync all).
    void resyncStarted(const QString &type, int total);
    // The followed jobs are all done; `failed` of them are dead (see Failed syncs).
    void resyncFinished(int total, int failed);
    void resyncCancelled(int discarded);
    void verifyRequested();
    void actionFailed(const QString &message);

private:
    QWidget *createFilterBar();
    QWidget *createButtonBar();
    QWidget *createProgressBar();
    const ResourceMapping *currentResource() const;
    QList<int> selectedRows() const;
    void showResource();
    void openInNotion();
    void openRow(const QModelIndex &index);
    void resyncSelected();
    void resyncAll();
    void updateButtons();
    void updateSummary();
    void updateProgress();
    void showStatus(const QString &message);
    // Runs `action` on a pool thread with its own connection, then follows the jobs it enqueued.
    void runResync(const QString &what, const QString &type,
                   std::function<Result<QList<qint64>>(QSqlDatabase)> action);

    QString m_databaseUrl;
    QList<ResourceMapping> m_resources;
    QPushButton *m_verifyButton = nullptr;
    ResourcesModel *m_model = nullptr;
    ResyncProgress *m_progress = nullptr;
    QComboBox *m_typeCombo = nullptr;
    QComboBox *m_stateCombo = nullptr;
    QLineEdit *m_searchEdit = nullptr;
    QPushButton *m_refreshButton = nullptr;
    QTableView *m_view = nullptr;
    QPushButton *m_openButton = nullptr;
    QPushButton *m_resyncButton = nullptr;
    QPushButton *m_resyncAllButton = nullptr;
    QLabel *m_statusLabel = nullptr;  // what the last action did, or why it failed
    QLabel *m_summaryLabel = nullptr; // how many rows are shown
    QWidget *m_progressRow = nullptr;
    QProgressBar *m_progressBar = nullptr;
    QLabel *m_progressLabel = nullptr;
    QPushButton *m_cancelButton = nullptr;
    UrlOpener m_urlOpener;
    bool m_confirmBulkActions = true;
    bool m_actionRunning = false;
};

} // namespace pgnotion
