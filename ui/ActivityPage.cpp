#include "ActivityPage.h"

#include "ActivityModel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace pgnotion {

ActivityPage::ActivityPage(QWidget *parent)
    : QWidget(parent)
    , m_model(new ActivityModel(this)) {
    setObjectName(QStringLiteral("activityPage"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(
        new QLabel(tr("<b>Activity</b> — recent sync operations of every engine, newest first"), this));
    layout->addWidget(createFilterBar());

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("activityView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    // Live rows are inserted every second: fixed row heights keep that cheap.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->horizontalHeader()->setSectionResizeMode(ActivityModel::ErrorColumn, QHeaderView::Stretch);
    layout->addWidget(m_view, 1);

    auto *bottom = new QHBoxLayout;
    m_messageLabel = new QLabel(this);
    m_messageLabel->setObjectName(QStringLiteral("activityMessageLabel"));
    m_messageLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_messageLabel->setWordWrap(true);
    m_summaryLabel = new QLabel(this);
    m_summaryLabel->setObjectName(QStringLiteral("summaryLabel"));
    bottom->addWidget(m_messageLabel, 1);
    bottom->addWidget(m_summaryLabel);
    layout->addLayout(bottom);

    connect(m_model, &ActivityModel::loadFailed, this, [this](const QString &message) {
        m_messageLabel->setText(tr("Cannot show the activity: %1").arg(message));
    });
    connect(m_model, &ActivityModel::chunkLoaded, this, [this] {
        m_messageLabel->clear();
        if (!m_columnsSized && m_model->rowCount() > 0) {
            // Sized once from the first rows: live rows must not make the columns jump.
            m_view->resizeColumnsToContents();
            // Room for the longer types and ids that later rows bring.
            const int idWidth = fontMetrics().horizontalAdvance(QStringLiteral("deliverable-000000")) + 12;
            for (int column : {ActivityModel::TypeColumn, ActivityModel::ResourceColumn})
                m_view->setColumnWidth(column, std::max(m_view->columnWidth(column), idWidth));
            m_columnsSized = true;
        }
        updateSummary();
    });
    connect(m_model, &ActivityModel::rowsArrived, this, [this] {
        m_messageLabel->clear();
        updateSummary();
    });
    connect(m_model, &ActivityModel::heldCountChanged, this, &ActivityPage::updateHeld);
    updateHeld();
}

QWidget *ActivityPage::createFilterBar() {
    auto *bar = new QWidget(this);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    m_directionCombo = new QComboBox(bar);
    m_directionCombo->setObjectName(QStringLiteral("directionComboBox"));
    m_directionCombo->addItem(tr("Both directions"), QString());
    m_directionCombo->addItem(tr("Postgres → Notion"), QStringLiteral("postgres_to_notion"));
    m_directionCombo->addItem(tr("Notion → Postgres"), QStringLiteral("notion_to_postgres"));
    m_outcomeCombo = new QComboBox(bar);
    m_outcomeCombo->setObjectName(QStringLiteral("outcomeComboBox"));
    m_outcomeCombo->addItem(tr("Any outcome"), QString());
    for (const char *outcome : {"completed", "retry", "rescheduled", "dead", "lost"})
        m_outcomeCombo->addItem(QLatin1String(outcome), QLatin1String(outcome));
    m_typeEdit = new QLineEdit(bar);
    m_typeEdit->setObjectName(QStringLiteral("typeLineEdit"));
    m_typeEdit->setPlaceholderText(tr("Resource type"));
    m_typeEdit->setClearButtonEnabled(true);
    m_searchEdit = new QLineEdit(bar);
    m_searchEdit->setObjectName(QStringLiteral("searchLineEdit"));
    m_searchEdit->setPlaceholderText(tr("Search resource id or error"));
    m_searchEdit->setClearButtonEnabled(true);
    m_pauseButton = new QPushButton(tr("Pause"), bar);
    m_pauseButton->setObjectName(QStringLiteral("pauseButton"));
    m_pauseButton->setCheckable(true);
    m_pauseButton->setToolTip(tr("Hold new operations back while you read; Resume shows them"));
    m_heldLabel = new QLabel(bar);
    m_heldLabel->setObjectName(QStringLiteral("heldLabel"));

    layout->addWidget(m_directionCombo);
    layout->addWidget(m_outcomeCombo);
    layout->addWidget(m_typeEdit);
    layout->addWidget(m_searchEdit, 1);
    layout->addWidget(m_pauseButton);
    layout->addWidget(m_heldLabel);
    connect(m_directionCombo, &QComboBox::currentIndexChanged, this, &ActivityPage::applyFilter);
    connect(m_outcomeCombo, &QComboBox::currentIndexChanged, this, &ActivityPage::applyFilter);
    // Filtering runs a query: on Enter or leaving the field, not on every keystroke.
    for (QLineEdit *edit : {m_typeEdit, m_searchEdit})
        connect(edit, &QLineEdit::editingFinished, this, &ActivityPage::applyFilter);
    connect(m_pauseButton, &QPushButton::toggled, this, &ActivityPage::setPaused);
    return bar;
}

void ActivityPage::setDatabaseUrl(const QString &url) {
    m_model->setFilter(currentFilter());
    m_model->setDatabaseUrl(url);
}

ActivityFilter ActivityPage::currentFilter() const {
    ActivityFilter filter;
    filter.direction = m_directionCombo->currentData().toString();
    filter.outcome = m_outcomeCombo->currentData().toString();
    filter.resourceType = m_typeEdit->text().trimmed();
    filter.text = m_searchEdit->text().trimmed();
    return filter;
}

void ActivityPage::applyFilter() {
    if (currentFilter() != m_model->filter())
        m_model->setFilter(currentFilter());
}

void ActivityPage::refresh() {
    m_model->refresh();
}

void ActivityPage::setPaused(bool paused) {
    if (m_pauseButton->isChecked() != paused)
        m_pauseButton->setChecked(paused); // comes back here through toggled()
    m_pauseButton->setText(paused ? tr("Resume") : tr("Pause"));
    m_model->setPaused(paused);
    updateHeld();
}

void ActivityPage::updateHeld() {
    const int held = m_model->heldCount();
    if (!m_model->isPaused())
        m_heldLabel->clear();
    else if (held == 0)
        m_heldLabel->setText(tr("Paused"));
    else
        m_heldLabel->setText(held == 1 ? tr("Paused: 1 new operation")
                                       : tr("Paused: %1 new operations").arg(held));
}

void ActivityPage::updateSummary() {
    const int rows = m_model->rowCount();
    if (rows == 0)
        m_summaryLabel->setText(tr("No operations match the filter"));
    else if (m_model->canFetchMore({}))
        m_summaryLabel->setText(tr("Newest %1 operations shown; scroll for older ones").arg(rows));
    else
        m_summaryLabel->setText(rows == 1 ? tr("1 operation") : tr("%1 operations").arg(rows));
}

} // namespace pgnotion
