#pragma once

#include <QString>

namespace pgnotion {

class DatabaseUrl;

// libpq's words for a connection that could not be opened, turned into one line that says what failed
// and what to do: DNS, refused, timeout, TLS (no TLS on the server, TLS required by the server, a CA file
// that is missing or unreadable, a certificate not signed by that CA, a certificate for another host name,
// a client key others can read), authentication, a missing database. Never shows the password.
class ConnectionFailure {
public:
    // The explanation, or an empty string when the message is none of the known causes.
    static QString cause(const QString &libpqMessage, const DatabaseUrl &url);
    // The explanation, or the URL (redacted) with libpq's message on one line.
    static QString explain(const QString &libpqMessage, const DatabaseUrl &url);

private:
    static QString tlsCause(const QString &message, const DatabaseUrl &url);
};

} // namespace pgnotion
