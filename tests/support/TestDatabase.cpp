#include "TestDatabase.h"

#include "db/Migrator.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>

namespace pgnotion::test {
namespace {
QAtomicInteger<int> s_counter;

bool runOn(const DatabaseUrl &url, const QString &sql, QString &error) {
    DatabaseConnection admin(url, QStringLiteral("test-admin"));
    if (auto opened = admin.open(); !opened) {
        error = opened.error().message;
        return false;
    }
    if (auto done = admin.execute(sql); !done) {
        error = done.error().message;
        return false;
    }
    return true;
}
} // namespace

TestDatabase::TestDatabase(Schema schema) {
    const QString serverUrl = qEnvironmentVariable("PGNOTION_TEST_DATABASE_URL");
    if (serverUrl.isEmpty()) {
        m_error =
            QStringLiteral("PGNOTION_TEST_DATABASE_URL is not set: run the tests through the README's test "
                           "command (tests/with-postgres.sh starts a throwaway PostgreSQL)");
        return;
    }
    auto parsed = DatabaseUrl::parse(serverUrl);
    if (!parsed) {
        m_error = parsed.error().message;
        return;
    }
    m_serverUrl = std::make_unique<DatabaseUrl>(parsed.value());
    m_name = QStringLiteral("t_%1_%2_%3")
                 .arg(QCoreApplication::applicationPid())
                 .arg(s_counter.fetchAndAddRelaxed(1))
                 .arg(QRandomGenerator::global()->bounded(1000000));
    if (!runOn(*m_serverUrl, QStringLiteral("CREATE DATABASE %1").arg(m_name), m_error))
        return;
    m_url = std::make_unique<DatabaseUrl>(m_serverUrl->withDatabase(m_name));
    m_connection = std::make_unique<DatabaseConnection>(*m_url, QStringLiteral("test"));
    if (auto opened = m_connection->open(); !opened) {
        m_error = opened.error().message;
        return;
    }
    if (schema != Schema::Empty) {
        auto migrated = Migrator(database()).applyBundled(schema == Schema::Engine);
        if (!migrated)
            m_error = migrated.error().message;
    }
}

TestDatabase::~TestDatabase() {
    m_connection.reset();
    if (m_url) {
        QString ignored;
        runOn(*m_serverUrl, QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_name), ignored);
    }
}

bool TestDatabase::exec(const QString &sql) const {
    QSqlQuery query(database());
    if (!query.exec(sql)) {
        qWarning("SQL failed: %s\n  %s", qPrintable(sql), qPrintable(query.lastError().text()));
        return false;
    }
    return true;
}

QVariant TestDatabase::scalar(const QString &sql) const {
    QSqlQuery query(database());
    if (!query.exec(sql) || !query.next()) {
        qWarning("SQL failed: %s\n  %s", qPrintable(sql), qPrintable(query.lastError().text()));
        return {};
    }
    return query.value(0);
}

} // namespace pgnotion::test
