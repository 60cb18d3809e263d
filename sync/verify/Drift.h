#pragma once

#include <QString>

namespace pgnotion {

// What kind of disagreement between a Postgres row and Notion a verify found.
enum class DriftKind {
    MissingPage,     // a row without any page: no page id stored, none carries its Postgres ID
    PageGone,        // the page id stored for the row is not a live page (trashed or deleted in Notion)
    UnlinkedPage,    // a page carries the row's Postgres ID but pgnotion has no page id for the row
    DuplicatePage,   // a second live page with the same Postgres ID, besides the tracked one
    OrphanPage,      // a live page whose Postgres ID matches no row
    PropertyDiffers, // a property's value is not what the row would send
    BrokenRelation,  // a relation does not point at the related row's live page
    RowError,        // the row cannot be turned into page values (the engine fails it too)
};

// One disagreement, with what an admin needs to find it on both sides.
struct Drift {
    QString resource; // the resource type ("project")
    QString key;      // the row's key (for an orphan: the Postgres ID the page carries, maybe empty)
    QString pageId;   // the page concerned (the extra one of a duplicate, the gone one of PageGone)
    DriftKind kind = DriftKind::MissingPage;
    QString property;        // PropertyDiffers, BrokenRelation
    QString expected;        // what the row would send (display form)
    QString actual;          // what Notion has (display form)
    QString detail;          // one sentence more: which page pgnotion tracks, why an orphan is one, ...
    bool syncQueued = false; // a job of this row waits or runs: the drift may resolve by itself
    bool rowDeleted = false; // OrphanPage: pgnotion synced this key once and the row is gone
    // PropertyDiffers on a property with an inbound rule, edited in Notion since the last sync: the
    // inbound sync brings it to Postgres; a resync would overwrite a person's edit.
    bool notionEdit = false;

    static QString kindName(DriftKind kind);
};

} // namespace pgnotion
