#include "FirstRunWizard.h"

#include "SettingsModel.h"
#include "StatusLabel.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <QWizardPage>

namespace pgnotion {
namespace {

QPushButton *testButton(const QString &name, const QString &text, QWidget *parent) {
    auto *button = new QPushButton(text, parent);
    button->setObjectName(name);
    return button;
}

} // namespace

FirstRunWizard::FirstRunWizard(const AppSettings &initial, QWidget *parent)
    : QWizard(parent)
    , m_initial(initial)
    , m_model(new SettingsModel(this)) {
    setObjectName(QStringLiteral("firstRunWizard"));
    setWindowTitle(tr("Set up pgnotion"));
    setOption(QWizard::NoBackButtonOnStartPage);
    setMinimumSize(640, 440);
    setPage(DatabasePageId, createDatabasePage());
    setPage(NotionPageId, createNotionPage());
    setPage(MappingPageId, createMappingPage());
    setPage(SummaryPageId, createSummaryPage());

    connect(m_model, &SettingsModel::saved, this, [this](const AppSettings &saved) {
        Q_EMIT settingsSaved(saved);
        QWizard::accept();
    });
    connect(m_model, &SettingsModel::saveFailed, this, [this](const QString &message) {
        m_saveResultLabel->showStatus(tr("Not saved: %1").arg(message), StatusColors::Bad);
        button(QWizard::FinishButton)->setEnabled(true);
    });
    connect(m_model, &SettingsModel::postgresTested, this, [this](const ConnectionReport &report) {
        if (m_mappingTestsPending == 0) {
            showReport(m_postgresResultLabel, report);
            return;
        }
        m_mappingReport.problems += report.problems;
        m_mappingReport.passed += report.passed;
        if (--m_mappingTestsPending == 0)
            showReport(m_mappingResultLabel, m_mappingReport);
    });
    connect(m_model, &SettingsModel::notionTested, this, [this](const ConnectionReport &report) {
        if (m_mappingTestsPending == 0) {
            showReport(m_notionResultLabel, report);
            return;
        }
        m_mappingReport.problems += report.problems;
        m_mappingReport.passed += report.passed;
        if (--m_mappingTestsPending == 0)
            showReport(m_mappingResultLabel, m_mappingReport);
    });
}

QWizardPage *FirstRunWizard::createDatabasePage() {
    auto *page = new QWizardPage(this);
    page->setObjectName(QStringLiteral("databasePage"));
    page->setTitle(tr("PostgreSQL"));
    page->setSubTitle(tr("The database pgnotion syncs from. A password typed in the URL is moved to the "
                         "system keychain."));
    auto *form = new QFormLayout(page);
    m_databaseUrlEdit = new QLineEdit(page);
    m_databaseUrlEdit->setObjectName(QStringLiteral("databaseUrlLineEdit"));
    m_databaseUrlEdit->setPlaceholderText(QStringLiteral("postgresql://user@host:5432/database"));
    m_databaseUrlEdit->setText(m_initial.databaseUrl);
    form->addRow(tr("URL"), m_databaseUrlEdit);
    m_passwordEdit = new QLineEdit(page);
    m_passwordEdit->setObjectName(QStringLiteral("postgresPasswordLineEdit"));
    m_passwordEdit->setEchoMode(QLineEdit::Password);
    form->addRow(tr("Password"), m_passwordEdit);
    m_sslModeCombo = new QComboBox(page);
    m_sslModeCombo->setObjectName(QStringLiteral("sslModeComboBox"));
    m_sslModeCombo->addItems(AppSettings::sslModes());
    m_sslModeCombo->setCurrentText(m_initial.sslMode);
    form->addRow(tr("SSL mode"), m_sslModeCombo);
    auto *test = testButton(QStringLiteral("testPostgresButton"), tr("Test PostgreSQL"), page);
    m_postgresResultLabel = new StatusLabel(QStringLiteral("postgresResultLabel"), page);
    form->addRow(test, m_postgresResultLabel);
    connect(test, &QPushButton::clicked, this, [this] {
        m_postgresResultLabel->showPlain(tr("Testing…"));
        m_model->testPostgres(settings(), m_passwordEdit->text());
    });
    return page;
}

QWizardPage *FirstRunWizard::createNotionPage() {
    auto *page = new QWizardPage(this);
    page->setObjectName(QStringLiteral("notionPage"));
    page->setTitle(tr("Notion"));
    page->setSubTitle(tr("The integration's secret (notion.so/my-integrations). It is stored only in the "
                         "system keychain. Share each synced database with the integration in Notion."));
    auto *form = new QFormLayout(page);
    m_tokenEdit = new QLineEdit(page);
    m_tokenEdit->setObjectName(QStringLiteral("notionTokenLineEdit"));
    m_tokenEdit->setEchoMode(QLineEdit::Password);
    m_tokenEdit->setPlaceholderText(tr("secret_… or ntn_…"));
    form->addRow(tr("Integration token"), m_tokenEdit);
    m_notionBaseUrlEdit = new QLineEdit(page);
    m_notionBaseUrlEdit->setObjectName(QStringLiteral("notionBaseUrlLineEdit"));
    m_notionBaseUrlEdit->setText(m_initial.notionBaseUrl);
    form->addRow(tr("API URL"), m_notionBaseUrlEdit);
    auto *test = testButton(QStringLiteral("testNotionButton"), tr("Test Notion"), page);
    m_notionResultLabel = new StatusLabel(QStringLiteral("notionResultLabel"), page);
    form->addRow(test, m_notionResultLabel);
    connect(test, &QPushButton::clicked, this, [this] {
        m_notionResultLabel->showPlain(tr("Testing…"));
        m_model->testNotion(settings(), m_tokenEdit->text());
    });
    return page;
}

QWizardPage *FirstRunWizard::createMappingPage() {
    auto *page = new QWizardPage(this);
    page->setObjectName(QStringLiteral("mappingPage"));
    page->setTitle(tr("Mapping"));
    page->setSubTitle(tr("Which tables sync to which Notion databases. Leave empty for the mapping shipped "
                         "with pgnotion."));
    auto *layout = new QVBoxLayout(page);
    auto *row = new QHBoxLayout;
    m_mappingFileEdit = new QLineEdit(page);
    m_mappingFileEdit->setObjectName(QStringLiteral("mappingFileLineEdit"));
    m_mappingFileEdit->setPlaceholderText(tr("The mapping shipped with pgnotion"));
    m_mappingFileEdit->setText(m_initial.mappingFile);
    row->addWidget(m_mappingFileEdit, 1);
    auto *browse = new QPushButton(tr("Browse…"), page);
    browse->setObjectName(QStringLiteral("browseMappingButton"));
    row->addWidget(browse);
    layout->addLayout(row);
    auto *test = testButton(QStringLiteral("testMappingButton"), tr("Test the mapping"), page);
    layout->addWidget(test, 0, Qt::AlignLeft);
    m_mappingResultLabel = new StatusLabel(QStringLiteral("mappingResultLabel"), page);
    layout->addWidget(m_mappingResultLabel);
    layout->addStretch(1);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Mapping file"), m_mappingFileEdit->text(),
                                                          tr("Mapping (*.json);;All files (*)"));
        if (!file.isEmpty())
            m_mappingFileEdit->setText(file);
    });
    connect(test, &QPushButton::clicked, this, &FirstRunWizard::testMapping);
    return page;
}

QWizardPage *FirstRunWizard::createSummaryPage() {
    auto *page = new QWizardPage(this);
    page->setObjectName(QStringLiteral("summaryPage"));
    page->setTitle(tr("Summary"));
    page->setSubTitle(tr("Finish saves these settings; the secrets go to the system keychain."));
    auto *layout = new QVBoxLayout(page);
    m_summaryLabel = new QLabel(page);
    m_summaryLabel->setObjectName(QStringLiteral("summaryLabel"));
    m_summaryLabel->setWordWrap(true);
    m_summaryLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summaryLabel);
    m_saveResultLabel = new StatusLabel(QStringLiteral("saveResultLabel"), page);
    layout->addWidget(m_saveResultLabel);
    layout->addStretch(1);
    return page;
}

void FirstRunWizard::initializePage(int id) {
    QWizard::initializePage(id);
    if (id != SummaryPageId)
        return;
    QString password = m_passwordEdit->text();
    const auto split = SettingsModel::withoutPassword(settings(), password);
    QStringList lines;
    if (split)
        lines << tr("PostgreSQL: %1 (SSL mode %2)").arg(split.value().databaseUrl, split.value().sslMode);
    else
        lines << split.error().message;
    lines << tr("Password: %1").arg(password.isEmpty() ? tr("none") : tr("stored in the system keychain"));
    lines << tr("Notion: %1").arg(m_notionBaseUrlEdit->text().trimmed());
    lines << tr("Token: %1")
                 .arg(m_tokenEdit->text().trimmed().isEmpty() ? tr("none yet (add it in Settings)")
                                                              : tr("stored in the system keychain"));
    lines << tr("Mapping: %1")
                 .arg(m_mappingFileEdit->text().trimmed().isEmpty() ? tr("the mapping shipped with pgnotion")
                                                                    : m_mappingFileEdit->text().trimmed());
    m_summaryLabel->setText(lines.join(QLatin1Char('\n')));
    m_saveResultLabel->showPlain({});
}

AppSettings FirstRunWizard::settings() const {
    AppSettings settings = m_initial;
    settings.databaseUrl = m_databaseUrlEdit->text().trimmed();
    settings.sslMode = m_sslModeCombo->currentText();
    settings.notionBaseUrl = m_notionBaseUrlEdit->text().trimmed();
    settings.mappingFile = m_mappingFileEdit->text().trimmed();
    return settings;
}

void FirstRunWizard::testMapping() {
    if (m_mappingTestsPending > 0 || m_model->isTestingPostgres() || m_model->isTestingNotion())
        return;
    m_mappingReport = {};
    m_mappingTestsPending = 2;
    m_mappingResultLabel->showPlain(tr("Testing…"));
    m_model->testPostgres(settings(), m_passwordEdit->text());
    m_model->testNotion(settings(), m_tokenEdit->text());
}

bool FirstRunWizard::validateCurrentPage() {
    if (currentId() != DatabasePageId)
        return QWizard::validateCurrentPage();
    // The URL is what the dashboard cannot do without: refuse to go on without a valid one.
    const QString typed = m_databaseUrlEdit->text().trimmed();
    const auto split = AppSettings::splitUrl(typed);
    if (typed.isEmpty() || !split) {
        m_postgresResultLabel->showStatus(
            typed.isEmpty() ? tr("Type the PostgreSQL URL first") : split.error().message, StatusColors::Bad);
        return false;
    }
    return QWizard::validateCurrentPage();
}

void FirstRunWizard::accept() {
    // Closes once the keychain and the file hold the settings (SettingsModel::saved), not before.
    button(QWizard::FinishButton)->setEnabled(false);
    m_saveResultLabel->showPlain(tr("Saving…"));
    m_model->save(settings(), m_tokenEdit->text(), m_passwordEdit->text());
}

void FirstRunWizard::showReport(StatusLabel *label, const ConnectionReport &report) {
    label->showStatus(report.text(), report.ok() ? StatusColors::Good : StatusColors::Bad);
}

} // namespace pgnotion
