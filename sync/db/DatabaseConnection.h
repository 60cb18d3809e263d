#pragma once

#include "common/Result.h"
#include "db/DatabaseUrl.h"

#include <QSqlDatabase>
#include <QString>

class QSqlQuery;

namespace pgnotion {

// One QPSQL connection owned by one thread: opened by the thread that uses it, closed and removed from
// Qt's registry when it goes. Qt forbids using a connection from two threads; each worker owns one.
class DatabaseConnection {
public:
    // `purpose` names the connection in logs and pg_stat_activity ("worker-3", "listener").
    DatabaseConnection(DatabaseUrl url, const QString &purpose);
    ~DatabaseConnection();
    DatabaseConnection(const DatabaseConnection &) = delete;
    DatabaseConnection &operator=(const DatabaseConnection &) = delete;

    Result<void> open();
    bool isOpen() const;
    QSqlDatabase database() const { return m_database; }
    QString name() const { return m_name; }
    const DatabaseUrl &url() const { return m_url; }

    // Runs one statement without parameters (DDL, BEGIN/COMMIT); a clear error when it fails.
    Result<void> execute(const QString &sql);

private:
    DatabaseUrl m_url;
    QString m_name;
    QSqlDatabase m_database;
};

// Opens a connection of its own for one unit of work on the calling thread (a dashboard query on a pool
// thread), runs `work` on it and closes it: the connection lives and dies in one thread, as Qt requires.
// `work` takes a QSqlDatabase and returns a Result; a bad URL or an unreachable server is that Result's
// error.
template <typename Work>
auto withConnection(const QString &url, const QString &purpose, Work work) -> decltype(work(QSqlDatabase())) {
    const auto parsed = DatabaseUrl::parse(url);
    if (!parsed)
        return parsed.error();
    DatabaseConnection connection(parsed.value(), purpose);
    if (auto opened = connection.open(); !opened)
        return opened.error();
    return work(connection.database());
}

// The error of a failed query, with its SQLSTATE as the code and the statement's purpose in the message.
Error sqlError(const QSqlQuery &query, const QString &what);

} // namespace pgnotion
