#pragma once

#include "db/DatabaseConnection.h"
#include "db/DatabaseUrl.h"

#include <QSqlDatabase>
#include <QString>
#include <QVariant>

#include <memory>

namespace pgnotion::test {

// A fresh database on the test cluster (PGNOTION_TEST_DATABASE_URL), dropped when this goes: every test
// function gets its own, so tests never depend on order. Without a reachable server the test fails.
class TestDatabase {
public:
    enum class Schema { Empty, Engine, EngineAndDomain };

    explicit TestDatabase(Schema schema = Schema::EngineAndDomain);
    ~TestDatabase();
    TestDatabase(const TestDatabase &) = delete;
    TestDatabase &operator=(const TestDatabase &) = delete;

    bool isReady() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }

    const DatabaseUrl &url() const { return *m_url; }
    QString urlString() const { return m_url->toString(); }
    // A connection owned by the thread that created this object.
    QSqlDatabase database() const { return m_connection->database(); }

    // Runs a statement; on error the test fails with the statement and the server's message.
    bool exec(const QString &sql) const;
    // The first column of the first row, or an invalid QVariant (and a warning) on error.
    QVariant scalar(const QString &sql) const;

private:
    QString m_name;
    std::unique_ptr<DatabaseUrl> m_serverUrl;
    std::unique_ptr<DatabaseUrl> m_url;
    std::unique_ptr<DatabaseConnection> m_connection;
    QString m_error;
};

} // namespace pgnotion::test

// Fails the test (never skips it) when the database could not be prepared.
#define PGNOTION_REQUIRE(db)                                                                                 \
    do {                                                                                                     \
        if (!(db).isReady())                                                                                 \
            QFAIL(qPrintable((db).error()));                                                                 \
    } while (false)
