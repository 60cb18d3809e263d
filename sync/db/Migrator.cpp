#include "db/Migrator.h"

#include "db/DatabaseConnection.h"
#include "db/SqlScript.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QSqlQuery>

#include <algorithm>

namespace pgnotion {
namespace {

// Any constant shared by every pgnotion process: migrations of one database run one at a time.
constexpr qint64 kMigrationLockKey = 0x70676e6f74696f6e; // "pgnotion"

const QRegularExpression kFileName(QStringLiteral("^(\\d+)_[A-Za-z0-9_-]+\\.sql$"));

Result<QList<Migration>> readDirectory(const QString &component, const QString &directory) {
    QList<Migration> migrations;
    const QDir dir(directory);
    const QStringList files = dir.entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        const auto match = kFileName.match(file);
        if (!match.hasMatch())
            return Error{
                QStringLiteral("Migration file %1/%2 is not named NNNN_name.sql").arg(directory, file),
                QStringLiteral("bad_migration")};
        QFile in(dir.filePath(file));
        if (!in.open(QIODevice::ReadOnly))
            return Error{QStringLiteral("Cannot read migration %1: %2").arg(in.fileName(), in.errorString()),
                         QStringLiteral("bad_migration")};
        Migration migration{component, match.captured(1).toInt(), file, in.readAll(), {}};
        migration.checksum = QCryptographicHash::hash(migration.sql, QCryptographicHash::Sha256).toHex();
        migrations.append(migration);
    }
    std::sort(migrations.begin(), migrations.end(),
              [](const Migration &a, const Migration &b) { return a.version < b.version; });
    for (qsizetype i = 1; i < migrations.size(); ++i) {
        if (migrations[i].version == migrations[i - 1].version)
            return Error{QStringLiteral("Migrations %1 and %2 share version %3")
                             .arg(migrations[i - 1].name, migrations[i].name)
                             .arg(migrations[i].version),
                         QStringLiteral("bad_migration")};
    }
    return migrations;
}

Error newerSchema(const QString &component, int applied, int highestKnown) {
    return Error{QStringLiteral("The database's %1 schema is at version %2, newer than this pgnotion knows "
                                "(%3): upgrade pgnotion before connecting it to this database")
                     .arg(component)
                     .arg(applied)
                     .arg(highestKnown),
                 QStringLiteral("newer_schema")};
}

Error changedMigration(const Migration &migration) {
    return Error{QStringLiteral("Migration %1/%2 was changed after it was applied to this database; "
                                "restore the original file or add a new migration instead")
                     .arg(migration.component, migration.name),
                 QStringLiteral("migration_changed")};
}

} // namespace

Migrator::Migrator(QSqlDatabase database)
    : m_database(std::move(database)) {}

QList<Migration> Migrator::bundled(const QString &component) {
    auto result = readDirectory(component, QStringLiteral(":/sql/") + component);
    // The bundled files are checked by the tests; a broken bundle is a build defect.
    Q_ASSERT(result.ok());
    return result.ok() ? result.value() : QList<Migration>{};
}

Result<QList<Migration>> Migrator::fromDirectory(const QString &component, const QString &directory) {
    return readDirectory(component, directory);
}

Result<MigrationReport> Migrator::applyBundled(bool engineOnly) {
    QList<Migration> all = bundled(QStringLiteral("engine"));
    if (!engineOnly)
        all += bundled(QStringLiteral("domain"));
    return apply(all);
}

Result<void> Migrator::ensureBookkeeping() {
    QSqlQuery query(m_database);
    const QStringList statements = {
        QStringLiteral("BEGIN"),
        QStringLiteral("SET LOCAL client_min_messages = warning"), // no "already exists" notices
        QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kMigrationLockKey),
        QStringLiteral("CREATE SCHEMA IF NOT EXISTS pgnotion"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS pgnotion.schema_migrations ("
                       " component text NOT NULL, version integer NOT NULL, name text NOT NULL,"
                       " checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(),"
                       " PRIMARY KEY (component, version))"),
        QStringLiteral("COMMIT"),
    };
    for (const QString &sql : statements) {
        if (!query.exec(sql)) {
            Error error = sqlError(query, QStringLiteral("Preparing the migrations table"));
            query.exec(QStringLiteral("ROLLBACK"));
            return error;
        }
    }
    return {};
}

Result<MigrationReport> Migrator::apply(const QList<Migration> &migrations) {
    // Read first: a worker running as a role without DDL rights starts on a current schema, and needs no
    // lock, no CREATE and no write for it.
    auto pending = pendingOf(migrations);
    if (!pending && pending.error().code == QLatin1String("42501"))
        return Error{QStringLiteral("The role \"%1\" may not read the pgnotion schema (%2): an admin grants "
                                    "what a worker needs with resources/sql/roles/worker-role.sql "
                                    "(docs/security.md)")
                         .arg(m_database.userName(), pending.error().message),
                     QStringLiteral("schema_not_readable")};
    if (!pending)
        return pending.error();
    if (pending.value().isEmpty())
        return MigrationReport{0, int(migrations.size())};

    auto applied = applyPending(migrations);
    if (!applied && applied.error().code == QLatin1String("42501")) {
        QStringList names;
        for (const Migration &migration : pending.value())
            names.append(migration.component + QLatin1Char('/') + migration.name);
        return Error{
            QStringLiteral("%1 migration(s) pending (%2) and the role \"%3\" may not change the "
                           "schema (%4): ask an admin to run pgnotion --migrate")
                .arg(names.size())
                .arg(names.join(QStringLiteral(", ")), m_database.userName(), applied.error().message),
            QStringLiteral("migration_not_permitted")};
    }
    return applied;
}

Result<QList<Migration>> Migrator::pendingOf(const QList<Migration> &migrations) {
    QSqlQuery query(m_database);
    if (!query.exec(QStringLiteral("SELECT to_regclass('pgnotion.schema_migrations') IS NOT NULL")) ||
        !query.next())
        return sqlError(query, QStringLiteral("Looking for the migrations table"));
    if (!query.value(0).toBool())
        return migrations;
    if (!query.exec(QStringLiteral("SELECT component, version, checksum FROM pgnotion.schema_migrations")))
        return sqlError(query, QStringLiteral("Reading applied migrations"));
    QHash<QPair<QString, int>, QByteArray> applied;
    QHash<QString, int> highestApplied;
    while (query.next()) {
        const QString component = query.value(0).toString();
        const int version = query.value(1).toInt();
        applied.insert({component, version}, query.value(2).toByteArray());
        highestApplied[component] = std::max(highestApplied.value(component), version);
    }
    QHash<QString, int> highestKnown;
    for (const Migration &migration : migrations)
        highestKnown[migration.component] =
            std::max(highestKnown.value(migration.component), migration.version);
    for (auto it = highestKnown.cbegin(); it != highestKnown.cend(); ++it) {
        if (highestApplied.value(it.key()) > it.value())
            return newerSchema(it.key(), highestApplied.value(it.key()), it.value());
    }
    QList<Migration> pending;
    for (const Migration &migration : migrations) {
        const auto found = applied.constFind({migration.component, migration.version});
        if (found == applied.cend())
            pending.append(migration);
        else if (found.value() != migration.checksum)
            return changedMigration(migration);
    }
    return pending;
}

Result<MigrationReport> Migrator::applyPending(const QList<Migration> &migrations) {
    if (auto ready = ensureBookkeeping(); !ready)
        return ready.error();
    MigrationReport report;
    for (const Migration &migration : migrations) {
        int highestKnown = 0;
        for (const Migration &other : migrations) {
            if (other.component == migration.component)
                highestKnown = std::max(highestKnown, other.version);
        }
        if (auto done = applyOne(migration, highestKnown, report); !done) {
            QSqlQuery(m_database).exec(QStringLiteral("ROLLBACK"));
            return done.error();
        }
    }
    return report;
}

Result<void> Migrator::applyOne(const Migration &migration, int highestKnown, MigrationReport &report) {
    QSqlQuery query(m_database);
    if (!query.exec(QStringLiteral("BEGIN")) ||
        !query.exec(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kMigrationLockKey)))
        return sqlError(query, QStringLiteral("Locking the schema for migration"));

    // Checked under the lock: another process may have migrated while we waited.
    query.prepare(QStringLiteral("SELECT coalesce(max(version), 0) FROM pgnotion.schema_migrations "
                                 "WHERE component = ?"));
    query.addBindValue(migration.component);
    if (!query.exec() || !query.next())
        return sqlError(query, QStringLiteral("Reading the schema version"));
    const int applied = query.value(0).toInt();
    if (applied > highestKnown)
        return newerSchema(migration.component, applied, highestKnown);

    query.prepare(QStringLiteral("SELECT checksum FROM pgnotion.schema_migrations "
                                 "WHERE component = ? AND version = ?"));
    query.addBindValue(migration.component);
    query.addBindValue(migration.version);
    if (!query.exec())
        return sqlError(query, QStringLiteral("Reading applied migrations"));
    if (query.next()) {
        if (query.value(0).toByteArray() != migration.checksum)
            return changedMigration(migration);
        ++report.alreadyApplied;
        return QSqlQuery(m_database).exec(QStringLiteral("COMMIT"))
                   ? Result<void>()
                   : Error{QStringLiteral("Committing failed"), QString()};
    }

    // Statement by statement: QPSQL reports only the first statement's outcome of a multi-statement string.
    // A query object of its own: re-using the prepared one would make Qt free that statement first,
    // which fails (and hides the real error) once the migration has aborted the transaction.
    const QStringList statements = SqlScript::split(QString::fromUtf8(migration.sql));
    for (qsizetype i = 0; i < statements.size(); ++i) {
        QSqlQuery body(m_database);
        if (!body.exec(statements[i]))
            return sqlError(body, QStringLiteral("Migration %1/%2, statement %3")
                                      .arg(migration.component, migration.name)
                                      .arg(i + 1));
    }
    query.prepare(
        QStringLiteral("INSERT INTO pgnotion.schema_migrations (component, version, name, checksum) "
                       "VALUES (?, ?, ?, ?)"));
    query.addBindValue(migration.component);
    query.addBindValue(migration.version);
    query.addBindValue(migration.name);
    query.addBindValue(QString::fromLatin1(migration.checksum));
    if (!query.exec() || !query.exec(QStringLiteral("COMMIT")))
        return sqlError(query, QStringLiteral("Recording migration %1").arg(migration.name));
    ++report.applied;
    return {};
}

Result<int> Migrator::appliedVersion(const QString &component) {
    QSqlQuery query(m_database);
    query.prepare(QStringLiteral("SELECT coalesce(max(version), 0) FROM pgnotion.schema_migrations "
                                 "WHERE component = ?"));
    query.addBindValue(component);
    if (!query.exec() || !query.next())
        return sqlError(query, QStringLiteral("Reading the schema version"));
    return query.value(0).toInt();
}

} // namespace pgnotion
