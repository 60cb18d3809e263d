#pragma once

#include "db/DatabaseUrl.h"

#include <QTextStream>

namespace pgnotion::bench {

struct QueueBenchmarkOptions {
    int jobs = 20000;
    int wakeSamples = 200;
    int batchSize = 100;
};

// `pgnotion-bench queue`: claim+complete throughput of no-op jobs through the real worker pool (each job
// still writes its sync_log row and its rollup), and NOTIFY wake-up latency of idle workers.
// Prints `name: value unit` lines. Returns the process exit code.
int runQueueBenchmark(const DatabaseUrl &url, const QueueBenchmarkOptions &options, QTextStream &out,
                      QTextStream &err);

} // namespace pgnotion::bench
