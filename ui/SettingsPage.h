#pragma once

#include "settings/AppSettings.h"
#include "settings/ConnectionTester.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace pgnotion {

class SettingsModel;
class StatusLabel;

// The Settings page: the PostgreSQL connection, the Notion token (kept only in the system keychain and
// never read back into the form), the engine's workers, rate limit, polling interval and mapping file,
// with a Test button for PostgreSQL and one for Notion that say exactly what is wrong. Every keychain,
// database and network call runs on a pool thread (SettingsModel); the GUI thread never waits.
class SettingsPage : public QWidget {
    Q_OBJECT
public:
    explicit SettingsPage(QWidget *parent = nullptr);

    // Fills the form from the settings file and asks the keychain which secrets it holds. The
    // constructor does this once.
    void load();
    void setSettings(const AppSettings &settings);
    // What the form says now (the URL as typed, possibly with a password).
    AppSettings settings() const;
    SettingsModel *model() const { return m_model; }

    void save();
    void testPostgres();
    void testNotion();

Q_SIGNALS:
    // The file and the keychain hold `settings` now (the URL without its password).
    void settingsSaved(const pgnotion::AppSettings &settings);

private:
    QWidget *createPostgresGroup();
    QWidget *createNotionGroup();
    QWidget *createEngineGroup();
    void showSecretsStored(bool notionTokenStored, bool postgresPasswordStored, const QString &keychainError);
    void showReport(StatusLabel *label, const ConnectionReport &report);
    void updateButtons();

    SettingsModel *m_model = nullptr;
    QLineEdit *m_databaseUrlEdit = nullptr;
    QLineEdit *m_passwordEdit = nullptr;
    QComboBox *m_sslModeCombo = nullptr;
    QLineEdit *m_sslRootCertificateEdit = nullptr;
    QPushButton *m_testPostgresButton = nullptr;
    StatusLabel *m_postgresResultLabel = nullptr;
    QLineEdit *m_tokenEdit = nullptr;
    QLabel *m_tokenStateLabel = nullptr;
    QLineEdit *m_notionBaseUrlEdit = nullptr;
    QPushButton *m_testNotionButton = nullptr;
    StatusLabel *m_notionResultLabel = nullptr;
    QSpinBox *m_workersSpin = nullptr;
    QDoubleSpinBox *m_rateLimitSpin = nullptr;
    QSpinBox *m_pollingIntervalSpin = nullptr;
    QLineEdit *m_mappingFileEdit = nullptr;
    QPushButton *m_saveButton = nullptr;
    StatusLabel *m_statusLabel = nullptr;
};

} // namespace pgnotion
