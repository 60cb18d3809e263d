#pragma once

#include "common/Result.h"
#include "mapping/Mapping.h"

#include <QSqlDatabase>
#include <QVariantMap>

#include <optional>

namespace pgnotion {

// Reads a resource's row as its mapping describes it (its table, or its query with `:key`), on the
// caller's connection. Identifiers are quoted by the driver; the key is always a bound value.
class RowReader {
public:
    explicit RowReader(QSqlDatabase database);

    // The row's columns, or nothing when the row no longer exists (it was deleted).
    Result<std::optional<QVariantMap>> read(const ResourceMapping &resource, const QString &key);
    // The Notion page id stored on a row; empty when the row has none yet (or does not exist).
    Result<QString> pageIdOf(const ResourceMapping &resource, const QString &key);
    // Stores a page id on a row (the outbox trigger ignores this column: no echo).
    Result<void> storePageId(const ResourceMapping &resource, const QString &key, const QString &pageId);

    QString quotedTable(const ResourceMapping &resource) const;
    QString quoted(const QString &column) const;

private:
    QSqlDatabase m_database;
};

} // namespace pgnotion
