#pragma once

#include "db/DatabaseUrl.h"

#include <QTextStream>

namespace pgnotion::bench {

struct EndToEndBenchmarkOptions {
    int latencySamples = 30;
    int burstWrites = 500; // to burstProjects existing projects
    int burstProjects = 50;
    int newProjects = 200; // one write each
    int backlogJobs = 1000;
};

// `pgnotion-bench e2e`: the whole engine (queue, workers, mapping, Notion client) against the emulator with
// 100 ms latency and Notion's 3 requests/s, on a database of its own created on the given server and
// dropped afterwards. Prints commit → Notion latency, Notion requests per Postgres write, backlog drain
// rate against the limit, 429s, and engine CPU per job.
int runEndToEndBenchmark(const DatabaseUrl &server, const EndToEndBenchmarkOptions &options, QTextStream &out,
                         QTextStream &err);

} // namespace pgnotion::bench
