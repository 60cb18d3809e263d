#include "verify/DriftRepairer.h"

#include "engine/RowReader.h"
#include "engine/SyncState.h"
#include "notion/NotionApi.h"
#include "queue/QueueAdmin.h"

#include <QSet>

namespace pgnotion {
namespace {

// One row's fixes, whatever number of drifts asked for them.
struct RowFix {
    QString resource;
    QString key;
    bool clearPage = false;
    bool lookUp = false;
    QStringList kinds;
};

} // namespace

DriftRepairer::DriftRepairer(Mapping mapping, NotionClientOptions notion)
    : m_mapping(std::move(mapping))
    , m_notion(std::move(notion)) {}

Result<RepairOutcome> DriftRepairer::repair(QSqlDatabase database, const DriftReport &report) {
    RepairOutcome outcome;
    QList<RowFix> fixes; // in report order: related resources come first
    QHash<QString, qsizetype> fixIndex;
    QList<const Drift *> duplicates;
    auto fixOf = [&](const Drift &drift) -> RowFix & {
        const QString id = drift.resource + QLatin1Char('\n') + drift.key;
        if (!fixIndex.contains(id)) {
            fixIndex.insert(id, fixes.size());
            fixes.append({drift.resource, drift.key, false, false, {}});
        }
        RowFix &fix = fixes[fixIndex.value(id)];
        if (!fix.kinds.contains(Drift::kindName(drift.kind)))
            fix.kinds.append(Drift::kindName(drift.kind));
        return fix;
    };
    // A row whose page a person edited in an inbound-rule property: its resync would send every
    // property and overwrite that edit before the inbound sync applied it. It waits for that sync.
    QSet<QString> waitingForInbound;
    for (const Drift &drift : report.drifts) {
        if (drift.notionEdit)
            waitingForInbound.insert(drift.resource + QLatin1Char('\n') + drift.key);
    }
    for (const Drift &drift : report.drifts) {
        const ResourceMapping *resource = m_mapping.resource(drift.resource);
        if (waitingForInbound.contains(drift.resource + QLatin1Char('\n') + drift.key) &&
            drift.kind != DriftKind::DuplicatePage && drift.kind != DriftKind::OrphanPage) {
            outcome.left.append(DriftReport::line(drift) +
                                (drift.notionEdit
                                     ? QStringLiteral(": the inbound sync applies this Notion edit")
                                     : QStringLiteral(": not resynced before the inbound sync applied "
                                                      "a Notion edit of this row")) +
                                QStringLiteral("; verify again after the next poll"));
            continue;
        }
        if (!resource) {
            outcome.left.append(DriftReport::line(drift) + QStringLiteral(": resource not in the mapping"));
            continue;
        }
        switch (drift.kind) {
        case DriftKind::MissingPage:
        case DriftKind::PropertyDiffers:
        case DriftKind::BrokenRelation:
            fixOf(drift);
            break;
        case DriftKind::UnlinkedPage:
            fixOf(drift).lookUp = true;
            break;
        case DriftKind::PageGone:
            if (resource->onMissingPage == ResourceMapping::MissingPage::Report) {
                outcome.left.append(
                    DriftReport::line(drift) +
                    QStringLiteral(": the mapping says to report a missing page (on_missing_page); "
                                   "restore the page in Notion, or set it to \"recreate\""));
                break;
            }
            fixOf(drift).clearPage = true;
            fixOf(drift).lookUp = true;
            break;
        case DriftKind::OrphanPage:
            if (drift.rowDeleted)
                fixOf(drift).lookUp = true;
            else
                outcome.left.append(
                    DriftReport::line(drift) +
                    QStringLiteral(": not pgnotion's to delete; trash it in Notion, or add the row"));
            break;
        case DriftKind::DuplicatePage:
            duplicates.append(&drift);
            break;
        case DriftKind::RowError:
            outcome.left.append(DriftReport::line(drift) + QStringLiteral(": fix the row's value"));
            break;
        }
    }

    if (!fixes.isEmpty()) {
        if (!database.transaction())
            return Error{QStringLiteral("Starting the repair transaction failed"),
                         QStringLiteral("database_error")};
        RowReader rows(database);
        QueueAdmin queue(database);
        for (const RowFix &fix : std::as_const(fixes)) {
            const ResourceMapping *resource = m_mapping.resource(fix.resource);
            Result<void> written;
            if (fix.clearPage) {
                written = rows.storePageId(*resource, fix.key, QString());
                if (written)
                    written = SyncState::remove(database, fix.resource, fix.key);
            }
            if (written && fix.lookUp)
                written = SyncState::markCreatePending(database, fix.resource, fix.key);
            auto enqueued = written ? queue.resync(fix.resource, fix.key) : Result<qint64>(written.error());
            if (!enqueued) {
                database.rollback();
                return enqueued.error();
            }
            ++outcome.resyncs;
            outcome.lookups += fix.lookUp ? 1 : 0;
            outcome.cleared += fix.clearPage ? 1 : 0;
            outcome.actions.append(
                QStringLiteral("%1 %2: resync enqueued (job %3) for %4%5%6")
                    .arg(fix.resource, fix.key)
                    .arg(enqueued.value())
                    .arg(fix.kinds.join(QStringLiteral(", ")),
                         fix.clearPage ? QStringLiteral("; gone page id cleared") : QString(),
                         fix.lookUp ? QStringLiteral("; looks its page up by Postgres ID first")
                                    : QString()));
        }
        if (!database.commit()) {
            database.rollback();
            return Error{QStringLiteral("Committing the repair failed"), QStringLiteral("database_error")};
        }
    }

    if (!duplicates.isEmpty()) {
        NotionClient client(m_notion);
        NotionApi api(client);
        for (const Drift *drift : std::as_const(duplicates)) {
            auto trashed = api.setPageTrashed(drift->pageId, true);
            if (!trashed) {
                outcome.left.append(
                    DriftReport::line(*drift) +
                    QStringLiteral(": moving it to the trash failed: %1").arg(trashed.error().describe()));
                continue;
            }
            ++outcome.trashed;
            outcome.actions.append(QStringLiteral("%1 %2: duplicate page %3 moved to the trash (%4)")
                                       .arg(drift->resource, drift->key, drift->pageId, drift->detail));
        }
    }
    return outcome;
}

} // namespace pgnotion
