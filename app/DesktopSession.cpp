#include "DesktopSession.h"

#include "BackgroundMigration.h"
#include "FirstRunWizard.h"
#include "MainWindow.h"
#include "SettingsModel.h"
#include "SettingsPage.h"
#include "mapping/MappingLoader.h"
#include "secrets/SecretStore.h"

#include <QFutureWatcher>

namespace pgnotion {
namespace {

struct Connection {
    Result<QString> url = Error{};
    QString notionToken; // empty: none stored (the dashboard still works)
};

} // namespace

DesktopSession::DesktopSession(MainWindow &window, QObject *parent)
    : QObject(parent)
    , m_window(window) {
    // Later edits apply to the next start: the pages and the engine keep their connection meanwhile.
    connect(window.settingsPage(), &SettingsPage::settingsSaved, this, [this](const AppSettings &settings) {
        if (!m_applied) {
            apply(settings);
            return;
        }
        if (!(settings == m_settings))
            m_window.showStatus(tr("Settings saved: restart pgnotion to connect with them"));
    });
}

void DesktopSession::start() {
    const AppSettings settings = AppSettings::load();
    if (FirstRunWizard::isNeeded(settings)) {
        m_window.showStatus(tr("Welcome: connect pgnotion to PostgreSQL and Notion"));
        auto *wizard = new FirstRunWizard(settings, &m_window);
        wizard->setAttribute(Qt::WA_DeleteOnClose);
        connect(wizard, &FirstRunWizard::settingsSaved, this, &DesktopSession::apply);
        wizard->open();
        return;
    }
    apply(settings);
}

void DesktopSession::apply(const AppSettings &settings) {
    m_applied = true;
    m_settings = settings;
    auto mapping = settings.mappingFile.isEmpty() ? MappingLoader::defaultMapping()
                                                  : MappingLoader::fromFile(settings.mappingFile);
    if (mapping)
        m_window.setMapping(mapping.value());
    else
        m_window.showStatus(mapping.error().message);

    m_window.showStatus(tr("Reading the keychain..."));
    auto *watcher = new QFutureWatcher<Connection>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        const Connection connection = watcher->result();
        watcher->deleteLater();
        if (!connection.url) {
            m_window.showStatus(tr("Cannot connect: %1").arg(connection.url.error().message));
            return;
        }
        connectTo(connection.url.value(), connection.notionToken);
    });
    watcher->setFuture(SettingsModel::runOnKeychainThread<Connection>([settings] {
        Connection connection;
        connection.url = settings.connectionUrlWithStoredPassword();
        if (auto token = SecretStore::notionToken(); token)
            connection.notionToken = token.value();
        return connection;
    }));
}

void DesktopSession::connectTo(const QString &url, const QString &notionToken) {
    m_window.showStatus(tr("Preparing the database..."));
    auto *migration = new QFutureWatcher<Result<MigrationReport>>(this);
    connect(migration, &QFutureWatcherBase::finished, this, [this, migration, url, notionToken] {
        const auto report = migration->result();
        migration->deleteLater();
        if (!report) {
            m_window.showStatus(tr("Database not ready: %1").arg(report.error().message));
            return;
        }
        m_window.showStatus(tr("Database ready"));
        m_window.connectToDatabase(url);
        startEngine(url, notionToken);
    });
    // The engine's schema only: a saved database is the user's own, and its tables are theirs.
    migration->setFuture(migrateInBackground(url, true));
}

void DesktopSession::startEngine(const QString &url, const QString &notionToken) {
    if (notionToken.isEmpty()) {
        m_window.showStatus(tr("Watching the queue. No Notion token here: this app runs no engine of its "
                               "own (store one in Settings to run one)"));
        return;
    }
    connect(&m_engine, &DesktopEngine::started, this, [this](WorkerPool *pool, const QString &integration) {
        m_window.attachEngine(pool);
        m_window.setNotion(m_engine.notion());
        m_window.showStatus(
            tr("Engine running: %1 workers syncing as \"%2\"").arg(m_settings.workers).arg(integration));
    });
    connect(&m_engine, &DesktopEngine::failed, this, [this](const QString &message) {
        m_window.showStatus(tr("Engine not started: %1").arg(message));
    });
    DesktopEngineConfig config;
    config.databaseUrl = url;
    config.notionToken = notionToken;
    config.mappingFile = m_settings.mappingFile;
    config.notionBaseUrl = QUrl(m_settings.notionBaseUrl);
    config.workers = m_settings.workers;
    config.requestsPerSecond = m_settings.requestsPerSecond;
    config.pollingIntervalSeconds = m_settings.pollingIntervalSeconds;
    m_engine.start(config);
}

} // namespace pgnotion
