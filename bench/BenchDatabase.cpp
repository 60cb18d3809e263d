#include "BenchDatabase.h"

#include "db/Migrator.h"

#include <QCoreApplication>

namespace pgnotion::bench {

BenchDatabase::BenchDatabase(DatabaseUrl server, DatabaseUrl url, QString name)
    : m_server(std::move(server))
    , m_url(std::move(url))
    , m_name(std::move(name)) {}

std::unique_ptr<BenchDatabase> BenchDatabase::create(const DatabaseUrl &server, const QString &suite,
                                                     QTextStream &err) {
    const QString name =
        QStringLiteral("pgnotion_bench_%1_%2").arg(suite).arg(QCoreApplication::applicationPid());
    {
        DatabaseConnection admin(server, QStringLiteral("bench-admin"));
        if (auto opened = admin.open();
            !opened || !admin.execute(QStringLiteral("CREATE DATABASE ") + name)) {
            err << "pgnotion-bench: cannot create database " << name << " on " << server.redacted()
                << Qt::endl;
            return nullptr;
        }
    }
    std::unique_ptr<BenchDatabase> database(new BenchDatabase(server, server.withDatabase(name), name));
    database->m_connection = std::make_unique<DatabaseConnection>(database->m_url, QStringLiteral("bench"));
    if (auto opened = database->m_connection->open(); !opened) {
        err << "pgnotion-bench: " << opened.error().message << Qt::endl;
        return nullptr;
    }
    if (auto migrated = Migrator(database->database()).applyBundled(false); !migrated) {
        err << "pgnotion-bench: " << migrated.error().message << Qt::endl;
        return nullptr;
    }
    return database;
}

BenchDatabase::~BenchDatabase() {
    m_connection.reset();
    DatabaseConnection admin(m_server, QStringLiteral("bench-admin"));
    if (admin.open())
        (void)admin.execute(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_name));
}

} // namespace pgnotion::bench
