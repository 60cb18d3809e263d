#include "engine/NotionSyncHandler.h"

#include "engine/SyncState.h"
#include "inbound/InboundGuard.h"

#include <QJsonArray>
#include <QSqlError>
#include <QSqlQuery>

namespace pgnotion {
namespace {

using namespace std::chrono_literals;

JobResult failed(FailureKind kind, const QString &code, const QString &message,
                 std::chrono::milliseconds retryAfter = 0ms) {
    return JobResult::failed(JobFailure{kind, message, code, 0, {}, retryAfter});
}

JobResult failedNotion(const NotionError &error, const QString &what) {
    JobFailure failure = error.toJobFailure();
    failure.message = what + QStringLiteral(": ") + failure.message;
    return JobResult::failed(failure);
}

// A database error: the connection (SQLSTATE class 08) is worth waiting for; a mapping that names a
// column or table that does not exist (class 42) is not.
JobResult failedDatabase(const Error &error) {
    if (error.code.startsWith(QLatin1String("08")) || error.code.isEmpty())
        return failed(FailureKind::Unreachable, QStringLiteral("database_unreachable"), error.message);
    if (error.code.startsWith(QLatin1String("42")))
        return failed(FailureKind::Permanent, QStringLiteral("mapping_sql_error"),
                      error.message + QStringLiteral(" (check the mapping's table, columns and query)"));
    return failed(FailureKind::Transient, QStringLiteral("database_error"), error.message);
}

// Never a relation to nothing: the row whose page is missing is synced first (ahead of other work), and
// this job comes back after it without spending an attempt.
JobResult deferUntilPageExists(QSqlDatabase database, const QString &resource, const QString &key) {
    QSqlQuery enqueue(database);
    enqueue.prepare(QStringLiteral("SELECT pgnotion.enqueue(?, ?, 'postgres_to_notion', (-1)::smallint)"));
    enqueue.addBindValue(resource);
    enqueue.addBindValue(key);
    if (!enqueue.exec())
        return failedDatabase(Error{enqueue.lastError().text(), enqueue.lastError().nativeErrorCode()});
    return failed(FailureKind::Deferred, QStringLiteral("waiting_for_dependency"),
                  QStringLiteral("Waiting for the Notion page of %1 %2").arg(resource, key), 2s);
}

bool pageIsGone(const NotionError &error) {
    return error.code == QLatin1String("object_not_found") ||
           (error.code == QLatin1String("validation_error") &&
            (error.message.contains(QLatin1String("archived"), Qt::CaseInsensitive) ||
             error.message.contains(QLatin1String("trash"), Qt::CaseInsensitive)));
}

} // namespace

// What the attempt learned, committed with the job: the page of the resource, the values now in Notion
// (for this resource and for pages its update rules touched).
struct NotionSyncHandler::Outcome {
    QString pageId;
    QMap<QString, QString> values;
    struct Touched {
        QString resource;
        QString key;
        QMap<QString, QString> values;
    };
    QList<Touched> touched;
};

NotionSyncHandler::NotionSyncHandler(std::shared_ptr<const Mapping> mapping,
                                     QHash<QString, QString> dataSources, NotionClientOptions notion)
    : m_mapping(std::move(mapping))
    , m_dataSources(std::move(dataSources))
    , m_notion(std::move(notion)) {}

NotionSyncHandler::~NotionSyncHandler() = default;

NotionApi &NotionSyncHandler::api() {
    if (!m_api) {
        m_client = std::make_unique<NotionClient>(m_notion);
        m_api = std::make_unique<NotionApi>(*m_client);
    }
    return *m_api;
}

JobResult NotionSyncHandler::handle(const SyncJob &job, JobContext &context) {
    const ResourceMapping *resource = m_mapping->resource(job.resourceType);
    if (!resource || !resource->enabled)
        return failed(
            FailureKind::Permanent, QStringLiteral("unknown_resource_type"),
            QStringLiteral("No %1 mapping for resource type \"%2\" (%3 %4) in %5: add or enable it and "
                           "retry the job, or discard it")
                .arg(resource ? QStringLiteral("enabled") : QString(), job.resourceType, job.resourceType,
                     job.resourceId, m_mapping->sourceFile));
    if (job.direction != direction::postgresToNotion)
        return failed(FailureKind::Permanent, QStringLiteral("unsupported_direction"),
                      QStringLiteral("Notion → Postgres jobs are not handled by this engine version"));
    QSqlDatabase database = context.database();
    if (!database.isOpen())
        return failed(FailureKind::Unreachable, QStringLiteral("database_unreachable"),
                      QStringLiteral("The worker cannot reach PostgreSQL"));
    RowReader reader(database);
    auto row = reader.read(*resource, job.resourceId);
    if (!row)
        return failedDatabase(row.error());
    if (!row.value().has_value())
        return trashDeleted(*resource, job, database);

    Outcome outcome;
    if (resource->hasOwnPage()) {
        if (JobResult result = syncOwnPage(*resource, *row.value(), job, reader, database, outcome);
            !result.succeeded())
            return result;
    }
    if (JobResult result = applyUpdateRules(*resource, *row.value(), reader, database, outcome);
        !result.succeeded())
        return result;

    JobResult done = JobResult::success(200);
    const QString type = resource->name;
    const QString key = job.resourceId;
    const std::shared_ptr<const Mapping> mapping = m_mapping;
    done.completionWrites = [mapping, type, key, outcome](QSqlDatabase &db) -> Result<void> {
        RowReader writer(db);
        const ResourceMapping *own = mapping->resource(type);
        if (own->hasOwnPage()) {
            if (auto stored = writer.storePageId(*own, key, outcome.pageId); !stored)
                return stored;
            if (auto saved = SyncState::save(db, type, key, outcome.pageId, outcome.values); !saved)
                return saved;
        }
        for (const Outcome::Touched &touched : outcome.touched) {
            if (auto saved = SyncState::save(db, touched.resource, touched.key, {}, touched.values); !saved)
                return saved;
        }
        return {};
    };
    return done;
}

NotionResult<QStringList> NotionSyncHandler::pagesWithPostgresId(const ResourceMapping &resource,
                                                                 const QString &key) {
    const QJsonObject filter{{QStringLiteral("property"), resource.idProperty},
                             {QStringLiteral("rich_text"), QJsonObject{{QStringLiteral("equals"), key}}}};
    auto pages = api().queryAll(m_dataSources.value(resource.name), filter);
    if (!pages)
        return pages.error();
    QStringList ids;
    for (const QJsonObject &page : pages.value())
        ids.append(page.value(QStringLiteral("id")).toString());
    return ids;
}

NotionResult<QString> NotionSyncHandler::findOwnPage(const ResourceMapping &resource, const QString &key) {
    auto pages = pagesWithPostgresId(resource, key);
    if (!pages)
        return pages.error();
    // The oldest is ours; any later one is a duplicate from an earlier failure, moved to the trash.
    for (qsizetype i = 1; i < pages.value().size(); ++i) {
        if (auto trashed = api().setPageTrashed(pages.value().at(i), true); !trashed)
            return trashed.error();
    }
    return pages.value().isEmpty() ? QString() : pages.value().first();
}

JobResult NotionSyncHandler::syncOwnPage(const ResourceMapping &resource, const QVariantMap &row,
                                         const SyncJob &job, RowReader &reader, QSqlDatabase database,
                                         Outcome &outcome) {
    const QString key = job.resourceId;
    PageBuilder builder(*m_mapping, reader);
    auto built = builder.build(resource, resource.properties, row, key, true);
    if (!built)
        return failed(FailureKind::Permanent, built.error().code, built.error().message);
    if (!built.value().missing.isEmpty()) {
        // Every missing related page is enqueued; this job waits for the first.
        for (qsizetype i = built.value().missing.size() - 1; i >= 0; --i) {
            const Dependency &dependency = built.value().missing.at(i);
            JobResult deferred = deferUntilPageExists(database, dependency.resource, dependency.key);
            if (i == 0 || deferred.failure->kind != FailureKind::Deferred)
                return deferred;
        }
    }
    auto state = SyncState::load(database, resource.name, key);
    if (!state)
        return failedDatabase(state.error());
    QString pageId = row.value(resource.pageIdColumn).toString();
    if (pageId.isEmpty())
        pageId = state.value().pageId;
    const bool samePage = !pageId.isEmpty() && pageId == state.value().pageId;

    if (!pageId.isEmpty()) {
        QJsonObject changed;
        for (auto it = built.value().canonical.begin(); it != built.value().canonical.end(); ++it) {
            if (!samePage || state.value().syncedValues.value(it.key()) != it.value())
                changed.insert(it.key(), built.value().properties.value(it.key()));
        }
        outcome.pageId = pageId;
        outcome.values = built.value().canonical;
        if (changed.isEmpty() &&
            !job.payload.value(QStringLiteral("reason")).toString().contains(QLatin1String("resync")))
            return JobResult::success(); // nothing changed: no API call at all
        // A Notion edit of an inbound property since the last poll is compared (three-way) before this
        // update could overwrite it unseen: the inbound job runs first, this one after it.
        if (samePage && !changed.isEmpty() && !resource.inbound.isEmpty()) {
            auto pending = InboundGuard::notionEditPending(
                api(), resource, pageId, changed.keys(), state.value().syncedValues, built.value().canonical);
            if (!pending && !pageIsGone(pending.error()))
                return failedNotion(pending.error(),
                                    QStringLiteral("Reading the page of %1 %2").arg(resource.name, key));
            if (pending && pending.value()) {
                if (auto deferred = InboundGuard::deferOutbound(database, resource.name, key, pageId))
                    return *deferred;
            }
        }
        auto updated = api().updatePage(pageId, changed.isEmpty() ? built.value().properties : changed);
        if (updated)
            return JobResult::success(200, {});
        if (!pageIsGone(updated.error()))
            return failedNotion(updated.error(),
                                QStringLiteral("Updating the page of %1 %2").arg(resource.name, key));
        if (resource.onMissingPage == ResourceMapping::MissingPage::Report)
            return failed(
                FailureKind::Permanent, QStringLiteral("page_deleted_in_notion"),
                QStringLiteral(
                    "The Notion page of %1 %2 was deleted or trashed in Notion; the mapping says to "
                    "report it. Restore the page, or set on_missing_page to recreate and retry")
                    .arg(resource.name, key));
        pageId.clear(); // recreate below
    }

    if (state.value().createPending) {
        auto found = findOwnPage(resource, key);
        if (!found)
            return failedNotion(found.error(),
                                QStringLiteral("Looking up the page of %1 %2").arg(resource.name, key));
        if (!found.value().isEmpty()) {
            auto updated = api().updatePage(found.value(), built.value().properties);
            if (!updated)
                return failedNotion(updated.error(),
                                    QStringLiteral("Updating the page of %1 %2").arg(resource.name, key));
            outcome.pageId = found.value();
            outcome.values = built.value().canonical;
            return JobResult::success(200);
        }
    }
    if (auto marked = SyncState::markCreatePending(database, resource.name, key); !marked)
        return failedDatabase(marked.error());
    auto created = api().createPage(m_dataSources.value(resource.name), built.value().properties,
                                    builder.blocks(resource, row));
    if (!created)
        return failedNotion(created.error(),
                            QStringLiteral("Creating the page of %1 %2").arg(resource.name, key));
    outcome.pageId = created.value().value(QStringLiteral("id")).toString();
    outcome.values = built.value().canonical;
    return JobResult::success(200);
}

JobResult NotionSyncHandler::applyUpdateRules(const ResourceMapping &resource, const QVariantMap &row,
                                              RowReader &reader, QSqlDatabase database, Outcome &outcome) {
    PageBuilder builder(*m_mapping, reader);
    for (const PageUpdateRule &rule : resource.updates) {
        const ResourceMapping *target = m_mapping->resource(rule.resource);
        const QString targetKey = row.value(rule.keyColumn).toString();
        if (!target || targetKey.isEmpty())
            continue;
        auto page = reader.pageIdOf(*target, targetKey);
        if (!page)
            return failedDatabase(page.error());
        if (page.value().isEmpty())
            return deferUntilPageExists(database, target->name, targetKey);
        auto built = builder.build(resource, rule.properties, row, targetKey, false);
        if (!built)
            return failed(FailureKind::Permanent, built.error().code, built.error().message);
        auto state = SyncState::load(database, target->name, targetKey);
        if (!state)
            return failedDatabase(state.error());
        QJsonObject changed;
        for (auto it = built.value().canonical.begin(); it != built.value().canonical.end(); ++it) {
            if (state.value().syncedValues.value(it.key()) != it.value())
                changed.insert(it.key(), built.value().properties.value(it.key()));
        }
        outcome.touched.append({target->name, targetKey, built.value().canonical});
        if (changed.isEmpty())
            continue;
        if (auto updated = api().updatePage(page.value(), changed); !updated)
            return failedNotion(updated.error(), QStringLiteral("Updating the %1 page %2 from %3")
                                                     .arg(target->name, targetKey, resource.name));
    }
    return JobResult::success(200);
}

JobResult NotionSyncHandler::trashDeleted(const ResourceMapping &resource, const SyncJob &job,
                                          QSqlDatabase database) {
    if (!resource.hasOwnPage())
        return JobResult::success();
    auto state = SyncState::load(database, resource.name, job.resourceId);
    if (!state)
        return failedDatabase(state.error());
    QStringList pages;
    const QString known = job.payload.value(QStringLiteral("notion_page_id")).toString();
    for (const QString &page : {known, state.value().pageId}) {
        if (!page.isEmpty() && !pages.contains(page))
            pages.append(page);
    }
    if (state.value().createPending) {
        // A create whose answer was lost may have made a page nobody knows the id of: find it by its
        // Postgres ID, or it would stay behind as an orphan.
        auto found = pagesWithPostgresId(resource, job.resourceId);
        if (!found)
            return failedNotion(
                found.error(),
                QStringLiteral("Looking up the page of deleted %1 %2").arg(resource.name, job.resourceId));
        for (const QString &id : found.value()) {
            if (!pages.contains(id))
                pages.append(id);
        }
    }
    for (const QString &page : std::as_const(pages)) {
        auto trashed = api().setPageTrashed(page, true);
        if (!trashed && !pageIsGone(trashed.error()))
            return failedNotion(
                trashed.error(),
                QStringLiteral("Trashing the page of deleted %1 %2").arg(resource.name, job.resourceId));
    }
    JobResult done = JobResult::success(200);
    const QString type = resource.name;
    const QString key = job.resourceId;
    done.completionWrites = [type, key](QSqlDatabase &db) {
        return SyncState::remove(db, type, key);
    };
    return done;
}

} // namespace pgnotion
