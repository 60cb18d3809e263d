#pragma once

#include <QString>

#include <functional>

namespace pgnotion {

// How an initial import runs.
struct ImportOptions {
    // Reads every page and matches it, writes nothing (no links, no rows, no progress, no jobs): the
    // report says what a real run would do.
    bool dryRun = false;
    // Pages that match no row become rows when the title is a column of the resource's table: the title
    // column, the page id and the inbound rules' columns are set, everything else takes the table's
    // defaults (the outbound `query` is only for reading, so it does not matter here). A
    // page that already names a Postgres ID never does (its row was deleted; re-creating it is not ours to
    // decide). A row the table refuses (a NOT NULL column without a default) is reported, not forced.
    bool createRows = false;
    // Links committed per transaction, with the progress: an interrupted import redoes at most one batch.
    int batchSize = 100;
    // Enqueue a full sync of every resource (in sync order) after the links, so Postgres values reach
    // the linked pages.
    bool resyncAfterwards = true;
};

// Where the import is, reported after each batch of pages.
struct ImportProgress {
    QString resource;
    int pagesRead = 0; // pages of this resource's data source read from Notion
    int pagesDone = 0; // of which processed (matched or not), including earlier runs' pages
    int matched = 0;   // this run's totals, over every resource
    int linked = 0;
};

// Returns false to stop the import after the batch just committed (a later run resumes there).
using ImportProgressCallback = std::function<bool(const ImportProgress &)>;

} // namespace pgnotion
