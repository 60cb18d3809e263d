#include "BackgroundMigration.h"

#include "db/DatabaseConnection.h"

#include <QtConcurrent>

namespace pgnotion {

Result<MigrationReport> migrateNow(const QString &databaseUrl, bool engineOnly) {
    const auto url = DatabaseUrl::parse(databaseUrl);
    if (!url)
        return url.error();
    DatabaseConnection connection(url.value(), QStringLiteral("migrate"));
    if (auto opened = connection.open(); !opened)
        return opened.error();
    return Migrator(connection.database()).applyBundled(engineOnly);
}

QFuture<Result<MigrationReport>> migrateInBackground(const QString &databaseUrl, bool engineOnly) {
    return QtConcurrent::run([databaseUrl, engineOnly] { return migrateNow(databaseUrl, engineOnly); });
}

} // namespace pgnotion
