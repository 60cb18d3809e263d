#pragma once

#include "CommandLine.h"

#include <QTextStream>

namespace pgnotion {

// `pgnotion --create-notion-databases PAGE`: creates the mapping's databases under a Notion page and
// prints the `--notion-database TYPE=ID` arguments that point a worker at them. Returns the exit code.
int runCreateDatabasesCommand(const CommandLine &command, QTextStream &out, QTextStream &err);

} // namespace pgnotion
