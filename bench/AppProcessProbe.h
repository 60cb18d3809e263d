#pragma once

#include "db/DatabaseUrl.h"

#include <QTextStream>

namespace pgnotion::bench {

struct AppProbe {
    bool ok = false;
    qint64 firstPaintMs = 0; // process start to the first painted Overview with figures
    qint64 residentKb = 0;   // after every page had time to load
    qint64 peakResidentKb = 0;
};

// Starts the real `pgnotion` (next to this program, offscreen, with settings of its own) on `url`, times
// its cold start to the first painted Overview, reads its memory once its pages have loaded, and ends it.
AppProbe probeApp(const DatabaseUrl &url, QTextStream &err);

} // namespace pgnotion::bench
