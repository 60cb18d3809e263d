#pragma once

#include <QString>
#include <QTextStream>

namespace pgnotion {

// `pgnotion --migrate`: applies the migrations to a database, says what it did, returns the exit code.
int runMigrateCommand(const QString &databaseUrl, bool engineOnly, QTextStream &out, QTextStream &err);

} // namespace pgnotion
