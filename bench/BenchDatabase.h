#pragma once

#include "db/DatabaseConnection.h"
#include "db/DatabaseUrl.h"

#include <QTextStream>

#include <memory>
#include <optional>

namespace pgnotion::bench {

// A migrated database of the bench's own on the given server, dropped when this goes: a bench writes
// thousands of rows and must never touch real data.
class BenchDatabase {
public:
    // `suite` names it (pgnotion_bench_<suite>_<pid>). Null and a message on `err` when it cannot be made.
    static std::unique_ptr<BenchDatabase> create(const DatabaseUrl &server, const QString &suite,
                                                 QTextStream &err);
    ~BenchDatabase();
    BenchDatabase(const BenchDatabase &) = delete;
    BenchDatabase &operator=(const BenchDatabase &) = delete;

    const DatabaseUrl &url() const { return m_url; }
    // A connection of the creating thread.
    QSqlDatabase database() const { return m_connection->database(); }

private:
    BenchDatabase(DatabaseUrl server, DatabaseUrl url, QString name);

    DatabaseUrl m_server;
    DatabaseUrl m_url;
    QString m_name;
    std::unique_ptr<DatabaseConnection> m_connection;
};

} // namespace pgnotion::bench
