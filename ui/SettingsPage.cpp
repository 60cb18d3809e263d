#include "SettingsPage.h"

#include "SettingsModel.h"
#include "StatusLabel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace pgnotion {
namespace {

// A line edit with a "…" button that picks a file into it.
QWidget *fileField(QLineEdit *edit, const QString &buttonName, const QString &title, const QString &filter,
                   QWidget *parent) {
    auto *row = new QWidget(parent);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    auto *browse = new QPushButton(SettingsPage::tr("Browse…"), row);
    browse->setObjectName(buttonName);
    layout->addWidget(browse);
    QObject::connect(browse, &QPushButton::clicked, edit, [edit, title, filter] {
        const QString file = QFileDialog::getOpenFileName(edit, title, edit->text(), filter);
        if (!file.isEmpty())
            edit->setText(file);
    });
    return row;
}

} // namespace

SettingsPage::SettingsPage(QWidget *parent)
    : QWidget(parent)
    , m_model(new SettingsModel(this)) {
    setObjectName(QStringLiteral("settingsPage"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<b>Settings</b> — where pgnotion syncs from and to"), this));
    layout->addWidget(createPostgresGroup());
    layout->addWidget(createNotionGroup());
    layout->addWidget(createEngineGroup());
    layout->addStretch(1);

    auto *bar = new QHBoxLayout;
    m_statusLabel = new StatusLabel(QStringLiteral("statusLabel"), this);
    bar->addWidget(m_statusLabel, 1);
    m_saveButton = new QPushButton(tr("Save"), this);
    m_saveButton->setObjectName(QStringLiteral("saveButton"));
    m_saveButton->setDefault(true);
    bar->addWidget(m_saveButton);
    layout->addLayout(bar);

    connect(m_saveButton, &QPushButton::clicked, this, &SettingsPage::save);
    connect(m_testPostgresButton, &QPushButton::clicked, this, &SettingsPage::testPostgres);
    connect(m_testNotionButton, &QPushButton::clicked, this, &SettingsPage::testNotion);
    connect(m_model, &SettingsModel::secretsChecked, this, &SettingsPage::showSecretsStored);
    connect(m_model, &SettingsModel::postgresTested, this, [this](const ConnectionReport &report) {
        showReport(m_postgresResultLabel, report);
        updateButtons();
    });
    connect(m_model, &SettingsModel::notionTested, this, [this](const ConnectionReport &report) {
        showReport(m_notionResultLabel, report);
        updateButtons();
    });
    connect(m_model, &SettingsModel::saveFailed, this, [this](const QString &message) {
        m_statusLabel->showStatus(tr("Not saved: %1").arg(message), StatusColors::Bad);
        updateButtons();
    });
    connect(m_model, &SettingsModel::saved, this, [this](const AppSettings &saved) {
        // The secrets are in the keychain now: the form forgets them and shows the URL as stored.
        m_tokenEdit->clear();
        m_passwordEdit->clear();
        setSettings(saved);
        m_statusLabel->showStatus(tr("Saved"), StatusColors::Good);
        updateButtons();
        m_model->checkStoredSecrets();
        Q_EMIT settingsSaved(saved);
    });
    load();
}

QWidget *SettingsPage::createPostgresGroup() {
    auto *group = new QGroupBox(tr("PostgreSQL"), this);
    auto *form = new QFormLayout(group);
    m_databaseUrlEdit = new QLineEdit(group);
    m_databaseUrlEdit->setObjectName(QStringLiteral("databaseUrlLineEdit"));
    m_databaseUrlEdit->setPlaceholderText(QStringLiteral("postgresql://user@host:5432/database"));
    m_databaseUrlEdit->setToolTip(tr("A password typed in the URL is moved to the system keychain on Save"));
    form->addRow(tr("URL"), m_databaseUrlEdit);
    m_passwordEdit = new QLineEdit(group);
    m_passwordEdit->setObjectName(QStringLiteral("postgresPasswordLineEdit"));
    m_passwordEdit->setEchoMode(QLineEdit::Password);
    form->addRow(tr("Password"), m_passwordEdit);
    m_sslModeCombo = new QComboBox(group);
    m_sslModeCombo->setObjectName(QStringLiteral("sslModeComboBox"));
    m_sslModeCombo->addItems(AppSettings::sslModes());
    form->addRow(tr("SSL mode"), m_sslModeCombo);
    m_sslRootCertificateEdit = new QLineEdit(group);
    m_sslRootCertificateEdit->setObjectName(QStringLiteral("sslRootCertificateLineEdit"));
    m_sslRootCertificateEdit->setPlaceholderText(tr("CA file for verify-ca / verify-full (optional)"));
    m_sslRootCertificateEdit->setToolTip(
        tr("The server's CA certificate (PEM), e.g. the one your hosting provider offers for download. "
           "Without one, libpq reads ~/.postgresql/root.crt"));
    form->addRow(tr("CA file"),
                 fileField(m_sslRootCertificateEdit, QStringLiteral("browseCaFileButton"),
                           tr("CA certificate"), tr("Certificates (*.crt *.pem);;All files (*)"), group));
    m_testPostgresButton = new QPushButton(tr("Test PostgreSQL"), group);
    m_testPostgresButton->setObjectName(QStringLiteral("testPostgresButton"));
    m_postgresResultLabel = new StatusLabel(QStringLiteral("postgresResultLabel"), group);
    form->addRow(m_testPostgresButton, m_postgresResultLabel);
    return group;
}

QWidget *SettingsPage::createNotionGroup() {
    auto *group = new QGroupBox(tr("Notion"), this);
    auto *form = new QFormLayout(group);
    m_tokenEdit = new QLineEdit(group);
    m_tokenEdit->setObjectName(QStringLiteral("notionTokenLineEdit"));
    m_tokenEdit->setEchoMode(QLineEdit::Password);
    m_tokenEdit->setToolTip(tr("The integration's secret; stored only in the system keychain"));
    form->addRow(tr("Integration token"), m_tokenEdit);
    m_tokenStateLabel = new QLabel(group);
    m_tokenStateLabel->setObjectName(QStringLiteral("tokenStateLabel"));
    form->addRow(QString(), m_tokenStateLabel);
    m_notionBaseUrlEdit = new QLineEdit(group);
    m_notionBaseUrlEdit->setObjectName(QStringLiteral("notionBaseUrlLineEdit"));
    form->addRow(tr("API URL"), m_notionBaseUrlEdit);
    m_testNotionButton = new QPushButton(tr("Test Notion"), group);
    m_testNotionButton->setObjectName(QStringLiteral("testNotionButton"));
    m_notionResultLabel = new StatusLabel(QStringLiteral("notionResultLabel"), group);
    form->addRow(m_testNotionButton, m_notionResultLabel);
    return group;
}

QWidget *SettingsPage::createEngineGroup() {
    auto *group = new QGroupBox(tr("Engine"), this);
    auto *form = new QFormLayout(group);
    m_workersSpin = new QSpinBox(group);
    m_workersSpin->setObjectName(QStringLiteral("workersSpinBox"));
    m_workersSpin->setRange(1, 64);
    form->addRow(tr("Workers"), m_workersSpin);
    m_rateLimitSpin = new QDoubleSpinBox(group);
    m_rateLimitSpin->setObjectName(QStringLiteral("rateLimitSpinBox"));
    m_rateLimitSpin->setRange(0.1, 100);
    m_rateLimitSpin->setDecimals(1);
    m_rateLimitSpin->setSuffix(tr(" requests/s"));
    m_rateLimitSpin->setToolTip(tr("Notion allows about 3 requests per second per integration"));
    form->addRow(tr("Notion rate limit"), m_rateLimitSpin);
    m_pollingIntervalSpin = new QSpinBox(group);
    m_pollingIntervalSpin->setObjectName(QStringLiteral("pollingIntervalSpinBox"));
    m_pollingIntervalSpin->setRange(5, 86400);
    m_pollingIntervalSpin->setSuffix(tr(" s"));
    form->addRow(tr("Polling interval"), m_pollingIntervalSpin);
    m_mappingFileEdit = new QLineEdit(group);
    m_mappingFileEdit->setObjectName(QStringLiteral("mappingFileLineEdit"));
    m_mappingFileEdit->setPlaceholderText(tr("The mapping shipped with pgnotion"));
    form->addRow(tr("Mapping file"),
                 fileField(m_mappingFileEdit, QStringLiteral("browseMappingButton"), tr("Mapping file"),
                           tr("Mapping (*.json);;All files (*)"), group));
    return group;
}

void SettingsPage::load() {
    setSettings(m_model->load());
    m_tokenStateLabel->setText(tr("Checking the system keychain…"));
    m_model->checkStoredSecrets();
}

void SettingsPage::setSettings(const AppSettings &settings) {
    m_databaseUrlEdit->setText(settings.databaseUrl);
    m_sslModeCombo->setCurrentText(settings.sslMode);
    m_sslRootCertificateEdit->setText(settings.sslRootCertificate);
    m_notionBaseUrlEdit->setText(settings.notionBaseUrl);
    m_workersSpin->setValue(settings.workers);
    m_rateLimitSpin->setValue(settings.requestsPerSecond);
    m_pollingIntervalSpin->setValue(settings.pollingIntervalSeconds);
    m_mappingFileEdit->setText(settings.mappingFile);
}

AppSettings SettingsPage::settings() const {
    AppSettings settings;
    settings.databaseUrl = m_databaseUrlEdit->text().trimmed();
    settings.sslMode = m_sslModeCombo->currentText();
    settings.sslRootCertificate = m_sslRootCertificateEdit->text().trimmed();
    settings.notionBaseUrl = m_notionBaseUrlEdit->text().trimmed();
    settings.workers = m_workersSpin->value();
    settings.requestsPerSecond = m_rateLimitSpin->value();
    settings.pollingIntervalSeconds = m_pollingIntervalSpin->value();
    settings.mappingFile = m_mappingFileEdit->text().trimmed();
    return settings;
}

void SettingsPage::save() {
    m_statusLabel->showPlain(tr("Saving…"));
    m_model->save(settings(), m_tokenEdit->text(), m_passwordEdit->text());
    updateButtons();
}

void SettingsPage::testPostgres() {
    m_postgresResultLabel->showPlain(tr("Testing…"));
    m_model->testPostgres(settings(), m_passwordEdit->text());
    updateButtons();
}

void SettingsPage::testNotion() {
    m_notionResultLabel->showPlain(tr("Testing…"));
    m_model->testNotion(settings(), m_tokenEdit->text());
    updateButtons();
}

void SettingsPage::showSecretsStored(bool notionTokenStored, bool postgresPasswordStored,
                                     const QString &keychainError) {
    // Never the secret itself: only whether the keychain has one.
    if (!keychainError.isEmpty())
        m_tokenStateLabel->setText(keychainError);
    else
        m_tokenStateLabel->setText(notionTokenStored ? tr("A token is stored in the system keychain")
                                                     : tr("No token stored yet"));
    m_tokenEdit->setPlaceholderText(notionTokenStored ? tr("stored in the system keychain (type to replace)")
                                                      : tr("secret_… or ntn_…"));
    m_passwordEdit->setPlaceholderText(
        postgresPasswordStored ? tr("stored in the system keychain (type to replace)") : tr("none stored"));
}

void SettingsPage::showReport(StatusLabel *label, const ConnectionReport &report) {
    label->showStatus(report.text(), report.ok() ? StatusColors::Good : StatusColors::Bad);
}

void SettingsPage::updateButtons() {
    m_saveButton->setEnabled(!m_model->isSaving());
    m_testPostgresButton->setEnabled(!m_model->isTestingPostgres());
    m_testNotionButton->setEnabled(!m_model->isTestingNotion());
}

} // namespace pgnotion
