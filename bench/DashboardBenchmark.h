#pragma once

#include "db/DatabaseUrl.h"

#include <QTextStream>

namespace pgnotion::bench {

struct DashboardBenchmarkOptions {
    int logRows = 1000000;
    int deadJobs = 10000;
    int repeats = 20; // of each query
};

// `pgnotion-bench dashboard`: on a database with a long history (1,000,000 sync_log rows over 7 days,
// 10,000 dead jobs), the time of each dashboard query, the longest stall of the GUI thread while the real
// main window refreshes, and the real app's cold start to the first painted Overview and its memory.
// Needs a QApplication (offscreen is fine). Prints `name: value unit` lines; returns the exit code.
int runDashboardBenchmark(const DatabaseUrl &server, const DashboardBenchmarkOptions &options,
                          QTextStream &out, QTextStream &err);

} // namespace pgnotion::bench
