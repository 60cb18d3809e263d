#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace pgnotion {

// What the import did (or, in a dry run, would do) for one resource.
struct ResourceImportReport {
    struct Page {
        QString pageId;
        QString title;
        QString reason; // why it was not linked
    };
    QString resource;
    QString dataSourceId;
    int pagesRead = 0;
    int pagesSkipped = 0; // processed by an earlier, interrupted run
    int matchedById = 0;
    int matchedByTitle = 0;
    int linked = 0;        // rows that got their page id now
    int alreadyLinked = 0; // rows already pointing at the page
    int rowsCreated = 0;
    int resyncQueued = 0;
    QList<Page> unmatched; // no row (or a row linked to another page): left alone
    QList<Page> ambiguous; // several rows or pages with one title, or pages sharing a Postgres ID
    QStringList errors;
};

struct ImportReport {
    bool dryRun = false;
    bool interrupted = false; // stopped by the progress callback; run again to resume
    QList<ResourceImportReport> resources;

    int total(int ResourceImportReport::*field) const;
    bool hasProblems() const; // unmatched, ambiguous or errors
    // The report as the command line prints it: one summary line per resource, then each page to look at.
    QString toText() const;
};

} // namespace pgnotion
