#pragma once

#include "settings/AppSettings.h"
#include "settings/ConnectionTester.h"

#include <QWizard>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QWizardPage;

namespace pgnotion {

class SettingsModel;
class StatusLabel;

// Shown on the first start, while nothing is configured: the PostgreSQL URL, then the Notion token, then
// the mapping file, then a summary; each with a test button. Finishing saves like the Settings page
// (secrets to the keychain, the rest to the settings file); the wizard closes once that is done.
class FirstRunWizard : public QWizard {
    Q_OBJECT
public:
    enum PageId { DatabasePageId, NotionPageId, MappingPageId, SummaryPageId };

    // `initial`: the engine values (workers, rate limit, ...) to keep; the pages fill in the rest.
    explicit FirstRunWizard(const AppSettings &initial = AppSettings(), QWidget *parent = nullptr);

    static bool isNeeded(const AppSettings &settings) { return !settings.isConfigured(); }

    // What the pages say now (the URL as typed).
    AppSettings settings() const;
    SettingsModel *model() const { return m_model; }

    bool validateCurrentPage() override;
    void accept() override;

Q_SIGNALS:
    void settingsSaved(const pgnotion::AppSettings &settings);

protected:
    void initializePage(int id) override;

private:
    QWizardPage *createDatabasePage();
    QWizardPage *createNotionPage();
    QWizardPage *createMappingPage();
    QWizardPage *createSummaryPage();
    void testMapping();
    static void showReport(StatusLabel *label, const ConnectionReport &report);

    AppSettings m_initial;
    SettingsModel *m_model = nullptr;
    QLineEdit *m_databaseUrlEdit = nullptr;
    QLineEdit *m_passwordEdit = nullptr;
    QComboBox *m_sslModeCombo = nullptr;
    StatusLabel *m_postgresResultLabel = nullptr;
    QLineEdit *m_tokenEdit = nullptr;
    QLineEdit *m_notionBaseUrlEdit = nullptr;
    StatusLabel *m_notionResultLabel = nullptr;
    QLineEdit *m_mappingFileEdit = nullptr;
    StatusLabel *m_mappingResultLabel = nullptr;
    QLabel *m_summaryLabel = nullptr;
    StatusLabel *m_saveResultLabel = nullptr;
    // The mapping test runs both connection tests; their reports are joined here.
    ConnectionReport m_mappingReport;
    int m_mappingTestsPending = 0;
};

} // namespace pgnotion
