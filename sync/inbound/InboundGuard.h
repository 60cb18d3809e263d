#pragma once

#include "mapping/Mapping.h"
#include "notion/NotionApi.h"
#include "queue/JobHandler.h"

#include <QMap>
#include <QSqlDatabase>
#include <QStringList>

namespace pgnotion {

// Keeps an outbound update from overwriting a Notion edit that the poller has not applied yet (edited
// since the last poll): the three-way comparison must see it first, or it would be lost unseen. Used by
// NotionSyncHandler before it updates properties that have inbound rules: one page read, only then.
class InboundGuard {
public:
    // True when one of `changed` has an inbound rule and Notion's value differs from its synced value and
    // from the value this update sends (`sending`, canonical forms). Notion already holding the value being
    // sent is no edit to protect: most often it is this engine's own earlier write whose answer was lost.
    static NotionResult<bool> notionEditPending(NotionApi &api, const ResourceMapping &resource,
                                                const QString &pageId, const QStringList &changed,
                                                const QMap<QString, QString> &synced,
                                                const QMap<QString, QString> &sending);
    // Queues the page's inbound job ahead of other work and returns the Deferred failure that makes the
    // outbound job wait for it (no attempt spent). Nothing is deferred (an empty optional) when an
    // inbound job of the row is dead: the admin sees that one, and Postgres's value goes out as before.
    static std::optional<JobResult> deferOutbound(QSqlDatabase database, const QString &resource,
                                                  const QString &key, const QString &pageId);
};

} // namespace pgnotion
