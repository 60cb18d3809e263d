#pragma once

#include "common/Result.h"
#include "mapping/Mapping.h"
#include "notion/NotionClientOptions.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace pgnotion {

class DatabaseUrl;
class NotionApi;

// What a "Test connection" found: each problem one line saying what is wrong and what to do, and what
// worked, so that an admin sees both.
struct ConnectionReport {
    QStringList problems;
    QStringList passed;

    bool ok() const { return problems.isEmpty(); }
    // The problems first, then what worked; one line each.
    QString text() const;
};

// The checks behind the Settings page's and the first-run wizard's test buttons. Each call waits for the
// network and the database: run it on a pool thread, never on the GUI thread.
class ConnectionTester {
public:
    // Connects (classifying a failure: DNS, refused, timeout, authentication, TLS, missing database),
    // then checks that the pgnotion schema is migrated and that the mapping's tables and columns exist.
    // `mappingFile` empty: the mapping shipped with pgnotion.
    static ConnectionReport testPostgres(const QString &connectionUrl, const QString &mappingFile);
    static ConnectionReport testPostgresWithMapping(const QString &connectionUrl, const Mapping &mapping);
    // Checks the token (users/me), then that every mapped database is shared with the integration and
    // matches the mapping.
    static ConnectionReport testNotion(NotionClientOptions options, const QString &mappingFile);
    static ConnectionReport testNotionWithMapping(NotionClientOptions options, const Mapping &mapping);

    // One clear line for libpq's message about a connection that could not be opened.
    static QString explainConnectionFailure(const QString &libpqMessage, const DatabaseUrl &url);

private:
    static ConnectionReport testPostgresWith(const QString &connectionUrl, const Result<Mapping> &mapping);
    static ConnectionReport testNotionWith(NotionClientOptions options, const Result<Mapping> &mapping);
    static Result<Mapping> loadMapping(const QString &mappingFile);
    static void checkSchema(QSqlDatabase database, const DatabaseUrl &url, ConnectionReport &report);
    static void checkMappedTables(QSqlDatabase database, const Mapping &mapping, ConnectionReport &report);
    static void checkMappedDatabases(NotionApi &api, const QString &integration, const Mapping &mapping,
                                     ConnectionReport &report);
};

} // namespace pgnotion
