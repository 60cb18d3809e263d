#include "db/DatabaseConnection.h"

#include "db/ConnectionFailure.h"

#include <QAtomicInteger>
#include <QSqlError>
#include <QSqlQuery>

namespace pgnotion {
namespace {
QAtomicInteger<quint64> s_connectionCounter;
}

DatabaseConnection::DatabaseConnection(DatabaseUrl url, const QString &purpose)
    : m_url(std::move(url))
    , m_name(QStringLiteral("pgnotion-%1-%2").arg(purpose).arg(s_connectionCounter.fetchAndAddRelaxed(1))) {
    m_database = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_name);
    m_url.applyTo(m_database);
}

DatabaseConnection::~DatabaseConnection() {
    m_database.close();
    m_database = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

Result<void> DatabaseConnection::open() {
    if (!m_database.isValid())
        return Error{
            QStringLiteral("The Qt PostgreSQL driver (QPSQL) is not available: install libqt6sql6-psql"),
            QStringLiteral("driver_missing")};
    if (m_database.isOpen())
        return {};
    if (!m_database.open()) {
        // libpq's own words when no clearer line is known (they may span lines: "Either provide...").
        const QString libpq = m_database.lastError().databaseText();
        QString cause = ConnectionFailure::cause(libpq, m_url);
        if (cause.isEmpty())
            cause = m_database.lastError().text().simplified();
        return Error{QStringLiteral("Cannot connect to PostgreSQL at %1: %2").arg(m_url.redacted(), cause),
                     QStringLiteral("connection_failed")};
    }
    return {};
}

bool DatabaseConnection::isOpen() const {
    return m_database.isOpen();
}

Result<void> DatabaseConnection::execute(const QString &sql) {
    QSqlQuery query(m_database);
    if (!query.exec(sql))
        return sqlError(query, sql.left(60));
    return {};
}

Error sqlError(const QSqlQuery &query, const QString &what) {
    const QSqlError error = query.lastError();
    QString message = error.databaseText().trimmed();
    if (message.isEmpty())
        message = error.text().trimmed();
    return Error{QStringLiteral("%1 failed: %2").arg(what, message), error.nativeErrorCode()};
}

} // namespace pgnotion
