#pragma once

#include <QString>
#include <QStringList>

namespace pgnotion {

// What `--repair` did: jobs enqueued for the engine, pages trashed at once, drifts left to an admin.
struct RepairOutcome {
    int resyncs = 0;     // rows enqueued for a resync (the engine makes the fix)
    int lookups = 0;     // of those, marked to look their page up by Postgres ID first
    int cleared = 0;     // rows whose page id pointed at a gone page: cleared, so the page is recreated
    int trashed = 0;     // duplicate pages moved to the trash
    QStringList actions; // one line per action
    QStringList left;    // one line per drift repair does not touch, with what to do instead

    bool changedAnything() const { return resyncs > 0 || trashed > 0; }
    QString toText() const;
};

} // namespace pgnotion
