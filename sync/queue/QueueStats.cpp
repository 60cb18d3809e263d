#include "queue/QueueStats.h"

#include "db/DatabaseConnection.h"

#include <QSqlQuery>

namespace pgnotion {

Result<QList<QueueCount>> QueueStats::countsByType(QSqlDatabase database) {
    QSqlQuery query(database);
    if (!query.exec(QStringLiteral("SELECT resource_type, count(*) FILTER (WHERE status = 'pending'), "
                                   "count(*) FILTER (WHERE status = 'running'), "
                                   "count(*) FILTER (WHERE status = 'retrying'), "
                                   "count(*) FILTER (WHERE status = 'dead') "
                                   "FROM pgnotion.sync_queue "
                                   "WHERE status IN ('pending', 'running', 'retrying', 'dead') "
                                   "GROUP BY resource_type ORDER BY resource_type")))
        return sqlError(query, QStringLiteral("Counting queued jobs"));
    QList<QueueCount> counts;
    while (query.next()) {
        counts.append({query.value(0).toString(), query.value(1).toInt(), query.value(2).toInt(),
                       query.value(3).toInt(), query.value(4).toInt()});
    }
    return counts;
}

} // namespace pgnotion
