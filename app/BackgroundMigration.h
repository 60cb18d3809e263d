#pragma once

#include "common/Result.h"
#include "db/Migrator.h"

#include <QFuture>
#include <QString>

namespace pgnotion {

// Applies the bundled migrations to a database on a pool thread (the GUI thread never waits on the
// database). The app does this at start-up, before it shows anything of the database.
QFuture<Result<MigrationReport>> migrateInBackground(const QString &databaseUrl, bool engineOnly);

// The same, on the calling thread.
Result<MigrationReport> migrateNow(const QString &databaseUrl, bool engineOnly);

} // namespace pgnotion
