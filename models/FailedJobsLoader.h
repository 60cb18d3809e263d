#pragma once

#include "common/Result.h"
#include "queue/QueueAdmin.h"

#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace pgnotion {

// One failed (dead or retrying) job as the failed-syncs page shows it.
struct FailedJob {
    qint64 id = 0;
    QString resourceType;
    QString resourceId;
    QString direction;
    QString status;
    int attempts = 0;
    int maxAttempts = 0;
    QString errorCode;
    QString errorMessage;
    QDateTime firstFailureAt; // the oldest entry the queue kept of the error history
    QDateTime lastFailureAt;
    QJsonArray errorHistory; // oldest first, as the queue stores it
    // The row's position in the keyset order, exact to the microsecond (a QDateTime would round to
    // milliseconds and skip or repeat rows between chunks).
    QString updatedAtKey;
};

// Where the next chunk starts: after this row, in the order newest change first.
struct FailedJobsCursor {
    QString updatedAtKey; // empty: from the start
    qint64 id = 0;
};

// Reads failed jobs in chunks with keyset pagination on (updated_at, id), so that the thousandth chunk
// costs what the first does. Its WHERE clause matches QueueAdmin's filter, so that "retry all matching"
// acts on exactly the jobs the table lists.
class FailedJobsLoader {
public:
    explicit FailedJobsLoader(QSqlDatabase database);

    Result<QList<FailedJob>> load(const JobFilter &filter, const FailedJobsCursor &after, int limit);

    // Opens a connection of its own (for a pool thread), loads one chunk and closes the connection.
    static Result<QList<FailedJob>> loadFrom(const QString &databaseUrl, const JobFilter &filter,
                                             const FailedJobsCursor &after, int limit);

private:
    QSqlDatabase m_database;
};

} // namespace pgnotion
