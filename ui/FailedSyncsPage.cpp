#include "FailedSyncsPage.h"

#include "FailedJobsModel.h"
#include "db/DatabaseConnection.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>

namespace pgnotion {
namespace {

// Spelled out for one and many: the app loads no translation that would pick a plural form for %n.
QString retriedText(int count) {
    return count == 1 ? FailedSyncsPage::tr("1 job will run again")
                      : FailedSyncsPage::tr("%1 jobs will run again").arg(count);
}

} // namespace

FailedSyncsPage::FailedSyncsPage(QWidget *parent)
    : QWidget(parent)
    , m_model(new FailedJobsModel(this)) {
    setObjectName(QStringLiteral("failedSyncsPage"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(
        new QLabel(tr("<b>Failed syncs</b> — jobs that ran out of attempts or wait to retry"), this));
    layout->addWidget(createFilterBar());

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("failedJobsView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->horizontalHeader()->setSectionResizeMode(FailedJobsModel::LastErrorColumn, QHeaderView::Stretch);

    m_details = new QPlainTextEdit(this);
    m_details->setObjectName(QStringLiteral("detailsPlainTextEdit"));
    m_details->setReadOnly(true);
    m_details->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_details->setPlaceholderText(tr("Select a job to see its error history"));

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("detailsSplitter"));
    splitter->addWidget(m_view);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);
    layout->addWidget(createButtonBar());

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        showDetails();
        updateButtons();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        // Sized from the first chunk (the header samples at most 1,000 rows), the error column stretching.
        m_view->resizeColumnsToContents();
        showDetails();
        updateButtons();
    });
    connect(m_model, &FailedJobsModel::loadFailed, this, &FailedSyncsPage::showStatus);
    connect(m_model, &FailedJobsModel::chunkLoaded, this, &FailedSyncsPage::updateSummary);
    updateButtons();
}

QWidget *FailedSyncsPage::createFilterBar() {
    auto *bar = new QWidget(this);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    auto lineEdit = [bar](const QString &name, const QString &placeholder) {
        auto *edit = new QLineEdit(bar);
        edit->setObjectName(name);
        edit->setPlaceholderText(placeholder);
        edit->setClearButtonEnabled(true);
        return edit;
    };
    m_typeEdit = lineEdit(QStringLiteral("typeLineEdit"), tr("Resource type"));
    m_errorCodeEdit = lineEdit(QStringLiteral("errorCodeLineEdit"), tr("Error code"));
    m_searchEdit = lineEdit(QStringLiteral("searchLineEdit"), tr("Search resource id or message"));
    m_statusCombo = new QComboBox(bar);
    m_statusCombo->setObjectName(QStringLiteral("statusComboBox"));
    m_statusCombo->addItem(tr("Dead and retrying"),
                           QStringList{QStringLiteral("dead"), QStringLiteral("retrying")});
    m_statusCombo->addItem(tr("Dead"), QStringList{QStringLiteral("dead")});
    m_statusCombo->addItem(tr("Retrying"), QStringList{QStringLiteral("retrying")});
    m_timeRangeCombo = new QComboBox(bar);
    m_timeRangeCombo->setObjectName(QStringLiteral("timeRangeComboBox"));
    m_timeRangeCombo->addItem(tr("Any time"), 0);
    m_timeRangeCombo->addItem(tr("Last hour"), 3600);
    m_timeRangeCombo->addItem(tr("Last 24 hours"), 24 * 3600);
    m_timeRangeCombo->addItem(tr("Last 7 days"), 7 * 24 * 3600);
    m_refreshButton = new QPushButton(tr("Refresh"), bar);
    m_refreshButton->setObjectName(QStringLiteral("refreshButton"));

    for (QLineEdit *edit : {m_typeEdit, m_errorCodeEdit, m_searchEdit}) {
        layout->addWidget(edit);
        // Filtering runs a query: on Enter or leaving the field, not on every keystroke.
        connect(edit, &QLineEdit::editingFinished, this, [this] {
            if (currentFilter().resourceType != m_model->filter().resourceType ||
                currentFilter().errorCode != m_model->filter().errorCode ||
                currentFilter().text != m_model->filter().text)
                refresh();
        });
    }
    layout->addWidget(m_statusCombo);
    layout->addWidget(m_timeRangeCombo);
    layout->addWidget(m_refreshButton);
    connect(m_statusCombo, &QComboBox::currentIndexChanged, this, &FailedSyncsPage::refresh);
    connect(m_timeRangeCombo, &QComboBox::currentIndexChanged, this, &FailedSyncsPage::refresh);
    connect(m_refreshButton, &QPushButton::clicked, this, &FailedSyncsPage::refresh);
    return bar;
}

QWidget *FailedSyncsPage::createButtonBar() {
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
    m_retryButton = button(QStringLiteral("retryButton"), tr("Retry"),
                           tr("Run the selected jobs again now, with one more attempt"));
    m_retryMatchingButton =
        button(QStringLiteral("retryMatchingButton"), tr("Retry all matching"),
               tr("Run again every job that matches the filter, not only the rows shown"));
    m_discardButton = button(QStringLiteral("discardButton"), tr("Discard"), tr("Drop the selected jobs"));
    m_copyButton = button(QStringLiteral("copyDetailsButton"), tr("Copy details"),
                          tr("Copy the selected jobs' error history, with Notion request ids"));
    m_statusLabel = new QLabel(bar);
    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_statusLabel, 1);
    m_summaryLabel = new QLabel(bar);
    m_summaryLabel->setObjectName(QStringLiteral("summaryLabel"));
    layout->addWidget(m_summaryLabel);
    connect(m_retryButton, &QPushButton::clicked, this, &FailedSyncsPage::retrySelected);
    connect(m_retryMatchingButton, &QPushButton::clicked, this, &FailedSyncsPage::retryMatching);
    connect(m_discardButton, &QPushButton::clicked, this, &FailedSyncsPage::discardSelected);
    connect(m_copyButton, &QPushButton::clicked, this, &FailedSyncsPage::copyDetails);
    return bar;
}

void FailedSyncsPage::setDatabaseUrl(const QString &url) {
    m_databaseUrl = url;
    m_model->setFilter(currentFilter());
    m_model->setDatabaseUrl(url);
    updateButtons();
}

void FailedSyncsPage::refresh() {
    // The time range is relative to now: computed again on every refresh.
    m_model->setFilter(currentFilter());
}

JobFilter FailedSyncsPage::currentFilter() const {
    JobFilter filter;
    filter.statuses = m_statusCombo->currentData().toStringList();
    filter.resourceType = m_typeEdit->text().trimmed();
    filter.errorCode = m_errorCodeEdit->text().trimmed();
    filter.text = m_searchEdit->text().trimmed();
    if (const int seconds = m_timeRangeCombo->currentData().toInt(); seconds > 0)
        filter.updatedAfter = QDateTime::currentDateTimeUtc().addSecs(-seconds);
    return filter;
}

QList<int> FailedSyncsPage::selectedRows() const {
    QList<int> rows;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        rows.append(index.row());
    std::sort(rows.begin(), rows.end());
    return rows;
}

QList<qint64> FailedSyncsPage::selectedJobIds() const {
    QList<qint64> ids;
    for (int row : selectedRows())
        ids.append(m_model->jobId(row));
    return ids;
}

void FailedSyncsPage::retrySelected() {
    const QList<qint64> ids = selectedJobIds();
    if (ids.isEmpty())
        return;
    runAction(
        tr("Retry"), [ids](QueueAdmin &admin) { return admin.retry(ids); },
        [this](int count) {
            showStatus(retriedText(count));
            Q_EMIT jobsRetried(count);
        });
}

void FailedSyncsPage::retryMatching() {
    const JobFilter filter = currentFilter();
    if (m_confirmBulkActions &&
        QMessageBox::question(this, tr("Retry all matching"),
                              tr("Run again every job that matches the filter, including those not loaded "
                                 "in the table?")) != QMessageBox::Yes)
        return;
    runAction(
        tr("Retry all matching"), [filter](QueueAdmin &admin) { return admin.retryMatching(filter); },
        [this](int count) {
            showStatus(retriedText(count));
            Q_EMIT jobsRetried(count);
        });
}

void FailedSyncsPage::discardSelected() {
    const QList<qint64> ids = selectedJobIds();
    if (ids.isEmpty())
        return;
    runAction(
        tr("Discard"), [ids](QueueAdmin &admin) { return admin.discard(ids); },
        [this](int count) {
            showStatus(count == 1 ? tr("1 job discarded") : tr("%1 jobs discarded").arg(count));
            Q_EMIT jobsDiscarded(count);
        });
}

void FailedSyncsPage::copyDetails() {
    QStringList details;
    for (int row : selectedRows())
        details.append(m_model->details(row));
    if (details.isEmpty())
        return;
    QApplication::clipboard()->setText(details.join(QLatin1Char('\n')));
    showStatus(tr("Copied the details of %1 job(s) to the clipboard").arg(details.size()));
}

void FailedSyncsPage::showDetails() {
    const QList<int> rows = selectedRows();
    m_details->setPlainText(rows.isEmpty() ? QString() : m_model->details(rows.first()));
}

void FailedSyncsPage::updateButtons() {
    const bool connected = !m_databaseUrl.isEmpty() && !m_actionRunning;
    const bool selected = m_view->selectionModel()->hasSelection();
    m_retryButton->setEnabled(connected && selected);
    m_discardButton->setEnabled(connected && selected);
    m_retryMatchingButton->setEnabled(connected);
    m_copyButton->setEnabled(selected);
    m_refreshButton->setEnabled(!m_databaseUrl.isEmpty());
}

void FailedSyncsPage::updateSummary() {
    const int rows = m_model->rowCount();
    if (rows == 0)
        m_summaryLabel->setText(tr("No failed jobs match the filter"));
    else if (m_model->canFetchMore({}))
        m_summaryLabel->setText(tr("First %1 jobs shown; scroll for more").arg(rows));
    else
        m_summaryLabel->setText(rows == 1 ? tr("1 job") : tr("%1 jobs").arg(rows));
}

void FailedSyncsPage::showStatus(const QString &message) {
    m_statusLabel->setText(message);
}

void FailedSyncsPage::runAction(const QString &what, std::function<Result<int>(QueueAdmin &)> action,
                                std::function<void(int)> done) {
    if (m_databaseUrl.isEmpty() || m_actionRunning)
        return;
    m_actionRunning = true;
    updateButtons();
    showStatus(tr("%1…").arg(what));
    // The watcher belongs to this page: a result arriving after the page is gone is dropped.
    auto *watcher = new QFutureWatcher<Result<int>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, what, done] {
        const Result<int> result = watcher->result();
        watcher->deleteLater();
        m_actionRunning = false;
        updateButtons();
        if (!result) {
            const QString message = tr("%1 failed: %2").arg(what, result.error().message);
            showStatus(message);
            Q_EMIT actionFailed(message);
            return;
        }
        done(result.value());
        refresh();
    });
    watcher->setFuture(QtConcurrent::run([url = m_databaseUrl, action]() -> Result<int> {
        return withConnection(url, QStringLiteral("dashboard"), [&action](QSqlDatabase database) {
            QueueAdmin admin(database);
            return action(admin);
        });
    }));
}

} // namespace pgnotion
