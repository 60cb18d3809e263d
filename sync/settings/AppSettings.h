#pragma once

#include "common/Result.h"

#include <QString>
#include <QStringList>

class QSettings;

namespace pgnotion {

// What an admin configures in the dashboard, as a value. The settings file (QSettings, organisation and
// application "pgnotion") holds only what is not secret: the Postgres password and the Notion token live
// in the system keychain (SecretStore), under kPostgresPasswordKey and SecretStore::kNotionToken.
struct AppSettings {
    static inline const QString kPostgresPasswordKey = QStringLiteral("postgres-password");

    QString databaseUrl;                        // postgresql://user@host:port/db, never with a password
    QString sslMode = QStringLiteral("prefer"); // one of sslModes()
    QString sslRootCertificate;                 // CA file for verify-ca / verify-full; empty = libpq's
                                                // default, ~/.postgresql/root.crt (not the system's store)
    int workers = 4;                            // engine workers in this process
    double requestsPerSecond = 3.0;             // Notion rate limit per integration
    QString mappingFile;                        // empty = the mapping shipped with pgnotion
    int pollingIntervalSeconds = 30;            // how often Notion is polled for edits
    QString notionBaseUrl = QStringLiteral("https://api.notion.com");

    bool operator==(const AppSettings &) const = default;

    static QStringList sslModes();
    // Enough to open the dashboard on a database; the first-run wizard shows until it is.
    bool isConfigured() const { return !databaseUrl.trimmed().isEmpty(); }
    // Checks the ranges and the URL; one line per problem.
    QStringList problems() const;

    // The application's settings file; a test redirects it with QSettings::setPath.
    static AppSettings load();
    void save() const;
    static AppSettings load(QSettings &settings);
    void save(QSettings &settings) const;

    // A URL as typed, taken apart: the URL without its password, and with sslmode / sslrootcert moved
    // to their own fields (they win over sslMode / sslRootCertificate), so the file never holds a secret.
    struct TypedUrl {
        QString url;
        QString password;
        QString sslMode;
        QString sslRootCertificate;
    };
    static Result<TypedUrl> splitUrl(const QString &typed);
    // The URL to connect with: databaseUrl with the password, sslmode and sslrootcert put back.
    QString connectionUrl(const QString &password) const;

    // The secrets, through the keychain. These wait for it: not for the GUI thread. QtKeychain is not
    // thread-safe, so a process makes all its keychain calls from one thread (the dashboard's is
    // SettingsModel::keychainThread()). An empty value leaves the stored one as it is.
    static Result<void> storeSecrets(const QString &notionToken, const QString &postgresPassword);
    // connectionUrl() with the stored password (none stored: no password).
    Result<QString> connectionUrlWithStoredPassword() const;
};

} // namespace pgnotion
