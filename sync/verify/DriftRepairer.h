#pragma once

#include "common/Result.h"
#include "mapping/Mapping.h"
#include "notion/NotionClientOptions.h"
#include "verify/DriftReport.h"
#include "verify/RepairOutcome.h"

#include <QSqlDatabase>

namespace pgnotion {

// `--repair`: turns a verify's drifts into fixes, as far as possible through the engine's own queue, so
// that every write to Notion keeps its guarantees (exactly-once creates, rate limit, log):
// - missing page, differing property, broken relation: a resync of the row (QueueAdmin::resync, ahead of
//   bulk work; a resync sends every property even when sync_state thinks Notion has them);
// - unlinked page (a page carries the row's Postgres ID, pgnotion has no id for it): marked "create
//   pending", so the resync looks the page up first and adopts it (the oldest; later ones are trashed)
//   instead of creating another;
// - page gone (trashed or deleted in Notion): the stale page id is cleared and the row resynced with a
//   look-up first: the page is recreated (or an untracked copy adopted), and rows whose relations point
//   at it wait for it. Not when the resource's on_missing_page is "report": then it is left to an admin;
// - orphan page of a row pgnotion synced and that was deleted since: a resync of the deleted key with a
//   look-up, so the engine trashes every page carrying it and forgets its sync state. Other orphans (made
//   in Notion, or for rows pgnotion never synced) are left as they are: deleting a person's page is not
//   a repair's call;
// - duplicate page: the extra page (not the one pgnotion tracks) is moved to the trash at once (the queue
//   has no job for a page without a row; the trash keeps it restorable in Notion);
// - row error (a value Notion cannot take): left for an admin to fix the row;
// - a row with a Notion edit of an inbound-rule property not yet applied to Postgres: not resynced (that
//   would overwrite the edit); the inbound sync applies it, a later verify shows what is left.
// The database writes happen in one transaction. Blocks: not for the GUI thread.
class DriftRepairer {
public:
    DriftRepairer(Mapping mapping, NotionClientOptions notion);

    Result<RepairOutcome> repair(QSqlDatabase database, const DriftReport &report);

private:
    Mapping m_mapping;
    NotionClientOptions m_notion;
};

} // namespace pgnotion
