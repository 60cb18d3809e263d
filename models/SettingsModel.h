#pragma once

#include "PoolTask.h"
#include "settings/AppSettings.h"
#include "settings/ConnectionTester.h"

#include <QFuture>
#include <QObject>
#include <QPromise>
#include <QString>
#include <QThreadPool>

#include <memory>

namespace pgnotion {

// The Settings page's and the first-run wizard's link to the settings file, the keychain and the
// connection tests. The file is read and written here on the calling (GUI) thread; keychain calls run on
// keychainThread(), database and network calls on the global pool, each result returning through a
// watcher this object owns (gone with it: a late result is dropped). One operation of each kind at a time.
class SettingsModel : public QObject {
    Q_OBJECT
public:
    explicit SettingsModel(QObject *parent = nullptr);

    // The settings file as it is now; then secretsChecked() says which secrets the keychain holds.
    AppSettings load();
    void checkStoredSecrets();
    // Splits a password off the URL, stores the secrets (an empty one stays as stored), then writes the
    // file: saved() or saveFailed(). `settings.databaseUrl` may hold a password as typed; the file never.
    void save(const AppSettings &settings, const QString &notionToken, const QString &postgresPassword);
    // The tests run with what is typed; an empty password or token means the stored one.
    void testPostgres(const AppSettings &settings, const QString &postgresPassword);
    void testNotion(const AppSettings &settings, const QString &notionToken);

    bool isSaving() const { return m_saving; }
    bool isTestingPostgres() const { return m_testingPostgres; }
    bool isTestingNotion() const { return m_testingNotion; }

    // The settings with the URL's password split off and its sslmode / sslrootcert moved to their fields;
    // `password` gets the URL's password unless one was given. Fails on a malformed URL.
    static Result<AppSettings> withoutPassword(AppSettings settings, QString &password);

    // QtKeychain queues its jobs through one executor object that lives in the thread of the process's
    // first job: jobs started from several threads crashed it (a finished job's event delivered to that
    // thread after the job was gone, in libqt6keychain 0.13 with libsecret). So every keychain call of
    // the dashboard (SecretStore, AppSettings::storeSecrets, connectionUrlWithStoredPassword) runs on
    // this single, never-expiring thread; the GUI thread never waits for it.
    static QThreadPool &keychainThread();
    template <typename T, typename Work>
    static QFuture<T> runOnKeychainThread(Work work) {
        return runInPool<T>(keychainThread(), std::move(work));
    }

Q_SIGNALS:
    // `keychainError`: why the keychain could not be asked (empty when it answered).
    void secretsChecked(bool notionTokenStored, bool postgresPasswordStored, const QString &keychainError);
    void saved(const pgnotion::AppSettings &settings);
    void saveFailed(const QString &message);
    void postgresTested(const pgnotion::ConnectionReport &report);
    void notionTested(const pgnotion::ConnectionReport &report);

private:
    bool m_saving = false;
    bool m_testingPostgres = false;
    bool m_testingNotion = false;
};

} // namespace pgnotion
