#include "BackgroundMigration.h"

#include "db/DatabaseConnection.h"

#include <QtConcurrent>

namespace pgnotion {

Result<MigrationReport> migrateNow(const QString &databaseUrl, bool engineOnly) {
    return withConnection(databaseUrl, QStringLiteral("migrate"), [engineOnly](QSqlDatabase database) {
        return Migrator(database).applyBundled(engineOnly);
    });
}

QFuture<Result<MigrationReport>> migrateInBackground(const QString &databaseUrl, bool engineOnly) {
    return QtConcurrent::run([databaseUrl, engineOnly] { return migrateNow(databaseUrl, engineOnly); });
}

} // namespace pgnotion
