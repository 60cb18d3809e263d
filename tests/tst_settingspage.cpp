#include "FirstRunWizard.h"
#include "SettingsModel.h"
#include "SettingsPage.h"
#include "TestDatabase.h"
#include "secrets/SecretStore.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace pgnotion;
using namespace pgnotion::test;

namespace {

constexpr int kTimeout = 20000;
const QString kToken = QStringLiteral("secret_ntn_TokenThatMustStayInTheKeychain");
const QString kPassword = QStringLiteral("Pa55word-never-in-a-file");

QByteArray settingsFileBytes() {
    QSettings settings(QStringLiteral("pgnotion"), QStringLiteral("pgnotion"));
    settings.sync();
    QFile file(settings.fileName());
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

template <typename T>
T *child(QWidget *parent, const char *name) {
    return parent->findChild<T *>(QLatin1String(name));
}

// Keychain calls from the test go to the dashboard's keychain thread too: QtKeychain must see one thread.
template <typename Work>
auto onKeychain(Work work) {
    return SettingsModel::runOnKeychainThread<decltype(work())>(work).result();
}

Result<QString> readSecret(const QString &key) {
    return onKeychain([key] { return SecretStore::read(key); });
}

quint16 closedPort() {
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

// Clicks a test button and waits for its result label to leave "Testing…".
QString runTest(QWidget *parent, const char *button, const char *label) {
    QTest::mouseClick(child<QPushButton>(parent, button), Qt::LeftButton);
    QLabel *result = child<QLabel>(parent, label);
    if (!QTest::qWaitFor(
            [result] { return !result->text().isEmpty() && !result->text().endsWith(QChar(0x2026)); },
            kTimeout))
        return QStringLiteral("timed out: ") + result->text();
    return result->text();
}

} // namespace

// The Settings page and the first-run wizard, on a throwaway Secret Service (tests/support/with-keyring.sh)
// and a settings file in a temporary directory: secrets go to the keychain and never to the file.
class TestSettingsPage : public QObject {
    Q_OBJECT
    QTemporaryDir m_configDir;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_configDir.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_configDir.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_configDir.path());
    }

    // Every test starts with nothing configured.
    void init() {
        QSettings(QStringLiteral("pgnotion"), QStringLiteral("pgnotion")).clear();
        QVERIFY(onKeychain([] { return SecretStore::remove(SecretStore::kNotionToken); }).ok());
        QVERIFY(onKeychain([] { return SecretStore::remove(AppSettings::kPostgresPasswordKey); }).ok());
    }

    void defaultsWhenNothingIsConfigured() {
        const AppSettings settings = AppSettings::load();
        QCOMPARE(settings, AppSettings());
        QCOMPARE(settings.sslMode, QStringLiteral("prefer"));
        QCOMPARE(settings.workers, 4);
        QCOMPARE(settings.requestsPerSecond, 3.0);
        QCOMPARE(settings.pollingIntervalSeconds, 30);
        QVERIFY(settings.mappingFile.isEmpty());
        QCOMPARE(settings.notionBaseUrl, QStringLiteral("https://api.notion.com"));
        QVERIFY(!settings.isConfigured());
        QVERIFY(FirstRunWizard::isNeeded(settings));
        QVERIFY(settings.problems().contains(QStringLiteral("The PostgreSQL URL is empty")));
    }

    void aPasswordTypedInTheUrlIsSplitOff() {
        const auto split = AppSettings::splitUrl(
            QStringLiteral(
                "postgresql://app:%1@db.example.com:6543/shop?sslmode=verify-full&sslrootcert=/etc/ca.pem"
                "&application_name=console")
                .arg(kPassword));
        QVERIFY(split.ok());
        QCOMPARE(split.value().url,
                 QStringLiteral("postgresql://app@db.example.com:6543/shop?application_name=console"));
        QCOMPARE(split.value().password, kPassword);
        QCOMPARE(split.value().sslMode, QStringLiteral("verify-full"));
        QCOMPARE(split.value().sslRootCertificate, QStringLiteral("/etc/ca.pem"));

        AppSettings settings;
        settings.databaseUrl = split.value().url;
        settings.sslMode = split.value().sslMode;
        const auto url = DatabaseUrl::parse(settings.connectionUrl(QStringLiteral("p@ss/word")));
        QVERIFY(url.ok());
        QCOMPARE(url.value().option(QStringLiteral("sslmode")), QStringLiteral("verify-full"));
        QCOMPARE(url.value().user(), QStringLiteral("app"));
        QVERIFY(url.value().toString().contains(QStringLiteral("p%40ss%2Fword")));

        QVERIFY(!AppSettings::splitUrl(QStringLiteral("mysql://x@y/z")).ok());
    }

    void savingPutsTheSecretsInTheKeychainAndNeverInTheFile() {
        SettingsPage page;
        QSignalSpy saved(&page, &SettingsPage::settingsSaved);
        child<QLineEdit>(&page, "databaseUrlLineEdit")
            ->setText(
                QStringLiteral("postgresql://app:%1@127.0.0.1:5432/shop?sslmode=require").arg(kPassword));
        child<QLineEdit>(&page, "notionTokenLineEdit")->setText(kToken);
        QCOMPARE(child<QLineEdit>(&page, "notionTokenLineEdit")->echoMode(), QLineEdit::Password);
        child<QLineEdit>(&page, "mappingFileLineEdit")->setText(QStringLiteral("/srv/pgnotion/mapping.json"));
        QTest::mouseClick(child<QPushButton>(&page, "saveButton"), Qt::LeftButton);
        QVERIFY(saved.wait(kTimeout));

        QCOMPARE(readSecret(SecretStore::kNotionToken).value(), kToken);
        QCOMPARE(readSecret(AppSettings::kPostgresPasswordKey).value(), kPassword);

        const QByteArray file = settingsFileBytes();
        QVERIFY2(file.contains("127.0.0.1"), file.constData()); // the right file was read
        QVERIFY(!file.contains(kToken.toUtf8()));
        QVERIFY(!file.contains(kPassword.toUtf8()));
        QVERIFY(!file.contains("TokenThatMustStay"));
        QVERIFY(!file.contains("Pa55word"));

        const AppSettings loaded = AppSettings::load();
        QCOMPARE(loaded.databaseUrl, QStringLiteral("postgresql://app@127.0.0.1:5432/shop"));
        QCOMPARE(loaded.sslMode, QStringLiteral("require"));
        QCOMPARE(loaded.mappingFile, QStringLiteral("/srv/pgnotion/mapping.json"));
        QCOMPARE(saved.first().first().value<AppSettings>(), loaded);
        QCOMPARE(onKeychain([loaded] { return loaded.connectionUrlWithStoredPassword(); }).value(),
                 QStringLiteral("postgresql://app:%1@127.0.0.1:5432/shop?sslmode=require").arg(kPassword));
        QVERIFY(!FirstRunWizard::isNeeded(loaded));

        // The form forgets the secrets and says where they are; it never reads them back.
        QVERIFY(child<QLineEdit>(&page, "notionTokenLineEdit")->text().isEmpty());
        QCOMPARE(child<QLineEdit>(&page, "databaseUrlLineEdit")->text(), loaded.databaseUrl);
        QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(&page, "tokenStateLabel")->text(),
                                  QStringLiteral("A token is stored in the system keychain"), kTimeout);
        QVERIFY(child<QLineEdit>(&page, "notionTokenLineEdit")
                    ->placeholderText()
                    .contains(QStringLiteral("stored in the system keychain")));

        // Saving again without typing a token keeps the stored one.
        SettingsPage reopened;
        QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(&reopened, "tokenStateLabel")->text(),
                                  QStringLiteral("A token is stored in the system keychain"), kTimeout);
        QVERIFY(child<QLineEdit>(&reopened, "notionTokenLineEdit")->text().isEmpty());
        QSignalSpy savedAgain(&reopened, &SettingsPage::settingsSaved);
        QTest::mouseClick(child<QPushButton>(&reopened, "saveButton"), Qt::LeftButton);
        QVERIFY(savedAgain.wait(kTimeout));
        QCOMPARE(readSecret(SecretStore::kNotionToken).value(), kToken);
    }

    void invalidSettingsAreNotSaved() {
        SettingsPage page;
        QSignalSpy failed(page.model(), &SettingsModel::saveFailed);
        child<QLineEdit>(&page, "databaseUrlLineEdit")
            ->setText(QStringLiteral("postgresql://app@db/shop?sslmod=x"));
        child<QLineEdit>(&page, "notionTokenLineEdit")->setText(kToken);
        QTest::mouseClick(child<QPushButton>(&page, "saveButton"), Qt::LeftButton);
        QCOMPARE(failed.size(), 1);
        QVERIFY2(child<QLabel>(&page, "statusLabel")
                     ->text()
                     .contains(QStringLiteral("unknown parameter \"sslmod\"")),
                 qPrintable(child<QLabel>(&page, "statusLabel")->text()));
        QVERIFY(!readSecret(SecretStore::kNotionToken).ok());
        QVERIFY(!AppSettings::load().isConfigured());
    }

    void testPostgresSaysWhatIsWrong() {
        TestDatabase unmigrated(TestDatabase::Schema::Empty);
        PGNOTION_REQUIRE(unmigrated);
        SettingsPage page;
        auto *url = child<QLineEdit>(&page, "databaseUrlLineEdit");
        child<QComboBox>(&page, "sslModeComboBox")->setCurrentText(QStringLiteral("disable"));

        url->setText(QStringLiteral("postgresql://postgres@127.0.0.1:%1/postgres").arg(closedPort()));
        QString result = runTest(&page, "testPostgresButton", "postgresResultLabel");
        QVERIFY2(result.startsWith(QStringLiteral("Connection refused")), qPrintable(result));

        url->setText(unmigrated.urlString());
        result = runTest(&page, "testPostgresButton", "postgresResultLabel");
        QVERIFY2(result.contains(QStringLiteral("not migrated")), qPrintable(result));
        QVERIFY(result.contains(QStringLiteral("run pgnotion --migrate")));

        TestDatabase db;
        PGNOTION_REQUIRE(db);
        url->setText(db.urlString());
        result = runTest(&page, "testPostgresButton", "postgresResultLabel");
        QVERIFY2(result.startsWith(QStringLiteral("Connected to PostgreSQL")), qPrintable(result));
        QVERIFY(result.contains(QStringLiteral("schema is migrated")));
        if (const QString dir = qEnvironmentVariable("PGNOTION_SCREENSHOT_DIR"); !dir.isEmpty()) {
            page.resize(900, 760);
            QVERIFY(QDir().mkpath(dir));
            QVERIFY(page.grab().save(QDir(dir).filePath(QStringLiteral("settings.png"))));
        }
    }

    // The SSL mode and CA file fields reach libpq: verify-full with the test cluster's CA connects
    // encrypted, a CA file that is not there is named.
    void testPostgresVerifiesTheServerWithTheCaFile() {
        TestDatabase db;
        PGNOTION_REQUIRE(db);
        SettingsPage page;
        QUrl byName(db.urlString());
        byName.setHost(QStringLiteral("localhost"));
        child<QLineEdit>(&page, "databaseUrlLineEdit")->setText(byName.toString());
        child<QComboBox>(&page, "sslModeComboBox")->setCurrentText(QStringLiteral("verify-full"));
        auto *caFile = child<QLineEdit>(&page, "sslRootCertificateLineEdit");
        caFile->setText(qEnvironmentVariable("PGNOTION_TEST_SSL_CA"));
        QString result = runTest(&page, "testPostgresButton", "postgresResultLabel");
        QVERIFY2(result.startsWith(QStringLiteral("Connected to PostgreSQL")) &&
                     result.contains(QStringLiteral("(TLS)")),
                 qPrintable(result));

        caFile->setText(QStringLiteral("/nonexistent/ca.crt"));
        result = runTest(&page, "testPostgresButton", "postgresResultLabel");
        QVERIFY2(result.contains(QStringLiteral("CA file \"/nonexistent/ca.crt\" does not exist")),
                 qPrintable(result));
    }

    void testNotionSaysWhatIsWrong() {
        SettingsPage page;
        auto *baseUrl = child<QLineEdit>(&page, "notionBaseUrlLineEdit");
        baseUrl->setText(QStringLiteral("http://127.0.0.1:%1").arg(closedPort()));
        // No token typed and none stored.
        QString result = runTest(&page, "testNotionButton", "notionResultLabel");
        QVERIFY2(result.startsWith(QStringLiteral("No Notion token")), qPrintable(result));

        // A stored token is used when the field is empty.
        QVERIFY(onKeychain([] { return SecretStore::write(SecretStore::kNotionToken, kToken); }).ok());
        result = runTest(&page, "testNotionButton", "notionResultLabel");
        QVERIFY2(result.startsWith(QStringLiteral("Cannot reach Notion at http://127.0.0.1:")),
                 qPrintable(result));
        QVERIFY(!result.contains(kToken));
    }

    void theWizardRunsWhenNothingIsConfiguredAndSaves() {
        QVERIFY(FirstRunWizard::isNeeded(AppSettings::load()));
        FirstRunWizard wizard;
        QSignalSpy saved(&wizard, &FirstRunWizard::settingsSaved);
        wizard.show();
        QCOMPARE(wizard.currentId(), int(FirstRunWizard::DatabasePageId));

        // Next refuses a missing or malformed URL and says why.
        wizard.next();
        QCOMPARE(wizard.currentId(), int(FirstRunWizard::DatabasePageId));
        QCOMPARE(child<QLabel>(&wizard, "postgresResultLabel")->text(),
                 QStringLiteral("Type the PostgreSQL URL first"));
        auto *url = child<QLineEdit>(&wizard, "databaseUrlLineEdit");
        url->setText(QStringLiteral("http://nope"));
        wizard.next();
        QCOMPARE(wizard.currentId(), int(FirstRunWizard::DatabasePageId));

        const quint16 port = closedPort();
        url->setText(QStringLiteral("postgresql://app:%1@127.0.0.1:%2/shop").arg(kPassword).arg(port));
        const QString tested = runTest(&wizard, "testPostgresButton", "postgresResultLabel");
        QVERIFY2(tested.startsWith(QStringLiteral("Connection refused")), qPrintable(tested));
        wizard.next();
        QCOMPARE(wizard.currentId(), int(FirstRunWizard::NotionPageId));
        child<QLineEdit>(&wizard, "notionTokenLineEdit")->setText(kToken);
        child<QLineEdit>(&wizard, "notionBaseUrlLineEdit")
            ->setText(QStringLiteral("http://127.0.0.1:%1").arg(closedPort()));
        wizard.next();
        QCOMPARE(wizard.currentId(), int(FirstRunWizard::MappingPageId));
        // The mapping test runs both connection tests and shows every problem.
        const QString mapping = runTest(&wizard, "testMappingButton", "mappingResultLabel");
        QVERIFY2(mapping.contains(QStringLiteral("Connection refused")), qPrintable(mapping));
        QVERIFY2(mapping.contains(QStringLiteral("Cannot reach Notion")), qPrintable(mapping));
        wizard.next();
        QCOMPARE(wizard.currentId(), int(FirstRunWizard::SummaryPageId));
        const QString summary = child<QLabel>(&wizard, "summaryLabel")->text();
        QVERIFY2(summary.contains(QStringLiteral("Token: stored in the system keychain")),
                 qPrintable(summary));
        QVERIFY(!summary.contains(kPassword));
        QVERIFY(!summary.contains(kToken));

        if (const QString dir = qEnvironmentVariable("PGNOTION_SCREENSHOT_DIR"); !dir.isEmpty())
            QVERIFY(wizard.grab().save(QDir(dir).filePath(QStringLiteral("first-run-wizard.png"))));

        QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);
        QVERIFY(saved.wait(kTimeout));
        QCOMPARE(wizard.result(), int(QDialog::Accepted));
        QVERIFY(!wizard.isVisible());

        const AppSettings loaded = AppSettings::load();
        QVERIFY(!FirstRunWizard::isNeeded(loaded));
        QCOMPARE(loaded.databaseUrl, QStringLiteral("postgresql://app@127.0.0.1:%1/shop").arg(port));
        QCOMPARE(readSecret(SecretStore::kNotionToken).value(), kToken);
        QCOMPARE(readSecret(AppSettings::kPostgresPasswordKey).value(), kPassword);
        const QByteArray file = settingsFileBytes();
        QVERIFY(!file.contains(kToken.toUtf8()));
        QVERIFY(!file.contains(kPassword.toUtf8()));
    }
};

QTEST_MAIN(TestSettingsPage)
#include "tst_settingspage.moc"
