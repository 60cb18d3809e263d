#pragma once

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <memory>

namespace pgnotion {

// Prepared statements kept for the life of a connection. QPSQL sends PREPARE on every prepare() and
// DEALLOCATE when the query object goes: three round trips per statement instead of one. Hot paths
// (claim, complete) prepare once and execute many times.
class StatementCache {
public:
    explicit StatementCache(QSqlDatabase database);

    // The query for `sql`, prepared on first use, ready for addBindValue() and exec(). A statement that
    // failed to prepare is not kept: its exec() reports the error, and the next call prepares again.
    QSqlQuery &prepared(const QString &sql);
    QSqlDatabase database() const { return m_database; }

private:
    QSqlDatabase m_database;
    QHash<QString, std::shared_ptr<QSqlQuery>> m_queries;
    std::shared_ptr<QSqlQuery> m_failed;
};

} // namespace pgnotion
