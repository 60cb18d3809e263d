#include "MigrateCommand.h"

#include "db/DatabaseConnection.h"
#include "db/Migrator.h"

namespace pgnotion {

int runMigrateCommand(const QString &databaseUrl, bool engineOnly, QTextStream &out, QTextStream &err) {
    const auto url = DatabaseUrl::parse(databaseUrl);
    if (!url) {
        err << "pgnotion: " << url.error().message << Qt::endl;
        return 2;
    }
    DatabaseConnection connection(url.value(), QStringLiteral("migrate"));
    if (auto opened = connection.open(); !opened) {
        err << "pgnotion: " << opened.error().message << Qt::endl;
        return 1;
    }
    Migrator migrator(connection.database());
    const auto report = migrator.applyBundled(engineOnly);
    if (!report) {
        err << "pgnotion: " << report.error().message << Qt::endl;
        return 1;
    }
    out << "pgnotion: " << report.value().applied << " migration(s) applied, "
        << report.value().alreadyApplied << " already present, on " << url.value().redacted() << Qt::endl;
    return 0;
}

} // namespace pgnotion
