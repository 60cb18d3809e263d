#include "inbound/InboundSyncHandler.h"

#include "db/DatabaseConnection.h"
#include "engine/PageBuilder.h"
#include "inbound/InboundValues.h"
#include "inbound/SyncConflicts.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

namespace pgnotion {

namespace {

JobResult failed(FailureKind kind, const QString &code, const QString &message) {
    return JobResult::failed(JobFailure{kind, message, code, 0, {}, {}});
}

// Connection trouble (class 08) is worth waiting for; a value the column rejects (22: data, 23: a
// constraint) or a mapping naming what does not exist (42) fails the same way every time.
JobResult failedDatabase(const Error &error) {
    if (error.code.startsWith(QLatin1String("08")) || error.code.isEmpty())
        return failed(FailureKind::Unreachable, QStringLiteral("database_unreachable"), error.message);
    if (error.code.startsWith(QLatin1String("22")) || error.code.startsWith(QLatin1String("23")))
        return failed(FailureKind::Permanent, QStringLiteral("inbound_value_rejected"),
                      error.message + QStringLiteral(" (check the inbound rule's \"values\")"));
    if (error.code.startsWith(QLatin1String("42")))
        return failed(FailureKind::Permanent, QStringLiteral("mapping_sql_error"),
                      error.message + QStringLiteral(" (check the inbound rule's columns)"));
    return failed(FailureKind::Transient, QStringLiteral("database_error"), error.message);
}

QStringList ruleColumns(const ResourceMapping &resource) {
    QStringList columns;
    for (const InboundRule &rule : resource.inbound) {
        if (!columns.contains(rule.column))
            columns.append(rule.column);
        for (const InboundAssignment &assignment : rule.also) {
            if (!columns.contains(assignment.column))
                columns.append(assignment.column);
        }
    }
    return columns;
}

} // namespace

struct InboundSyncHandler::Plan {
    bool rowExists = true;
    QList<InboundWrite::Column> writes;
    QMap<QString, QString> synced; // property -> the Notion value now known to be in sync
    QList<SyncConflict> conflicts;
    bool postgresWon = false; // Notion must get Postgres's value back
};

InboundSyncHandler::InboundSyncHandler(std::shared_ptr<const Mapping> mapping, NotionClientOptions notion)
    : m_mapping(std::move(mapping))
    , m_notion(std::move(notion)) {}

InboundSyncHandler::~InboundSyncHandler() = default;

NotionApi &InboundSyncHandler::api() {
    if (!m_api) {
        m_client = std::make_unique<NotionClient>(m_notion);
        m_api = std::make_unique<NotionApi>(*m_client);
    }
    return *m_api;
}

JobResult InboundSyncHandler::handle(const SyncJob &job, JobContext &context) {
    const ResourceMapping *resource = m_mapping->resource(job.resourceType);
    if (!resource || !resource->enabled || resource->inbound.isEmpty())
        return failed(
            FailureKind::Permanent, QStringLiteral("no_inbound_rules"),
            QStringLiteral("No enabled mapping with inbound rules for resource type \"%1\" (%1 %2) in "
                           "%3: add the rules and retry the job, or discard it")
                .arg(job.resourceType, job.resourceId, m_mapping->sourceFile));
    const QString pageId = job.payload.value(QStringLiteral("page_id")).toString();
    if (pageId.isEmpty())
        return failed(
            FailureKind::Permanent, QStringLiteral("no_page_id"),
            QStringLiteral("The job names no Notion page: inbound jobs are made by the poller, which "
                           "queues the page again on its next change"));
    auto page = api().retrievePage(pageId);
    if (!page) {
        if (page.error().code == QLatin1String("object_not_found"))
            return JobResult::success(); // deleted in Notion since the poll: nothing to apply
        JobFailure failure = page.error().toJobFailure();
        failure.message = QStringLiteral("Reading the Notion page of %1 %2: %3")
                              .arg(job.resourceType, job.resourceId, failure.message);
        return JobResult::failed(failure);
    }
    if (page.value().value(QStringLiteral("in_trash")).toBool())
        return JobResult::success(200); // trashed since the poll: deletes do not flow back
    const QJsonObject properties = page.value().value(QStringLiteral("properties")).toObject();
    QSqlDatabase database = context.database();
    if (!database.isOpen())
        return failed(FailureKind::Unreachable, QStringLiteral("database_unreachable"),
                      QStringLiteral("The worker cannot reach PostgreSQL"));
    if (!database.transaction())
        return failedDatabase(Error{database.lastError().text(), database.lastError().nativeErrorCode()});
    auto planned = plan(*resource, job.resourceId, properties, database);
    if (!planned) {
        database.rollback();
        // Not a SQLSTATE: a value pgnotion cannot read (an unsupported type, a truncated value).
        static const QRegularExpression sqlState(QStringLiteral("^[0-9A-Z]{5}$"));
        if (!planned.error().code.isEmpty() && !sqlState.match(planned.error().code).hasMatch())
            return failed(FailureKind::Permanent, planned.error().code, planned.error().message);
        return failedDatabase(planned.error());
    }
    if (auto applied = apply(*resource, job.resourceId, planned.value(), database); !applied)
        return failedDatabase(applied.error()); // rolled back by apply()
    if (!database.commit()) {
        const QSqlError error = database.lastError();
        database.rollback();
        return failedDatabase(Error{error.text(), error.nativeErrorCode()});
    }
    return JobResult::success(200);
}

Result<InboundSyncHandler::Plan> InboundSyncHandler::plan(const ResourceMapping &resource, const QString &key,
                                                          const QJsonObject &properties,
                                                          QSqlDatabase database) {
    Plan plan;
    RowReader reader(database);
    // The row is locked first: a Postgres write cannot slip between the comparison and the write.
    const QStringList columns = ruleColumns(resource);
    QStringList selected;
    for (const QString &column : columns)
        selected.append(reader.quoted(column) + QStringLiteral("::text"));
    QSqlQuery lock(database);
    lock.prepare(QStringLiteral("SELECT %1 FROM %2 WHERE %3 = ? FOR UPDATE")
                     .arg(selected.join(QStringLiteral(", ")), reader.quotedTable(resource),
                          reader.quoted(resource.keyColumn)));
    lock.addBindValue(key);
    if (!lock.exec())
        return sqlError(lock, QStringLiteral("Locking %1 %2").arg(resource.name, key));
    if (!lock.next()) {
        plan.rowExists = false; // deleted meanwhile: its outbound delete trashes the page
        return plan;
    }
    QJsonObject current;
    for (qsizetype i = 0; i < columns.size(); ++i)
        current.insert(columns.at(i), lock.isNull(int(i)) ? QJsonValue(QJsonValue::Null)
                                                          : QJsonValue(lock.value(int(i)).toString()));
    auto row = reader.read(resource, key);
    if (!row)
        return row.error();
    if (!row.value()) {
        plan.rowExists = false;
        return plan;
    }
    auto state = SyncState::load(database, resource.name, key);
    if (!state)
        return state.error();
    PageBuilder builder(*m_mapping, reader);
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);

    for (const InboundRule &rule : resource.inbound) {
        if (!properties.contains(rule.property))
            continue; // not in the page (the validator reports a missing property)
        const QJsonObject value = properties.value(rule.property).toObject();
        auto notion = InboundValues::canonical(value);
        if (!notion)
            return Error{QStringLiteral("%1 %2, property \"%3\": %4")
                             .arg(resource.name, key, rule.property, notion.error().message),
                         notion.error().code};
        std::optional<QString> postgres;
        if (const PropertyMapping *outbound = resource.property(rule.property)) {
            auto built = builder.build(resource, {*outbound}, *row.value(), key, false);
            if (built)
                postgres = built.value().canonical.value(rule.property);
        }
        // Never synced: Postgres's value is the base (a difference is Notion's edit).
        const QString base = state.value().syncedValues.contains(rule.property)
                                 ? state.value().syncedValues.value(rule.property)
                                 : postgres.value_or(QString());
        if (notion.value() == base)
            continue; // unchanged in Notion (the overlap, or the integration's own write)
        if (postgres && notion.value() == *postgres) {
            plan.synced.insert(rule.property, notion.value()); // both sides made the same change
            continue;
        }
        auto write = InboundValues::toPostgres(rule, value);
        if (!write)
            return Error{QStringLiteral("%1 %2: %3").arg(resource.name, key, write.error().message),
                         write.error().code};
        const bool postgresChanged = postgres && *postgres != base;
        const bool notionWins = !postgresChanged || rule.owner == InboundRule::Owner::Notion;
        if (notionWins)
            plan.writes += write.value().columns;
        else
            plan.postgresWon = true;
        // Either way Notion holds this value now: the outbound sync compares against it, and sends
        // Postgres's value when Postgres won.
        plan.synced.insert(rule.property, notion.value());
        if (postgresChanged) {
            SyncConflict conflict;
            conflict.resourceType = resource.name;
            conflict.resourceId = key;
            conflict.property = rule.property;
            conflict.baseValue = base;
            conflict.postgresValue = *postgres;
            conflict.notionValue = notion.value();
            for (const InboundWrite::Column &column : write.value().columns)
                conflict.postgresColumns.insert(column.column, current.value(column.column));
            conflict.notionColumns = InboundValues::describe(write.value(), now);
            conflict.winner = notionWins ? QStringLiteral("notion") : QStringLiteral("postgres");
            plan.conflicts.append(conflict);
        }
    }
    return plan;
}

Result<void> InboundSyncHandler::apply(const ResourceMapping &resource, const QString &key, const Plan &plan,
                                       QSqlDatabase database) {
    if (!plan.rowExists)
        return {};
    // Every failure rolls back here, while its statement still exists: a statement freed in an aborted
    // transaction makes the driver complain.
    auto fail = [&database](const Error &error) -> Result<void> {
        database.rollback();
        return error;
    };
    RowReader reader(database);
    if (!plan.writes.isEmpty()) {
        QStringList assignments;
        for (const InboundWrite::Column &column : plan.writes)
            assignments.append(reader.quoted(column.column) +
                               (column.now ? QStringLiteral(" = now()") : QStringLiteral(" = ?")));
        // The outbox trigger enqueues nothing for this transaction's writes: no echo back to Notion.
        QSqlQuery origin(database);
        if (!origin.exec(QStringLiteral("SET LOCAL pgnotion.origin = 'notion'")))
            return fail(sqlError(
                origin, QStringLiteral("Marking the write of %1 %2 as Notion's").arg(resource.name, key)));
        QSqlQuery update(database);
        update.prepare(QStringLiteral("UPDATE %1 SET %2 WHERE %3 = ?")
                           .arg(reader.quotedTable(resource), assignments.join(QStringLiteral(", ")),
                                reader.quoted(resource.keyColumn)));
        for (const InboundWrite::Column &column : plan.writes) {
            if (!column.now)
                update.addBindValue(column.value);
        }
        update.addBindValue(key);
        if (!update.exec()) {
            return fail(
                sqlError(update, QStringLiteral("Writing the Notion edit of %1 %2").arg(resource.name, key)));
        }
    }
    if (!plan.synced.isEmpty()) {
        if (auto saved = SyncState::save(database, resource.name, key, {}, plan.synced); !saved)
            return fail(saved.error());
    }
    for (const SyncConflict &conflict : plan.conflicts) {
        if (auto recorded = SyncConflicts::record(database, conflict); !recorded)
            return fail(recorded.error());
    }
    bool outbound = plan.postgresWon;
    if (!outbound && !plan.writes.isEmpty()) {
        auto state = SyncState::load(database, resource.name, key);
        if (!state)
            return fail(state.error());
        auto changed = dependentPropertiesChanged(resource, key, state.value().syncedValues, database);
        if (!changed)
            return fail(changed.error());
        outbound = changed.value();
    }
    if (outbound) {
        QSqlQuery enqueue(database);
        enqueue.prepare(QStringLiteral("SELECT pgnotion.enqueue(?, ?, 'postgres_to_notion', 0::smallint, "
                                       "'{\"operation\": \"upsert\", \"reason\": \"inbound\"}'::jsonb)"));
        enqueue.addBindValue(resource.name);
        enqueue.addBindValue(key);
        if (!enqueue.exec())
            return fail(sqlError(
                enqueue, QStringLiteral("Queueing the sync of %1 %2 to Notion").arg(resource.name, key)));
    }
    return {};
}

Result<bool> InboundSyncHandler::dependentPropertiesChanged(const ResourceMapping &resource,
                                                            const QString &key,
                                                            const QMap<QString, QString> &synced,
                                                            QSqlDatabase database) {
    RowReader reader(database);
    auto row = reader.read(resource, key);
    if (!row)
        return row.error();
    if (!row.value())
        return false;
    PageBuilder builder(*m_mapping, reader);
    // Build errors are the outbound sync's to report: only a successful build is compared.
    if (auto own = builder.build(resource, resource.properties, *row.value(), key, false); own) {
        for (auto it = own.value().canonical.cbegin(); it != own.value().canonical.cend(); ++it) {
            if (synced.contains(it.key()) && synced.value(it.key()) != it.value())
                return true;
        }
    }
    for (const PageUpdateRule &rule : resource.updates) {
        const QString targetKey = row.value()->value(rule.keyColumn).toString();
        const ResourceMapping *target = m_mapping->resource(rule.resource);
        if (!target || targetKey.isEmpty())
            continue;
        auto built = builder.build(resource, rule.properties, *row.value(), targetKey, false);
        auto state = SyncState::load(database, target->name, targetKey);
        if (!state)
            return state.error();
        if (!built)
            continue;
        for (auto it = built.value().canonical.cbegin(); it != built.value().canonical.cend(); ++it) {
            if (state.value().syncedValues.value(it.key()) != it.value())
                return true;
        }
    }
    return false;
}

} // namespace pgnotion
