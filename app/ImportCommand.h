#pragma once

#include "CommandLine.h"

#include <QTextStream>

namespace pgnotion {

// `pgnotion --headless --import [--dry-run] [--create-rows]`: the seed's migration Steps 1-3 for the
// mapping (InitialImport), with progress on stderr and the report on stdout. Exits 0 when every page was
// linked or created, 1 on unmatched or ambiguous pages, an error or an interruption (run it again to
// resume), 2 on a usage or configuration error.
int runImportCommand(const CommandLine &command, QTextStream &out, QTextStream &err);

} // namespace pgnotion
