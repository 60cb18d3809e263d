#include "db/StatementCache.h"

namespace pgnotion {

StatementCache::StatementCache(QSqlDatabase database)
    : m_database(std::move(database)) {}

QSqlQuery &StatementCache::prepared(const QString &sql) {
    if (auto found = m_queries.constFind(sql); found != m_queries.constEnd()) {
        found.value()->finish();
        return *found.value();
    }
    auto query = std::make_shared<QSqlQuery>(m_database);
    query->setForwardOnly(true);
    if (!query->prepare(sql)) {
        m_failed = query;
        return *m_failed;
    }
    m_queries.insert(sql, query);
    return *query;
}

} // namespace pgnotion
