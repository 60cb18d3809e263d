#include "MigrateCommand.h"

#include "BackgroundMigration.h"
#include "db/DatabaseUrl.h"

namespace pgnotion {

int runMigrateCommand(const QString &databaseUrl, bool engineOnly, QTextStream &out, QTextStream &err) {
    const auto url = DatabaseUrl::parse(databaseUrl);
    if (!url) {
        err << "pgnotion: " << url.error().message << Qt::endl;
        return 2;
    }
    const auto report = migrateNow(databaseUrl, engineOnly);
    if (!report) {
        err << "pgnotion: " << report.error().message << Qt::endl;
        return 1;
    }
    out << "pgnotion: " << report.value().applied << " migration(s) applied, "
        << report.value().alreadyApplied << " already present, on " << url.value().redacted() << Qt::endl;
    return 0;
}

} // namespace pgnotion
