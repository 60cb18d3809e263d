#pragma once

#include <ctime>

namespace pgnotion::bench {

// CPU time this process has used, in seconds (all threads): what "CPU per job" figures divide.
inline double processCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

} // namespace pgnotion::bench
