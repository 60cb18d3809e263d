#pragma once

#include <QTextStream>

namespace pgnotion::bench {

struct NotionBenchmarkOptions {
    int updates = 300;
    int threads = 8;
    double rateLimit = 3.0;
    int burst = 3;
};

// `pgnotion-bench notion`: page updates from many threads through the client's shared rate limiter
// against the emulator (a separate process, so that this process's CPU time is the client's alone).
// Prints achieved requests/s, the ratio to the limit, 429s received and client CPU per request.
int runNotionBenchmark(const NotionBenchmarkOptions &options, QTextStream &out, QTextStream &err);

} // namespace pgnotion::bench
