#include "SettingsModel.h"

#include "secrets/SecretStore.h"

#include <QFutureWatcher>
#include <QPromise>
#include <QThreadPool>

#include <memory>

namespace pgnotion {
namespace {

// Runs `work` on the global pool (QtCore alone: this library does not link QtConcurrent). For database
// and network work; keychain work goes to SettingsModel::keychainThread().
template <typename T, typename Work>
QFuture<T> runOnPool(Work work) {
    auto promise = std::make_shared<QPromise<T>>();
    QFuture<T> future = promise->future();
    promise->start();
    QThreadPool::globalInstance()->start([promise, work = std::move(work)]() mutable {
        promise->addResult(work());
        promise->finish();
    });
    return future;
}

// Delivers the future's result to `done` on the owner's thread, unless the owner is gone by then.
template <typename T, typename Done>
void whenReady(QObject *owner, QFuture<T> future, Done done) {
    auto *watcher = new QFutureWatcher<T>(owner);
    QObject::connect(watcher, &QFutureWatcherBase::finished, owner, [watcher, done] {
        const T result = watcher->result();
        watcher->deleteLater();
        done(result);
    });
    watcher->setFuture(future);
}

struct StoredSecrets {
    bool token = false;
    bool password = false;
    QString error; // the keychain could not be asked
};

// Whether the keychain holds a non-empty secret under `key`; `error` gets why it could not tell.
bool isStored(const QString &key, QString &error) {
    const auto read = SecretStore::read(key);
    if (!read && read.error().code != QLatin1String("secret_not_found"))
        error = read.error().message;
    return read.ok() && !read.value().isEmpty();
}

} // namespace

QThreadPool &SettingsModel::keychainThread() {
    static QThreadPool pool;
    static const bool configured = [] {
        pool.setMaxThreadCount(1);
        pool.setExpiryTimeout(-1); // the same thread for the life of the process
        return true;
    }();
    Q_UNUSED(configured);
    return pool;
}

SettingsModel::SettingsModel(QObject *parent)
    : QObject(parent) {}

AppSettings SettingsModel::load() {
    return AppSettings::load();
}

void SettingsModel::checkStoredSecrets() {
    whenReady(this, runOnKeychainThread<StoredSecrets>([] {
                  StoredSecrets stored;
                  stored.token = isStored(SecretStore::kNotionToken, stored.error);
                  stored.password = isStored(AppSettings::kPostgresPasswordKey, stored.error);
                  return stored;
              }),
              [this](const StoredSecrets &stored) {
                  Q_EMIT secretsChecked(stored.token, stored.password, stored.error);
              });
}

Result<AppSettings> SettingsModel::withoutPassword(AppSettings settings, QString &password) {
    auto split = AppSettings::splitUrl(settings.databaseUrl);
    if (!split)
        return split.error();
    settings.databaseUrl = split.value().url;
    if (!split.value().sslMode.isEmpty())
        settings.sslMode = split.value().sslMode;
    if (!split.value().sslRootCertificate.isEmpty())
        settings.sslRootCertificate = split.value().sslRootCertificate;
    if (password.isEmpty())
        password = split.value().password;
    return settings;
}

void SettingsModel::save(const AppSettings &typed, const QString &notionToken,
                         const QString &postgresPassword) {
    if (m_saving)
        return;
    QString password = postgresPassword;
    auto split = withoutPassword(typed, password);
    if (!split) {
        Q_EMIT saveFailed(split.error().message);
        return;
    }
    if (const QStringList problems = split.value().problems(); !problems.isEmpty()) {
        Q_EMIT saveFailed(problems.join(QLatin1Char('\n')));
        return;
    }
    m_saving = true;
    const AppSettings settings = split.value();
    // The secrets first: when the keychain fails, the file still describes what was there before.
    whenReady(this, runOnKeychainThread<Result<void>>([notionToken, password] {
                  return AppSettings::storeSecrets(notionToken.trimmed(), password);
              }),
              [this, settings](const Result<void> &stored) {
                  m_saving = false;
                  if (!stored) {
                      Q_EMIT saveFailed(stored.error().message);
                      return;
                  }
                  settings.save();
                  Q_EMIT saved(settings);
              });
}

void SettingsModel::testPostgres(const AppSettings &typed, const QString &postgresPassword) {
    if (m_testingPostgres)
        return;
    QString password = postgresPassword;
    auto split = withoutPassword(typed, password);
    if (!split) {
        Q_EMIT postgresTested(ConnectionReport{{split.error().message}, {}});
        return;
    }
    m_testingPostgres = true;
    const AppSettings settings = split.value();
    auto test = [this, settings](const QString &withPassword) {
        whenReady(this, runOnPool<ConnectionReport>([settings, withPassword] {
                      return ConnectionTester::testPostgres(settings.connectionUrl(withPassword),
                                                            settings.mappingFile);
                  }),
                  [this](const ConnectionReport &report) {
                      m_testingPostgres = false;
                      Q_EMIT postgresTested(report);
                  });
    };
    if (!password.isEmpty()) {
        test(password);
        return;
    }
    whenReady(this, runOnKeychainThread<Result<QString>>([] {
                  return SecretStore::read(AppSettings::kPostgresPasswordKey);
              }),
              [this, test](const Result<QString> &stored) {
                  if (!stored && stored.error().code != QLatin1String("secret_not_found")) {
                      m_testingPostgres = false;
                      Q_EMIT postgresTested(ConnectionReport{{stored.error().message}, {}});
                      return;
                  }
                  test(stored ? stored.value() : QString()); // none stored: try without a password
              });
}

void SettingsModel::testNotion(const AppSettings &settings, const QString &notionToken) {
    if (m_testingNotion)
        return;
    m_testingNotion = true;
    NotionClientOptions options;
    options.baseUrl = QUrl(settings.notionBaseUrl);
    options.requestsPerSecond = settings.requestsPerSecond;
    auto test = [this, options, mappingFile = settings.mappingFile](const QString &token) {
        NotionClientOptions withToken = options;
        withToken.token = token;
        whenReady(this, runOnPool<ConnectionReport>([withToken, mappingFile] {
                      return ConnectionTester::testNotion(withToken, mappingFile);
                  }),
                  [this](const ConnectionReport &report) {
                      m_testingNotion = false;
                      Q_EMIT notionTested(report);
                  });
    };
    if (!notionToken.trimmed().isEmpty()) {
        test(notionToken.trimmed());
        return;
    }
    whenReady(
        this, runOnKeychainThread<Result<QString>>([] { return SecretStore::notionToken(); }),
        [this, test](const Result<QString> &stored) {
            if (stored) {
                test(stored.value());
                return;
            }
            m_testingNotion = false;
            Q_EMIT notionTested(ConnectionReport{
                {stored.error().code == QLatin1String("no_token")
                     ? tr("No Notion token is stored: paste the integration's secret in the token field")
                     : stored.error().message},
                {}});
        });
}

} // namespace pgnotion
