#include "ConflictsPage.h"

#include "ConflictsModel.h"
#include "db/DatabaseConnection.h"
#include "inbound/SyncConflicts.h"

#include <QCheckBox>
#include <QFontDatabase>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace pgnotion {

ConflictsPage::ConflictsPage(QWidget *parent)
    : QWidget(parent)
    , m_model(new ConflictsModel(this))
    , m_refreshTimer(new QTimer(this)) {
    setObjectName(QStringLiteral("conflictsPage"));
    auto *layout = new QVBoxLayout(this);
    auto *header = new QHBoxLayout;
    header->addWidget(
        new QLabel(tr("<b>Conflicts</b> — properties edited in Postgres and in Notion since the last sync"),
                   this),
        1);
    m_showResolvedBox = new QCheckBox(tr("Show resolved"), this);
    m_showResolvedBox->setObjectName(QStringLiteral("showResolvedCheckBox"));
    m_showResolvedBox->setToolTip(tr("Also list conflicts already kept or undone"));
    header->addWidget(m_showResolvedBox);
    m_refreshButton = new QPushButton(tr("Refresh"), this);
    m_refreshButton->setObjectName(QStringLiteral("refreshButton"));
    header->addWidget(m_refreshButton);
    layout->addLayout(header);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("conflictsView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setColumnHidden(ConflictsModel::StateColumn, true);

    m_details = new QPlainTextEdit(this);
    m_details->setObjectName(QStringLiteral("conflictDetailsPlainTextEdit"));
    m_details->setReadOnly(true);
    m_details->setLineWrapMode(QPlainTextEdit::NoWrap);
    // The values line up under each other.
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_details->setPlaceholderText(tr("Select a conflict to see both values"));

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("conflictsSplitter"));
    splitter->addWidget(m_view);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);
    layout->addWidget(createButtonBar());

    m_refreshTimer->setObjectName(QStringLiteral("refreshTimer"));
    m_refreshTimer->setInterval(kRefreshIntervalMs);
    connect(m_refreshTimer, &QTimer::timeout, this, [this] {
        // Skipped while a read or an action is under way: they reload when done.
        if (!m_model->isLoading() && !m_actionRunning)
            refresh();
    });
    connect(m_refreshButton, &QPushButton::clicked, this, &ConflictsPage::refresh);
    connect(m_showResolvedBox, &QCheckBox::toggled, this, [this](bool show) {
        m_view->setColumnHidden(ConflictsModel::StateColumn, !show);
        m_model->setShowResolved(show);
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        m_selectedId = m_model->conflictId(selectedRow());
        showDetails();
        updateButtons();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        if (const int row = m_model->rowOf(m_selectedId); row >= 0)
            m_view->selectRow(row);
        m_view->resizeColumnsToContents();
        showDetails();
        updateButtons();
    });
    connect(m_model, &ConflictsModel::loaded, this, [this] {
        updateSummary();
        Q_EMIT conflictsChanged(m_model->openCount());
    });
    connect(m_model, &ConflictsModel::loadFailed, this, [this](const QString &message) {
        showStatus(tr("Could not read the conflicts: %1").arg(message));
    });
    updateButtons();
}

QWidget *ConflictsPage::createButtonBar() {
    auto *bar = new QWidget(this);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    m_keepWinnerButton = new QPushButton(tr("Keep winner"), bar);
    m_keepWinnerButton->setObjectName(QStringLiteral("keepWinnerButton"));
    m_keepWinnerButton->setToolTip(tr("Acknowledge the conflict: the value that won stays on both sides"));
    m_undoButton = new QPushButton(tr("Undo"), bar);
    m_undoButton->setObjectName(QStringLiteral("undoButton"));
    m_undoButton->setToolTip(
        tr("Apply the value that lost instead: the row is written and synced to Notion"));
    layout->addWidget(m_keepWinnerButton);
    layout->addWidget(m_undoButton);
    m_statusLabel = new QLabel(bar);
    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_statusLabel, 1);
    m_summaryLabel = new QLabel(bar);
    m_summaryLabel->setObjectName(QStringLiteral("summaryLabel"));
    layout->addWidget(m_summaryLabel);
    connect(m_keepWinnerButton, &QPushButton::clicked, this, &ConflictsPage::keepWinner);
    connect(m_undoButton, &QPushButton::clicked, this, &ConflictsPage::undo);
    return bar;
}

void ConflictsPage::setDatabaseUrl(const QString &url) {
    m_databaseUrl = url;
    m_selectedId = 0;
    showStatus({});
    m_model->setDatabaseUrl(url);
    if (url.isEmpty())
        m_refreshTimer->stop();
    else
        m_refreshTimer->start();
    updateButtons();
}

void ConflictsPage::setMapping(const Mapping &mapping) {
    m_mapping = std::make_shared<const Mapping>(mapping);
    updateButtons();
}

void ConflictsPage::refresh() {
    m_model->reload();
}

int ConflictsPage::selectedRow() const {
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.first().row();
}

void ConflictsPage::keepWinner() {
    const int row = selectedRow();
    if (row < 0 || !m_model->conflict(row).isOpen())
        return;
    const qint64 id = m_model->conflictId(row);
    runAction(
        tr("Keep winner"),
        [id, by = m_actor](QSqlDatabase database) { return SyncConflicts::resolve(database, id, by); },
        [this, id] {
            showStatus(tr("Conflict %1 resolved: the winning value stays").arg(id));
            Q_EMIT conflictResolved(id);
        });
}

void ConflictsPage::undo() {
    const int row = selectedRow();
    if (row < 0 || !m_model->conflict(row).isOpen())
        return;
    const SyncConflict conflict = m_model->conflict(row);
    if (!m_mapping) {
        const QString message = tr("Undo needs the mapping, which is not loaded");
        showStatus(message);
        Q_EMIT actionFailed(message);
        return;
    }
    const bool postgresWon = conflict.winner == QLatin1String("postgres");
    if (m_confirmActions &&
        QMessageBox::question(this, tr("Undo conflict"),
                              tr("Write the %1 value of %2 %3, property \"%4\" (%5), to the row and sync it "
                                 "to Notion?")
                                  .arg(postgresWon ? tr("Notion") : tr("Postgres"), conflict.resourceType,
                                       conflict.resourceId, conflict.property,
                                       postgresWon ? conflict.notionValue : conflict.postgresValue)) !=
            QMessageBox::Yes)
        return;
    const qint64 id = conflict.id;
    runAction(
        tr("Undo"),
        [id, by = m_actor, mapping = m_mapping](QSqlDatabase database) {
            return SyncConflicts::undo(database, *mapping, id, by);
        },
        [this, id] {
            showStatus(tr("Conflict %1 undone: the other value is written and will sync to Notion").arg(id));
            Q_EMIT conflictUndone(id);
        });
}

void ConflictsPage::showDetails() {
    m_details->setPlainText(m_model->details(selectedRow()));
}

void ConflictsPage::updateButtons() {
    const int row = selectedRow();
    const bool open = row >= 0 && m_model->conflict(row).isOpen();
    const bool ready = !m_databaseUrl.isEmpty() && !m_actionRunning;
    m_keepWinnerButton->setEnabled(ready && open);
    m_undoButton->setEnabled(ready && open && m_mapping);
    m_refreshButton->setEnabled(!m_databaseUrl.isEmpty());
}

void ConflictsPage::updateSummary() {
    const int open = m_model->openCount();
    QString text = open == 0 ? tr("No open conflicts")
                             : (open == 1 ? tr("1 open conflict") : tr("%1 open conflicts").arg(open));
    if (m_model->rowCount() >= ConflictsModel::kLimit)
        text += tr(" (newest %1 shown)").arg(ConflictsModel::kLimit);
    m_summaryLabel->setText(text);
}

void ConflictsPage::showStatus(const QString &message) {
    m_statusLabel->setText(message);
}

void ConflictsPage::runAction(const QString &what, std::function<Result<void>(QSqlDatabase)> action,
                              std::function<void()> done) {
    if (m_databaseUrl.isEmpty() || m_actionRunning)
        return;
    m_actionRunning = true;
    updateButtons();
    showStatus(tr("%1…").arg(what));
    // The watcher belongs to this page: a result arriving after the page is gone is dropped.
    auto *watcher = new QFutureWatcher<Result<void>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, what, done] {
        const Result<void> result = watcher->result();
        watcher->deleteLater();
        m_actionRunning = false;
        updateButtons();
        if (!result) {
            const QString message = tr("%1 failed: %2").arg(what, result.error().message);
            showStatus(message);
            Q_EMIT actionFailed(message);
            refresh(); // someone else may have resolved it meanwhile
            return;
        }
        done();
        refresh();
    });
    watcher->setFuture(QtConcurrent::run([url = m_databaseUrl, action]() -> Result<void> {
        return withConnection(url, QStringLiteral("dashboard"), action);
    }));
}

} // namespace pgnotion
