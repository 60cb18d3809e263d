#pragma once

#include "db/DatabaseUrl.h"

#include <QTextStream>

namespace pgnotion::bench {

struct SharedRateBenchmarkOptions {
    int engines = 3;    // headless worker processes, as if on as many machines
    int jobs = 300;     // projects queued before they start
    int startGapMs = 0; // between two starts (0: all at once)
};

// `pgnotion-bench shared`: several `pgnotion --headless` processes (each with its own rate limiter, as on
// separate machines) drain one queue into one Notion integration limited to 3 requests/s. Prints the
// achieved rate against the limit and the 429 answers, for the whole run and once every process had seen
// the others (the engines share the limit through their heartbeats in sync_workers).
int runSharedRateBenchmark(const DatabaseUrl &server, const SharedRateBenchmarkOptions &options,
                           QTextStream &out, QTextStream &err);

} // namespace pgnotion::bench
