#include "ResourcesPage.h"

#include "ResourcesModel.h"
#include "ResyncJobs.h"
#include "ResyncProgress.h"
#include "db/DatabaseConnection.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>

namespace pgnotion {
namespace {

// Spelled out for one and many: the app loads no translation that would pick a plural form for %n.
QString jobsText(int count) {
    return count == 1 ? ResourcesPage::tr("1 job") : ResourcesPage::tr("%1 jobs").arg(count);
}

} // namespace

ResourcesPage::ResourcesPage(QWidget *parent)
    : QWidget(parent)
    , m_model(new ResourcesModel(this))
    , m_progress(new ResyncProgress(this))
    , m_urlOpener([](const QUrl &url) { QDesktopServices::openUrl(url); }) {
    setObjectName(QStringLiteral("resourcesPage"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<b>Resources</b> — each mapped row in Postgres and where it stands with "
                                    "Notion"),
                                 this));
    layout->addWidget(createFilterBar());

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("resourcesView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->horizontalHeader()->setSectionResizeMode(ResourcesModel::LabelColumn, QHeaderView::Stretch);
    layout->addWidget(m_view, 1);
    layout->addWidget(createButtonBar());
    layout->addWidget(createProgressBar());

    connect(m_view, &QAbstractItemView::doubleClicked, this, &ResourcesPage::openRow);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ResourcesPage::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        // Sized from the first chunk (the header samples at most 1,000 rows), the name column stretching.
        m_view->resizeColumnsToContents();
        updateButtons();
    });
    connect(m_model, &ResourcesModel::loadFailed, this, [this](const QString &message) {
        showStatus(tr("Could not load the rows: %1").arg(message));
        updateSummary();
    });
    connect(m_model, &ResourcesModel::chunkLoaded, this, &ResourcesPage::updateSummary);

    connect(m_progress, &ResyncProgress::progressChanged, this, &ResourcesPage::updateProgress);
    connect(m_progress, &ResyncProgress::finished, this, [this](int total, int failed) {
        updateProgress();
        refresh(); // the rows' states changed
        Q_EMIT resyncFinished(total, failed);
    });
    connect(m_progress, &ResyncProgress::cancelled, this, [this](int discarded, int kept) {
        updateProgress();
        QString text = tr("Resync cancelled: %1 discarded").arg(jobsText(discarded));
        if (kept > 0)
            text += tr("; %1 kept because other changes are folded into them").arg(jobsText(kept));
        m_progressLabel->setText(text);
        refresh();
        Q_EMIT resyncCancelled(discarded);
    });
    connect(m_progress, &ResyncProgress::pollFailed, this, [this](const QString &message) {
        m_progressLabel->setText(tr("%1 (progress unknown: %2)").arg(m_progress->summary(), message));
    });
    connect(m_progress, &ResyncProgress::cancelFailed, this, [this](const QString &message) {
        const QString text = tr("Cancel failed: %1").arg(message);
        showStatus(text);
        updateProgress();
        Q_EMIT actionFailed(text);
    });
    updateButtons();
}

QWidget *ResourcesPage::createFilterBar() {
    auto *bar = new QWidget(this);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    m_typeCombo = new QComboBox(bar);
    m_typeCombo->setObjectName(QStringLiteral("resourceTypeComboBox"));
    m_typeCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_stateCombo = new QComboBox(bar);
    m_stateCombo->setObjectName(QStringLiteral("stateComboBox"));
    m_stateCombo->addItem(tr("Every state"), -1);
    for (ResourceSyncState state : {ResourceSyncState::Failed, ResourceSyncState::Pending,
                                    ResourceSyncState::Synced, ResourceSyncState::Never})
        m_stateCombo->addItem(ResourcesModel::stateText(state), int(state));
    m_searchEdit = new QLineEdit(bar);
    m_searchEdit->setObjectName(QStringLiteral("searchLineEdit"));
    m_searchEdit->setPlaceholderText(tr("Search key or name"));
    m_searchEdit->setClearButtonEnabled(true);
    m_refreshButton = new QPushButton(tr("Refresh"), bar);
    m_refreshButton->setObjectName(QStringLiteral("refreshButton"));
    layout->addWidget(new QLabel(tr("Type:"), bar));
    layout->addWidget(m_typeCombo);
    layout->addWidget(m_stateCombo);
    layout->addWidget(m_searchEdit, 1);
    layout->addWidget(m_refreshButton);
    connect(m_typeCombo, &QComboBox::currentIndexChanged, this, &ResourcesPage::showResource);
    connect(m_stateCombo, &QComboBox::currentIndexChanged, this, &ResourcesPage::refresh);
    // Searching runs a query: on Enter or leaving the field, not on every keystroke.
    connect(m_searchEdit, &QLineEdit::editingFinished, this, [this] {
        if (m_searchEdit->text().trimmed() != m_model->filter().text)
            refresh();
    });
    connect(m_refreshButton, &QPushButton::clicked, this, &ResourcesPage::refresh);
    return bar;
}

QWidget *ResourcesPage::createButtonBar() {
    auto *bar = new QWidget(this);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    auto button = [bar, layout](const QString &name, const QString &text, const QString &toolTip) {
        auto *created = new QPushButton(text, bar);
        created->setObjectName(name);
        created->setToolTip(toolTip);
        layout->addWidget(created);
        return created;
    };
    m_openButton = button(QStringLiteral("openInNotionButton"), tr("Open in Notion"),
                          tr("Open the selected row's page in the browser"));
    m_resyncButton = button(QStringLiteral("resyncButton"), tr("Resync"),
                            tr("Sync the selected rows to Notion now, ahead of other work"));
    m_resyncAllButton = button(QStringLiteral("resyncAllButton"), tr("Resync all"),
                               tr("Sync every row of this type to Notion, behind live changes"));
    m_verifyButton = button(QStringLiteral("verifyWithNotionButton"), tr("Verify with Notion..."),
                            tr("Compare every mapped row with its Notion page, and repair the drift"));
    m_verifyButton->setVisible(false);
    connect(m_verifyButton, &QPushButton::clicked, this, &ResourcesPage::verifyRequested);
    m_statusLabel = new QLabel(bar);
    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_statusLabel->setWordWrap(true);
    layout->addWidget(m_statusLabel, 1);
    m_summaryLabel = new QLabel(bar);
    m_summaryLabel->setObjectName(QStringLiteral("summaryLabel"));
    layout->addWidget(m_summaryLabel);
    connect(m_openButton, &QPushButton::clicked, this, &ResourcesPage::openInNotion);
    connect(m_resyncButton, &QPushButton::clicked, this, &ResourcesPage::resyncSelected);
    connect(m_resyncAllButton, &QPushButton::clicked, this, &ResourcesPage::resyncAll);
    return bar;
}

void ResourcesPage::setVerifyAvailable(bool available) {
    m_verifyButton->setVisible(available);
}

QWidget *ResourcesPage::createProgressBar() {
    m_progressRow = new QWidget(this);
    m_progressRow->setObjectName(QStringLiteral("resyncProgressRow"));
    auto *layout = new QHBoxLayout(m_progressRow);
    layout->setContentsMargins(0, 0, 0, 0);
    m_progressBar = new QProgressBar(m_progressRow);
    m_progressBar->setObjectName(QStringLiteral("resyncProgressBar"));
    m_progressBar->setRange(0, 100);
    m_progressLabel = new QLabel(m_progressRow);
    m_progressLabel->setObjectName(QStringLiteral("resyncProgressLabel"));
    m_cancelButton = new QPushButton(tr("Cancel"), m_progressRow);
    m_cancelButton->setObjectName(QStringLiteral("cancelResyncButton"));
    m_cancelButton->setToolTip(tr("Drop the resync's jobs that have not run yet"));
    layout->addWidget(m_progressBar, 1);
    layout->addWidget(m_progressLabel, 2);
    layout->addWidget(m_cancelButton);
    connect(m_cancelButton, &QPushButton::clicked, m_progress, &ResyncProgress::cancel);
    m_progressRow->hide(); // until the first resync
    return m_progressRow;
}

void ResourcesPage::setMapping(const Mapping &mapping) {
    const QString previous = currentResourceType();
    m_resources.clear();
    // The enabled resources with pages of their own, in the order they sync: projects before their
    // milestones.
    for (const QString &name : mapping.syncOrder()) {
        if (const ResourceMapping *resource = mapping.resource(name))
            m_resources.append(*resource);
    }
    {
        const QSignalBlocker blocker(m_typeCombo);
        m_typeCombo->clear();
        for (const ResourceMapping &resource : std::as_const(m_resources)) {
            const QString title = resource.databaseTitle.isEmpty() ? resource.name : resource.databaseTitle;
            m_typeCombo->addItem(QStringLiteral("%1 (%2)").arg(title, resource.table), resource.name);
        }
        const int index = m_typeCombo->findData(previous);
        m_typeCombo->setCurrentIndex(index >= 0 ? index : 0);
    }
    if (m_resources.isEmpty())
        showStatus(tr("The mapping has no enabled resource with pages of its own"));
    showResource();
}

void ResourcesPage::setDatabaseUrl(const QString &url) {
    m_databaseUrl = url;
    m_progress->setDatabaseUrl(url);
    m_model->setDatabaseUrl(url);
    updateButtons();
}

bool ResourcesPage::setCurrentResourceType(const QString &type) {
    const int index = m_typeCombo->findData(type);
    if (index < 0)
        return false;
    m_typeCombo->setCurrentIndex(index); // reloads through currentIndexChanged when it changed
    return true;
}

QString ResourcesPage::currentResourceType() const {
    return m_typeCombo->currentData().toString();
}

const ResourceMapping *ResourcesPage::currentResource() const {
    const int index = m_typeCombo->currentIndex();
    return index >= 0 && index < m_resources.size() ? &m_resources.at(index) : nullptr;
}

void ResourcesPage::setRequestsPerSecond(double rate) {
    m_progress->setRequestsPerSecond(rate);
}

void ResourcesPage::showResource() {
    if (const ResourceMapping *resource = currentResource())
        m_model->setResource(*resource);
    refresh();
}

void ResourcesPage::refresh() {
    ResourcesFilter filter;
    if (const int state = m_stateCombo->currentData().toInt(); state >= 0)
        filter.state = ResourceSyncState(state);
    filter.text = m_searchEdit->text().trimmed();
    m_model->setFilter(filter);
    updateButtons();
}

QList<int> ResourcesPage::selectedRows() const {
    QList<int> rows;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        rows.append(index.row());
    std::sort(rows.begin(), rows.end());
    return rows;
}

void ResourcesPage::openRow(const QModelIndex &index) {
    if (!index.isValid())
        return;
    const QUrl url = m_model->notionUrl(index.row());
    if (url.isEmpty()) {
        showStatus(tr("%1 has no Notion page yet").arg(m_model->key(index.row())));
        return;
    }
    m_urlOpener(url);
}

void ResourcesPage::openInNotion() {
    const QList<int> rows = selectedRows();
    if (!rows.isEmpty())
        openRow(m_model->index(rows.first(), 0));
}

void ResourcesPage::resyncSelected() {
    const ResourceMapping *resource = currentResource();
    QStringList keys;
    for (int row : selectedRows())
        keys.append(m_model->key(row));
    if (!resource || keys.isEmpty())
        return;
    runResync(tr("Resync"), resource->name, [type = resource->name, keys](QSqlDatabase database) {
        return ResyncJobs(database).resyncRows(type, keys);
    });
}

void ResourcesPage::resyncAll() {
    const ResourceMapping *resource = currentResource();
    if (!resource)
        return;
    if (m_confirmBulkActions &&
        QMessageBox::question(this, tr("Resync all"),
                              tr("Sync every row of %1 to Notion again? Live changes keep going first.")
                                  .arg(resource->table)) != QMessageBox::Yes)
        return;
    runResync(tr("Resync all"), resource->name, [resource = *resource](QSqlDatabase database) {
        return ResyncJobs(database).resyncAll(resource);
    });
}

void ResourcesPage::runResync(const QString &what, const QString &type,
                              std::function<Result<QList<qint64>>(QSqlDatabase)> action) {
    if (m_databaseUrl.isEmpty() || m_actionRunning)
        return;
    m_actionRunning = true;
    updateButtons();
    showStatus(tr("%1…").arg(what));
    // The watcher belongs to this page: a result arriving after the page is gone is dropped.
    auto *watcher = new QFutureWatcher<Result<QList<qint64>>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, what, type] {
        const Result<QList<qint64>> result = watcher->result();
        watcher->deleteLater();
        m_actionRunning = false;
        updateButtons();
        if (!result) {
            const QString message = tr("%1 failed: %2").arg(what, result.error().message);
            showStatus(message);
            Q_EMIT actionFailed(message);
            return;
        }
        const int total = int(result.value().size());
        showStatus(tr("%1: %2 of %3 will sync").arg(what, jobsText(total), type));
        m_progressRow->show();
        m_progress->track(result.value());
        Q_EMIT resyncStarted(type, total);
        refresh(); // the rows are pending now
    });
    watcher->setFuture(QtConcurrent::run([url = m_databaseUrl, action]() -> Result<QList<qint64>> {
        return withConnection(url, QStringLiteral("dashboard"), action);
    }));
}

void ResourcesPage::updateButtons() {
    const bool connected = !m_databaseUrl.isEmpty() && currentResource() != nullptr;
    const QList<int> rows = selectedRows();
    m_openButton->setEnabled(!rows.isEmpty() && !m_model->notionUrl(rows.first()).isEmpty());
    // Jobs enqueued while a cancel is under way would escape it: wait until it is done.
    const bool idle = !m_actionRunning && !m_progress->isCancelling();
    m_resyncButton->setEnabled(connected && !rows.isEmpty() && idle);
    m_resyncAllButton->setEnabled(connected && idle);
    m_refreshButton->setEnabled(connected);
}

void ResourcesPage::updateSummary() {
    const int rows = m_model->rowCount();
    if (rows == 0)
        m_summaryLabel->setText(tr("No rows match"));
    else if (m_model->canFetchMore({}))
        m_summaryLabel->setText(tr("First %1 rows shown; scroll for more").arg(rows));
    else
        m_summaryLabel->setText(rows == 1 ? tr("1 row") : tr("%1 rows").arg(rows));
}

void ResourcesPage::updateProgress() {
    updateButtons();
    m_progressBar->setValue(m_progress->percent());
    m_cancelButton->setEnabled(m_progress->isActive() && !m_progress->isCancelling());
    if (m_progress->isCancelling())
        m_progressLabel->setText(tr("Cancelling…"));
    else if (m_progress->isActive())
        m_progressLabel->setText(m_progress->summary());
    else
        m_progressLabel->setText(tr("Resync done: %1").arg(m_progress->summary()));
}

void ResourcesPage::showStatus(const QString &message) {
    m_statusLabel->setText(message);
}

} // namespace pgnotion
