#pragma once

#include "common/Result.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace pgnotion {

// Jobs per resource type and state, for the unfinished states and dead jobs (the partial indexes make
// this cheap however long the history is).
struct QueueCount {
    QString resourceType;
    int pending = 0;
    int running = 0;
    int retrying = 0;
    int dead = 0;
};

class QueueStats {
public:
    static Result<QList<QueueCount>> countsByType(QSqlDatabase database);
};

} // namespace pgnotion
