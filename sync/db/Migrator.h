#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace pgnotion {

struct Migration {
    QString component; // "engine" (the queue, always) or "domain" (the seed's tables, optional)
    int version = 0;   // from the file name: 0003_outbox_trigger.sql is version 3
    QString name;      // the file name
    QByteArray sql;
    QByteArray checksum; // SHA-256 of the file, hex
};

struct MigrationReport {
    int applied = 0;
    int alreadyApplied = 0;
};

// Applies numbered SQL migrations in order, one transaction each, recorded in pgnotion.schema_migrations.
// Re-running is a no-op; several processes starting at once take turns (an advisory lock); a database
// whose schema is newer than this build, or whose applied migration was edited since, is refused. A
// schema that is current is only read (SELECTs): a least-privilege role passes; one with migrations
// pending but no right to apply them gets "ask an admin to run pgnotion --migrate".
class Migrator {
public:
    explicit Migrator(QSqlDatabase database);

    // The migrations compiled into the binary for a component, in version order.
    static QList<Migration> bundled(const QString &component);
    // Migrations read from the files in a directory (NNNN_name.sql), in version order.
    static Result<QList<Migration>> fromDirectory(const QString &component, const QString &directory);

    Result<MigrationReport> apply(const QList<Migration> &migrations);
    // Applies the engine's migrations and, unless engineOnly, the seed's domain tables.
    Result<MigrationReport> applyBundled(bool engineOnly);
    // The highest applied version of a component; 0 when none.
    Result<int> appliedVersion(const QString &component);

private:
    // The migrations not yet applied; an error when the database is newer or an applied one was edited.
    Result<QList<Migration>> pendingOf(const QList<Migration> &migrations);
    Result<MigrationReport> applyPending(const QList<Migration> &migrations);
    Result<void> ensureBookkeeping();
    Result<void> applyOne(const Migration &migration, int highestKnown, MigrationReport &report);

    QSqlDatabase m_database;
};

} // namespace pgnotion
