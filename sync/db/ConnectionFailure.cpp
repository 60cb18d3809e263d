#include "db/ConnectionFailure.h"

#include "db/DatabaseUrl.h"

#include <QRegularExpression>

namespace pgnotion {
namespace {

bool mentions(const QString &text, const char *needle) {
    return text.contains(QLatin1String(needle), Qt::CaseInsensitive);
}

// The first "quoted" name after `after` in libpq's message (a file or a host name).
QString quotedAfter(const QString &message, const QString &after) {
    const QRegularExpression pattern(QRegularExpression::escape(after) + QStringLiteral("\\s*\"([^\"]*)\""),
                                     QRegularExpression::CaseInsensitiveOption);
    return pattern.match(message).captured(1);
}

QString sslModeOf(const DatabaseUrl &url) {
    const QString mode = url.option(QStringLiteral("sslmode"));
    return mode.isEmpty() ? QStringLiteral("prefer") : mode;
}

QString caFile(const DatabaseUrl &url) {
    return url.option(QStringLiteral("sslrootcert"));
}

const QString kInsteadRequire =
    QStringLiteral("or use SSL mode \"require\" (encrypted, but the server is then not checked)");

} // namespace

QString ConnectionFailure::tlsCause(const QString &message, const DatabaseUrl &url) {
    const QString where = QStringLiteral("%1:%2").arg(url.host()).arg(url.port());
    const QString mode = sslModeOf(url);
    if (mentions(message, "server does not support ssl"))
        return QStringLiteral(
                   "TLS unsupported: the server at %1 does not offer SSL, but the SSL mode \"%2\" "
                   "requires it (enable SSL on the server; only on a trusted network, SSL mode \"prefer\" "
                   "connects without it)")
            .arg(where, mode);
    // A pg_hba.conf that only has hostssl lines for this user, or a "hostnossl ... reject" line.
    if ((mentions(message, "no pg_hba.conf entry") || mentions(message, "pg_hba.conf rejects connection")) &&
        (mentions(message, "no encryption") || mentions(message, "ssl off")))
        return QStringLiteral(
                   "TLS required: the server at %1 refuses unencrypted connections for user \"%2\" "
                   "(set the SSL mode to \"require\", or \"verify-full\" with the server's CA file)")
            .arg(where, url.user());
    if (mentions(message, "root certificate file") && mentions(message, "does not exist"))
        return QStringLiteral(
                   "TLS: the CA file \"%1\"%2 does not exist, and SSL mode \"%3\" checks the "
                   "server's certificate against it: set the CA file (sslrootcert) to the server's "
                   "CA certificate, %4")
            .arg(quotedAfter(message, QStringLiteral("root certificate file")),
                 caFile(url).isEmpty() ? QStringLiteral(" (libpq's default: no CA file is set)") : QString(),
                 mode, kInsteadRequire);
    if (mentions(message, "could not read root certificate file"))
        return QStringLiteral("TLS: the CA file \"%1\" cannot be read or holds no PEM certificate (%2): "
                              "download the server's CA certificate again")
            .arg(quotedAfter(message, QStringLiteral("root certificate file")),
                 message.section(QLatin1Char(':'), -1).trimmed());
    if (mentions(message, "certificate verify failed"))
        return QStringLiteral("TLS verification failed: the certificate of the server at %1 is not signed "
                              "by the CA in %2 (SSL mode \"%3\"): set the CA file to the server's CA "
                              "certificate, %4")
            .arg(where,
                 caFile(url).isEmpty() ? QStringLiteral("libpq's default file ~/.postgresql/root.crt")
                                       : QStringLiteral("\"%1\"").arg(caFile(url)),
                 mode, kInsteadRequire);
    if (mentions(message, "does not match host name")) {
        static const QRegularExpression names(QStringLiteral("certificate for (\"[^\"]*\"(?: \\(and \\d+ "
                                                             "others? names?\\))?) does not match host name"),
                                              QRegularExpression::CaseInsensitiveOption);
        const QString certified = names.match(message).captured(1);
        return QStringLiteral("TLS verification failed: the server's certificate is for %1, not for the "
                              "host \"%2\" in the URL (SSL mode \"%3\"): connect by a name the certificate "
                              "covers, or use SSL mode \"verify-ca\"")
            .arg(certified.isEmpty() ? QStringLiteral("another name") : certified, url.host(), mode);
    }
    if (mentions(message, "private key file") && mentions(message, "group or world access"))
        return QStringLiteral("TLS: the client key \"%1\" can be read by other users: chmod 600 it")
            .arg(quotedAfter(message, QStringLiteral("private key file")));
    if (mentions(message, "certificate") || mentions(message, "ssl error") ||
        mentions(message, "ssl syscall"))
        return QStringLiteral("TLS failed with the server at %1 (SSL mode \"%2\"): %3")
            .arg(where, mode, message.simplified());
    return {};
}

QString ConnectionFailure::cause(const QString &message, const DatabaseUrl &url) {
    const QString where = QStringLiteral("%1:%2").arg(url.host()).arg(url.port());
    const QString user = url.user().isEmpty() ? QStringLiteral("(none)") : url.user();
    if (mentions(message, "could not translate host name") || mentions(message, "name or service not known"))
        return QStringLiteral("DNS: the host \"%1\" was not found: check the host name").arg(url.host());
    if (mentions(message, "connection refused"))
        return QStringLiteral("Connection refused at %1: no PostgreSQL server listens there (check the host, "
                              "the port and the firewall)")
            .arg(where);
    if (mentions(message, "timeout expired") || mentions(message, "timed out"))
        return QStringLiteral("Connection to %1 timed out: the host does not answer (check the address, the "
                              "firewall or the VPN)")
            .arg(where);
    if (const QString tls = tlsCause(message, url); !tls.isEmpty())
        return tls;
    if (mentions(message, "password authentication failed") || mentions(message, "no password supplied") ||
        mentions(message, "authentication failed"))
        return QStringLiteral("Authentication failed for user \"%1\": check the user name and the password")
            .arg(user);
    if (mentions(message, "role \"") && mentions(message, "does not exist"))
        return QStringLiteral("Authentication failed: the user \"%1\" does not exist on the server")
            .arg(user);
    if (mentions(message, "no pg_hba.conf entry") || mentions(message, "pg_hba.conf rejects connection"))
        return QStringLiteral("Authentication failed: the server does not let user \"%1\" connect to \"%2\" "
                              "from this host (pg_hba.conf)")
            .arg(user, url.database());
    if (mentions(message, "database \"") && mentions(message, "does not exist"))
        return QStringLiteral(
                   "The database \"%1\" does not exist on %2: create it, or fix the name in the URL")
            .arg(url.database(), where);
    return {};
}

QString ConnectionFailure::explain(const QString &message, const DatabaseUrl &url) {
    const QString known = cause(message, url);
    return known.isEmpty()
               ? QStringLiteral("Cannot connect to %1: %2").arg(url.redacted(), message.simplified())
               : known;
}

} // namespace pgnotion
