#pragma once

#include "common/Result.h"
#include "mapping/Mapping.h"

#include <QList>
#include <QSqlDatabase>
#include <QVariantMap>

#include <functional>

namespace pgnotion {

// One row as the engine reads it for a job: the key as text (what sync jobs and the Postgres ID carry)
// and the columns of the resource's table or query.
struct ScannedRow {
    QString key;
    QVariantMap values;
};

// Reads every row of a resource in key order, in chunks (keyset pagination: constant cost per chunk
// however big the table), each exactly as RowReader would read it for a job: the resource's `query`
// runs for each key of the chunk in one statement (a LATERAL join), so joins and computed columns are
// the same as when syncing. A key whose query returns no row is skipped, as the engine treats it as
// deleted. On the caller's connection.
class ResourceRowScanner {
public:
    using ChunkHandler = std::function<Result<void>(const QList<ScannedRow> &chunk)>;

    explicit ResourceRowScanner(QSqlDatabase database, int chunkSize = 500);

    Result<void> scan(const ResourceMapping &resource, const ChunkHandler &handle);

private:
    QString statement(const ResourceMapping &resource, bool afterKey) const;

    QSqlDatabase m_database;
    int m_chunkSize;
};

} // namespace pgnotion
