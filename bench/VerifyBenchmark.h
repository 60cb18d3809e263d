#pragma once

#include "db/DatabaseUrl.h"

#include <QTextStream>

namespace pgnotion::bench {

struct VerifyBenchmarkOptions {
    int rows =
        5000; // a fifth projects, three fifths milestones (each related to a project), a fifth deliverables
};

// `pgnotion-bench verify`: a verify of a synced workspace of `rows` rows against the emulator as a separate
// process enforcing Notion's 3 requests/s (burst 3), on a database of its own. The synced state is
// seeded directly (pages through the emulator's admin seed endpoint, built by the engine's PageBuilder;
// page ids on the rows; sync_state as the engine writes it) instead of 5,000 creates at 3 requests/s.
// Prints the verify's time and Notion requests (from the emulator's counters), per 100 rows.
int runVerifyBenchmark(const DatabaseUrl &server, const VerifyBenchmarkOptions &options, QTextStream &out,
                       QTextStream &err);

} // namespace pgnotion::bench
