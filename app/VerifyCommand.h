#pragma once

#include "CommandLine.h"

#include <QTextStream>

namespace pgnotion {

// `pgnotion --headless --verify [--repair]`: compares every mapped row with its Notion page, prints the
// report (one line per drift, a summary per resource) on `out`, progress and errors on `err`. With
// --repair, enqueues the fixes (DriftRepairer) and says what it did. Exit code: 0 no drift, 1 drift
// found (also when repaired: the engine still has to apply the resyncs), 2 usage or configuration error
// (URL, mapping, token, a schema that was never migrated), 3 Postgres or Notion could not be read.
int runVerifyCommand(const CommandLine &command, QTextStream &out, QTextStream &err);

} // namespace pgnotion
