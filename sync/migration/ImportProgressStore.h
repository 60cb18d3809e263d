#pragma once

#include "common/Result.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QString>

namespace pgnotion {

// pgnotion.initial_import_progress: where an import of one resource's data source stands.
struct ImportCursor {
    QDateTime createdTime; // the last page processed, in (created_time, page id) order; null = none yet
    QString pageId;
    qint64 pagesDone = 0;
    bool finished = false;
    bool isBefore(const QDateTime &created, const QString &page) const; // processed already?
};

class ImportProgressStore {
public:
    explicit ImportProgressStore(QSqlDatabase database);

    // The cursor of an unfinished import; a finished one (or none) starts from scratch.
    Result<ImportCursor> load(const QString &resource, const QString &dataSourceId);
    // Part of the batch's transaction: the links and the cursor commit together.
    Result<void> save(const QString &resource, const QString &dataSourceId, const ImportCursor &cursor,
                      int linkedInBatch);
    Result<void> finish(const QString &resource, const QString &dataSourceId);

private:
    QSqlDatabase m_database;
};

} // namespace pgnotion
