#include "settings/AppSettings.h"

#include "db/DatabaseUrl.h"
#include "secrets/SecretStore.h"

#include <QFileInfo>
#include <QSettings>
#include <QUrl>
#include <QUrlQuery>

namespace pgnotion {
namespace {

// The keys of the settings file, in one place: a renamed key would silently lose a user's setting.
const QString kDatabaseUrl = QStringLiteral("database/url");
const QString kSslMode = QStringLiteral("database/sslMode");
const QString kSslRootCertificate = QStringLiteral("database/sslRootCertificate");
const QString kWorkers = QStringLiteral("engine/workers");
const QString kRequestsPerSecond = QStringLiteral("notion/requestsPerSecond");
const QString kMappingFile = QStringLiteral("engine/mappingFile");
const QString kPollingInterval = QStringLiteral("notion/pollingIntervalSeconds");
const QString kNotionBaseUrl = QStringLiteral("notion/baseUrl");

const QString kSslModeOption = QStringLiteral("sslmode");
const QString kSslRootCertOption = QStringLiteral("sslrootcert");

} // namespace

QStringList AppSettings::sslModes() {
    return {QStringLiteral("disable"), QStringLiteral("prefer"), QStringLiteral("require"),
            QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
}

QStringList AppSettings::problems() const {
    QStringList found;
    if (databaseUrl.trimmed().isEmpty())
        found.append(QStringLiteral("The PostgreSQL URL is empty"));
    else if (const auto parsed = DatabaseUrl::parse(connectionUrl({})); !parsed)
        found.append(parsed.error().message);
    if (!sslRootCertificate.isEmpty() && !QFileInfo(sslRootCertificate).isFile())
        found.append(QStringLiteral("The CA file \"%1\" does not exist").arg(sslRootCertificate));
    if (!sslModes().contains(sslMode))
        found.append(QStringLiteral("Unknown SSL mode \"%1\" (expected one of %2)")
                         .arg(sslMode, sslModes().join(QStringLiteral(", "))));
    if (workers < 1 || workers > 64)
        found.append(QStringLiteral("Workers must be between 1 and 64"));
    if (requestsPerSecond <= 0 || requestsPerSecond > 100)
        found.append(QStringLiteral("The Notion rate limit must be above 0 and at most 100 requests/s"));
    if (pollingIntervalSeconds < 5 || pollingIntervalSeconds > 86400)
        found.append(QStringLiteral("The polling interval must be between 5 s and 1 day"));
    const QUrl notion(notionBaseUrl);
    if (!notion.isValid() ||
        (notion.scheme() != QLatin1String("https") && notion.scheme() != QLatin1String("http")))
        found.append(QStringLiteral("The Notion URL must be an http(s) URL"));
    return found;
}

AppSettings AppSettings::load() {
    QSettings settings(QStringLiteral("pgnotion"), QStringLiteral("pgnotion"));
    return load(settings);
}

void AppSettings::save() const {
    QSettings settings(QStringLiteral("pgnotion"), QStringLiteral("pgnotion"));
    save(settings);
    settings.sync();
}

AppSettings AppSettings::load(QSettings &settings) {
    const AppSettings defaults;
    AppSettings loaded;
    loaded.databaseUrl = settings.value(kDatabaseUrl).toString();
    loaded.sslMode = settings.value(kSslMode, defaults.sslMode).toString();
    if (!sslModes().contains(loaded.sslMode))
        loaded.sslMode = defaults.sslMode;
    loaded.sslRootCertificate = settings.value(kSslRootCertificate).toString();
    loaded.workers = settings.value(kWorkers, defaults.workers).toInt();
    loaded.requestsPerSecond = settings.value(kRequestsPerSecond, defaults.requestsPerSecond).toDouble();
    loaded.mappingFile = settings.value(kMappingFile).toString();
    loaded.pollingIntervalSeconds = settings.value(kPollingInterval, defaults.pollingIntervalSeconds).toInt();
    loaded.notionBaseUrl = settings.value(kNotionBaseUrl, defaults.notionBaseUrl).toString();
    return loaded;
}

void AppSettings::save(QSettings &settings) const {
    // Whatever the caller put in databaseUrl, a password never reaches the file.
    const auto split = splitUrl(databaseUrl);
    settings.setValue(kDatabaseUrl, split ? split.value().url : QString());
    settings.setValue(kSslMode, sslMode);
    settings.setValue(kSslRootCertificate, sslRootCertificate);
    settings.setValue(kWorkers, workers);
    settings.setValue(kRequestsPerSecond, requestsPerSecond);
    settings.setValue(kMappingFile, mappingFile);
    settings.setValue(kPollingInterval, pollingIntervalSeconds);
    settings.setValue(kNotionBaseUrl, notionBaseUrl);
}

Result<AppSettings::TypedUrl> AppSettings::splitUrl(const QString &typed) {
    const QString trimmed = typed.trimmed();
    if (trimmed.isEmpty())
        return TypedUrl{};
    // DatabaseUrl says precisely what is wrong with a malformed URL.
    if (const auto parsed = DatabaseUrl::parse(trimmed); !parsed)
        return parsed.error();
    QUrl url(trimmed, QUrl::StrictMode);
    TypedUrl result;
    result.password = url.password(QUrl::FullyDecoded);
    url.setPassword({});
    QUrlQuery query(url);
    result.sslMode = query.queryItemValue(kSslModeOption, QUrl::FullyDecoded);
    result.sslRootCertificate = query.queryItemValue(kSslRootCertOption, QUrl::FullyDecoded);
    query.removeAllQueryItems(kSslModeOption);
    query.removeAllQueryItems(kSslRootCertOption);
    url.setQuery(query);
    result.url = url.toString();
    return result;
}

QString AppSettings::connectionUrl(const QString &password) const {
    QUrl url(databaseUrl.trimmed(), QUrl::StrictMode);
    if (!password.isEmpty())
        url.setPassword(password, QUrl::DecodedMode);
    QUrlQuery query(url);
    query.removeAllQueryItems(kSslModeOption);
    query.removeAllQueryItems(kSslRootCertOption);
    // Encoded here and in the result: a CA file's path may hold spaces, '%', '&' or '#'.
    if (!sslMode.isEmpty())
        query.addQueryItem(kSslModeOption, QString::fromLatin1(QUrl::toPercentEncoding(sslMode)));
    if (!sslRootCertificate.isEmpty())
        query.addQueryItem(kSslRootCertOption,
                           QString::fromLatin1(QUrl::toPercentEncoding(sslRootCertificate, "/")));
    url.setQuery(query);
    return url.toString(QUrl::FullyEncoded);
}

Result<void> AppSettings::storeSecrets(const QString &notionToken, const QString &postgresPassword) {
    if (!notionToken.isEmpty()) {
        if (auto stored = SecretStore::write(SecretStore::kNotionToken, notionToken); !stored)
            return stored;
    }
    if (!postgresPassword.isEmpty()) {
        if (auto stored = SecretStore::write(kPostgresPasswordKey, postgresPassword); !stored)
            return stored;
    }
    return {};
}

Result<QString> AppSettings::connectionUrlWithStoredPassword() const {
    auto password = SecretStore::read(kPostgresPasswordKey);
    if (!password) {
        if (password.error().code != QLatin1String("secret_not_found"))
            return password.error();
        return connectionUrl({});
    }
    return connectionUrl(password.value());
}

} // namespace pgnotion
