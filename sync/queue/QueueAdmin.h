#pragma once

#include "common/Result.h"
#include "queue/JobFilter.h"

#include <QDateTime>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace pgnotion {

// The admin's side of the queue: retry, discard, resync. Used by the dashboard and the command line.
class QueueAdmin {
public:
    explicit QueueAdmin(QSqlDatabase database);

    // Each returns how many jobs will run (retry, resync) or were discarded.
    Result<int> retry(const QList<qint64> &jobIds);
    Result<int> retryMatching(const JobFilter &filter);
    Result<int> retryAllDead();
    Result<int> discard(const QList<qint64> &jobIds);
    Result<int> discardMatching(const JobFilter &filter);
    // Jobs whose ids match the filter, newest change first.
    Result<QList<qint64>> matching(const JobFilter &filter, int limit = 1000);

    // Resync one resource now (ahead of bulk work), or every row of a table (behind live writes).
    Result<qint64> resync(const QString &resourceType, const QString &resourceId);
    Result<int> resyncAll(const QString &resourceType, const QString &table,
                          const QString &keyColumn = QStringLiteral("id"));

    // Pauses (or resumes) every engine sharing this queue: running jobs finish, nothing new is claimed.
    // `by` names who did it (shown on every dashboard). Returns whether the state changed.
    Result<bool> setPaused(bool paused, const QString &by);

    static constexpr int kResyncOnePriority = 0;
    static constexpr int kResyncAllPriority = 10;

private:
    Result<int> applyToMatching(const QString &function, const JobFilter &filter);

    QSqlDatabase m_database;
};

} // namespace pgnotion
