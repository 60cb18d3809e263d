#include "db/DatabaseUrl.h"

#include <QRegularExpression>
#include <QSqlDatabase>
#include <QUrl>
#include <QUrlQuery>

namespace pgnotion {
namespace {

// libpq options that make sense in a URL. Unknown keys are rejected so that a typo ("sslmod") is an
// error rather than a silently unencrypted connection.
const QStringList kKnownOptions = {
    QStringLiteral("sslmode"),
    QStringLiteral("sslrootcert"),
    QStringLiteral("sslcert"),
    QStringLiteral("sslkey"),
    QStringLiteral("application_name"),
    QStringLiteral("connect_timeout"),
    QStringLiteral("options"),
    QStringLiteral("target_session_attrs"),
    QStringLiteral("keepalives"),
    QStringLiteral("keepalives_idle"),
    QStringLiteral("host"),
    QStringLiteral("hostaddr"),
    QStringLiteral("sslcrl"),
    QStringLiteral("channel_binding"),
    QStringLiteral("gssencmode"),
    QStringLiteral("tcp_user_timeout"),
};

const QStringList kSslModes = {
    QStringLiteral("disable"), QStringLiteral("allow"),     QStringLiteral("prefer"),
    QStringLiteral("require"), QStringLiteral("verify-ca"), QStringLiteral("verify-full"),
};

// A libpq connection-string value: quoted when it holds spaces, quotes or backslashes (a CA file under
// "Application Support", options="-c a=1 -c b=2").
QString conninfoValue(const QString &value) {
    static const QRegularExpression needsQuotes(QStringLiteral("[\\s'\\\\]"));
    if (!value.contains(needsQuotes))
        return value;
    QString escaped = value;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
        .replace(QLatin1Char('\''), QStringLiteral("\\'"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

Error badUrl(const QString &why) {
    return Error{QStringLiteral("Invalid PostgreSQL URL: %1").arg(why), QStringLiteral("bad_url")};
}

} // namespace

Result<DatabaseUrl> DatabaseUrl::parse(const QString &text) {
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid())
        return badUrl(
            QStringLiteral("it cannot be parsed (expected postgresql://user:password@host:port/db)"));
    if (url.scheme() != QLatin1String("postgresql") && url.scheme() != QLatin1String("postgres"))
        return badUrl(QStringLiteral("the scheme must be postgresql:// (got \"%1\")").arg(url.scheme()));

    DatabaseUrl result;
    result.m_host = url.host(QUrl::FullyDecoded);
    result.m_port = url.port(5432);
    result.m_user = url.userName(QUrl::FullyDecoded);
    result.m_password = url.password(QUrl::FullyDecoded);
    result.m_database = url.path(QUrl::FullyDecoded).mid(1);
    if (result.m_database.contains(QLatin1Char('/')))
        return badUrl(QStringLiteral("the path must be a single database name"));

    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (!kKnownOptions.contains(key))
            return badUrl(QStringLiteral("unknown parameter \"%1\"").arg(key));
        // QPSQL turns every ';' of its options into a space, quoted or not.
        if (value.isEmpty() || value.contains(QLatin1Char(';')))
            return badUrl(
                QStringLiteral("parameter \"%1\" must be a non-empty value without semicolons").arg(key));
        if (key == QLatin1String("sslmode") && !kSslModes.contains(value))
            return badUrl(QStringLiteral("sslmode \"%1\" is not one of %2")
                              .arg(value, kSslModes.join(QStringLiteral(", "))));
        if (key == QLatin1String("host"))
            result.m_host = value; // a Unix socket directory
        else
            result.m_options.append({key, value});
    }
    if (result.m_host.isEmpty())
        return badUrl(QStringLiteral("the host is missing"));
    if (result.option(QStringLiteral("application_name")).isEmpty())
        result.m_options.append({QStringLiteral("application_name"), QStringLiteral("pgnotion")});
    if (result.option(QStringLiteral("connect_timeout")).isEmpty())
        result.m_options.append({QStringLiteral("connect_timeout"), QStringLiteral("10")});
    return result;
}

QString DatabaseUrl::option(const QString &key) const {
    for (const auto &[k, v] : m_options) {
        if (k == key)
            return v;
    }
    return {};
}

void DatabaseUrl::applyTo(QSqlDatabase &database) const {
    database.setHostName(m_host);
    database.setPort(m_port);
    database.setUserName(m_user);
    database.setPassword(m_password);
    database.setDatabaseName(m_database);
    QStringList options;
    for (const auto &[key, value] : m_options)
        options.append(key + QLatin1Char('=') + conninfoValue(value));
    database.setConnectOptions(options.join(QLatin1Char(';')));
}

DatabaseUrl DatabaseUrl::withDatabase(const QString &database) const {
    DatabaseUrl copy = *this;
    copy.m_database = database;
    return copy;
}

static QString format(const DatabaseUrl &url, const QString &user, const QString &password,
                      const QList<QPair<QString, QString>> &options) {
    QUrl out;
    out.setScheme(QStringLiteral("postgresql"));
    const bool socketDir = url.host().startsWith(QLatin1Char('/'));
    if (!socketDir)
        out.setHost(url.host());
    out.setPort(url.port());
    out.setUserName(user);
    out.setPassword(password);
    out.setPath(QLatin1Char('/') + url.database());
    QUrlQuery query;
    if (socketDir)
        query.addQueryItem(QStringLiteral("host"), url.host());
    for (const auto &[key, value] : options)
        query.addQueryItem(key, value);
    out.setQuery(query);
    return out.toString();
}

QString DatabaseUrl::redacted() const {
    return format(*this, m_user, m_password.isEmpty() ? QString() : QStringLiteral("***"), m_options);
}

QString DatabaseUrl::toString() const {
    return format(*this, m_user, m_password, m_options);
}

} // namespace pgnotion
