#include "migration/InitialImport.h"

#include "db/DatabaseConnection.h"
#include "engine/RowReader.h"
#include "engine/SyncState.h"
#include "inbound/InboundValues.h"
#include "migration/ImportProgressStore.h"
#include "queue/QueueAdmin.h"

#include <QJsonArray>
#include <QSqlQuery>

#include <algorithm>

namespace pgnotion {
namespace {

QString pageIdOf(const QJsonObject &page) {
    return page.value(QStringLiteral("id")).toString();
}

QDateTime createdTimeOf(const QJsonObject &page) {
    return QDateTime::fromString(page.value(QStringLiteral("created_time")).toString(), Qt::ISODateWithMs)
        .toUTC();
}

QJsonObject propertyOf(const QJsonObject &page, const QString &name) {
    return page.value(QStringLiteral("properties")).toObject().value(name).toObject();
}

} // namespace

// The resource's rows as the matching needs them, kept up to date as pages are linked within the run.
struct InitialImport::Rows {
    QString titleColumn; // empty: the title is not a column of the table; matching by Postgres ID only
    QHash<QString, QString> pageOfKey; // key -> linked page id ("" = none)
    QHash<QString, QString> keyOfPage;
    QHash<QString, QStringList> keysOfTitle;
};

// What one batch of pages changes, committed in one transaction with the progress.
struct InitialImport::Batch {
    struct Link {
        QString key;
        QString pageId;
    };
    struct NewRow {
        QJsonObject page;
        QString title;
    };
    QList<Link> links;
    QList<NewRow> newRows;
    ImportCursor cursor;
};

struct InitialImport::Decision {
    enum class Kind { AlreadyLinked, ById, ByTitle, Unmatched, Ambiguous, Create } kind = Kind::Unmatched;
    QString key;
    QString reason;
};

InitialImport::InitialImport(QSqlDatabase database, NotionApi &api, const Mapping &mapping,
                             QHash<QString, QString> dataSources, ImportOptions options)
    : m_database(std::move(database))
    , m_api(api)
    , m_mapping(mapping)
    , m_dataSources(std::move(dataSources))
    , m_options(options) {
    m_options.batchSize = std::max(1, m_options.batchSize);
}

Result<ImportReport> InitialImport::run(const QString &databaseUrl, const Mapping &mapping,
                                        const QHash<QString, QString> &dataSources,
                                        const NotionClientOptions &notion, const ImportOptions &options,
                                        const ImportProgressCallback &progress) {
    return withConnection(databaseUrl, QStringLiteral("initial-import"),
                          [&](QSqlDatabase database) -> Result<ImportReport> {
                              NotionClient client(notion);
                              NotionApi api(client);
                              InitialImport import(database, api, mapping, dataSources, options);
                              return import.importAll(progress);
                          });
}

Result<ImportReport> InitialImport::importAll(const ImportProgressCallback &progress) {
    ImportReport report;
    report.dryRun = m_options.dryRun;
    for (const QString &name : m_mapping.syncOrder()) {
        const ResourceMapping *resource = m_mapping.resource(name);
        if (!resource || !resource->enabled || !resource->hasOwnPage())
            continue;
        ResourceImportReport &resourceReport = report.resources.emplace_back();
        resourceReport.resource = name;
        resourceReport.dataSourceId = m_dataSources.value(name);
        if (resourceReport.dataSourceId.isEmpty()) {
            resourceReport.errors.append(QStringLiteral("No Notion data source for %1: skipped").arg(name));
            continue;
        }
        if (auto done = importResource(*resource, resourceReport, progress, report); !done)
            return done.error();
        if (report.interrupted)
            return report;
    }
    if (!m_options.dryRun && m_options.resyncAfterwards) {
        if (auto queued = resyncAll(report); !queued)
            return queued.error();
    }
    return report;
}

QString InitialImport::titleProperty(const ResourceMapping &resource) const {
    for (const PropertyMapping &property : resource.properties) {
        if (property.type == PropertyType::Title)
            return property.property;
    }
    return {};
}

Result<InitialImport::Rows> InitialImport::loadRows(const ResourceMapping &resource,
                                                    ResourceImportReport &report) {
    RowReader reader(m_database);
    Rows rows;
    const QString title = titleProperty(resource);
    if (const PropertyMapping *property = resource.property(title))
        rows.titleColumn = property->column;
    QSqlQuery query(m_database);
    query.setForwardOnly(true);
    const QString select = QStringLiteral("SELECT %1::text, %2::text%3 FROM %4")
                               .arg(reader.quoted(resource.keyColumn), reader.quoted(resource.pageIdColumn));
    if (rows.titleColumn.isEmpty() ||
        !query.exec(
            select.arg(QStringLiteral(", ") + reader.quoted(rows.titleColumn) + QStringLiteral("::text"),
                       reader.quotedTable(resource)))) {
        // The title may come from the mapping's query (a join), not from the table.
        if (!rows.titleColumn.isEmpty())
            report.errors.append(
                QStringLiteral("The title column %1 is not a column of %2: pages are matched "
                               "by their %3 only")
                    .arg(rows.titleColumn, resource.table, resource.idProperty));
        rows.titleColumn.clear();
        if (!query.exec(select.arg(QString(), reader.quotedTable(resource))))
            return sqlError(query, QStringLiteral("Reading the rows of %1").arg(resource.name));
    }
    while (query.next()) {
        const QString key = query.value(0).toString();
        const QString page = query.value(1).toString();
        rows.pageOfKey.insert(key, page);
        if (!page.isEmpty())
            rows.keyOfPage.insert(NotionApi::normalizeId(page), key);
        if (!rows.titleColumn.isEmpty())
            rows.keysOfTitle[query.value(2).toString().trimmed()].append(key);
    }
    return rows;
}

InitialImport::Decision InitialImport::decide(const ResourceMapping &resource, const QJsonObject &page,
                                              Rows &rows, const QHash<QString, int> &titleCount,
                                              const QHash<QString, int> &idCount) const {
    using Kind = Decision::Kind;
    const QString pageId = NotionApi::normalizeId(pageIdOf(page));
    if (const auto linked = rows.keyOfPage.constFind(pageId); linked != rows.keyOfPage.constEnd())
        return {Kind::AlreadyLinked, *linked, {}};
    const auto linkTo = [&](const QString &key, Kind kind) -> Decision {
        const QString current = rows.pageOfKey.value(key);
        if (!current.isEmpty())
            return {Kind::Unmatched, key, QStringLiteral("row %1 is linked to page %2").arg(key, current)};
        return {kind, key, {}};
    };
    const QString postgresId = InboundValues::plainText(propertyOf(page, resource.idProperty));
    if (!postgresId.isEmpty()) {
        if (idCount.value(postgresId) > 1)
            return {Kind::Ambiguous,
                    {},
                    QStringLiteral("%1 pages carry %2 %3")
                        .arg(idCount.value(postgresId))
                        .arg(resource.idProperty, postgresId)};
        if (!rows.pageOfKey.contains(postgresId))
            return {Kind::Unmatched,
                    {},
                    QStringLiteral("no row with %1 %2").arg(resource.idProperty, postgresId)};
        return linkTo(postgresId, Kind::ById);
    }
    const QString title = InboundValues::plainText(propertyOf(page, titleProperty(resource)));
    if (rows.titleColumn.isEmpty())
        return {Kind::Unmatched,
                {},
                QStringLiteral("no %1 and no title column to match").arg(resource.idProperty)};
    if (title.isEmpty())
        return {Kind::Unmatched, {}, QStringLiteral("no %1 and no title").arg(resource.idProperty)};
    if (titleCount.value(title) > 1)
        return {Kind::Ambiguous, {}, QStringLiteral("%1 pages have this title").arg(titleCount.value(title))};
    const QStringList keys = rows.keysOfTitle.value(title);
    if (keys.size() > 1)
        return {Kind::Ambiguous,
                {},
                QStringLiteral("%1 rows have this title (%2)")
                    .arg(keys.size())
                    .arg(keys.join(QStringLiteral(", ")))};
    if (keys.isEmpty()) {
        if (m_options.createRows)
            return {Kind::Create, {}, {}};
        return {Kind::Unmatched, {}, QStringLiteral("no row has this title")};
    }
    return linkTo(keys.first(), Kind::ByTitle);
}

Result<void> InitialImport::importResource(const ResourceMapping &resource, ResourceImportReport &report,
                                           const ImportProgressCallback &progress, ImportReport &whole) {
    ImportProgressStore store(m_database);
    auto cursor = store.load(resource.name, report.dataSourceId);
    if (!cursor)
        return cursor.error();
    auto rows = loadRows(resource, report);
    if (!rows)
        return rows.error();
    // Every page, oldest first: the order the progress cursor follows. Re-read on a resume (one request per
    // 100 pages) so that titles shared with pages of the earlier run are still seen as ambiguous.
    const QJsonArray sorts{QJsonObject{{QStringLiteral("timestamp"), QStringLiteral("created_time")},
                                       {QStringLiteral("direction"), QStringLiteral("ascending")}}};
    auto queried = m_api.queryAll(report.dataSourceId, {}, sorts);
    if (!queried) {
        report.errors.append(
            QStringLiteral("Reading the pages of %1: %2").arg(resource.name, queried.error().describe()));
        return {};
    }
    QList<QJsonObject> pages = queried.value();
    std::stable_sort(pages.begin(), pages.end(), [](const QJsonObject &a, const QJsonObject &b) {
        const QDateTime left = createdTimeOf(a), right = createdTimeOf(b);
        return left != right ? left < right : pageIdOf(a) < pageIdOf(b);
    });
    report.pagesRead = int(pages.size());
    QHash<QString, int> titleCount, idCount;
    const QString title = titleProperty(resource);
    for (const QJsonObject &page : pages) {
        if (const QString id = InboundValues::plainText(propertyOf(page, resource.idProperty)); !id.isEmpty())
            ++idCount[id];
        else if (const QString text = InboundValues::plainText(propertyOf(page, title)); !text.isEmpty())
            ++titleCount[text];
    }

    Batch batch;
    batch.cursor = cursor.value();
    int inBatch = 0;
    for (qsizetype i = 0; i < pages.size(); ++i) {
        const QJsonObject &page = pages.at(i);
        const QDateTime created = createdTimeOf(page);
        const QString pageId = pageIdOf(page);
        if (cursor.value().isBefore(created, pageId)) {
            ++report.pagesSkipped;
            continue;
        }
        const Decision decision = decide(resource, page, rows.value(), titleCount, idCount);
        const QString pageTitle = InboundValues::plainText(propertyOf(page, title));
        switch (decision.kind) {
        case Decision::Kind::AlreadyLinked:
            ++report.alreadyLinked;
            break;
        case Decision::Kind::ById:
        case Decision::Kind::ByTitle:
            ++(decision.kind == Decision::Kind::ById ? report.matchedById : report.matchedByTitle);
            ++m_matched;
            batch.links.append({decision.key, pageId});
            // Linked in memory at once: a later page of this run cannot take the same row.
            rows.value().pageOfKey.insert(decision.key, pageId);
            rows.value().keyOfPage.insert(NotionApi::normalizeId(pageId), decision.key);
            break;
        case Decision::Kind::Create:
            batch.newRows.append({page, pageTitle});
            break;
        case Decision::Kind::Ambiguous:
            report.ambiguous.append({pageId, pageTitle, decision.reason});
            break;
        case Decision::Kind::Unmatched:
            report.unmatched.append({pageId, pageTitle, decision.reason});
            break;
        }
        batch.cursor.createdTime = created;
        batch.cursor.pageId = pageId;
        ++batch.cursor.pagesDone;
        if (++inBatch < m_options.batchSize && i + 1 < pages.size())
            continue;
        if (auto committed = commit(resource, rows.value().titleColumn, batch, report); !committed)
            return committed.error();
        inBatch = 0;
        if (progress &&
            !progress({resource.name, report.pagesRead, int(batch.cursor.pagesDone), m_matched, m_linked})) {
            whole.interrupted = true;
            return {};
        }
    }
    if (inBatch > 0) {
        if (auto committed = commit(resource, rows.value().titleColumn, batch, report); !committed)
            return committed.error();
    }
    if (!m_options.dryRun) {
        if (auto finished = store.finish(resource.name, report.dataSourceId); !finished)
            return finished.error();
    }
    return {};
}

Result<void> InitialImport::commit(const ResourceMapping &resource, const QString &titleColumn, Batch &batch,
                                   ResourceImportReport &report) {
    const auto clear = [&] {
        batch.links.clear();
        batch.newRows.clear();
    };
    if (m_options.dryRun) {
        report.linked += int(batch.links.size());
        m_linked += int(batch.links.size());
        report.rowsCreated += int(batch.newRows.size());
        clear();
        return {};
    }
    if (!m_database.transaction())
        return Error{QStringLiteral("Starting the import transaction of %1").arg(resource.name), {}};
    const auto fail = [&](const Error &error) -> Result<void> {
        m_database.rollback();
        return error;
    };
    // Linking is no change of the row's content: the outbox trigger must not queue anything for it (the
    // full sync at the end does, once).
    QSqlQuery origin(m_database);
    if (!origin.exec(QStringLiteral("SET LOCAL pgnotion.origin = 'notion'")))
        return fail(sqlError(origin, QStringLiteral("Marking the import's writes as Notion's")));
    RowReader reader(m_database);
    int linked = 0;
    for (const Batch::Link &link : batch.links) {
        QSqlQuery update(m_database);
        update.prepare(QStringLiteral("UPDATE %1 SET %2 = ? WHERE %3 = ? AND coalesce(%2::text, '') = ''")
                           .arg(reader.quotedTable(resource), reader.quoted(resource.pageIdColumn),
                                reader.quoted(resource.keyColumn)));
        update.addBindValue(link.pageId);
        update.addBindValue(link.key);
        if (!update.exec())
            return fail(sqlError(update, QStringLiteral("Linking %1 %2").arg(resource.name, link.key)));
        if (update.numRowsAffected() != 1) {
            report.unmatched.append(
                {link.pageId, {}, QStringLiteral("row %1 was linked meanwhile").arg(link.key)});
            continue;
        }
        if (auto saved = SyncState::save(m_database, resource.name, link.key, link.pageId, {}); !saved)
            return fail(saved.error());
        ++linked;
    }
    for (const Batch::NewRow &row : batch.newRows) {
        QStringList columns{reader.quoted(titleColumn), reader.quoted(resource.pageIdColumn)};
        QStringList values{QStringLiteral("?"), QStringLiteral("?")};
        QVariantList binds{row.title, pageIdOf(row.page)};
        for (const InboundRule &rule : resource.inbound) {
            const QJsonObject property = propertyOf(row.page, rule.property);
            if (property.isEmpty())
                continue;
            auto write = InboundValues::toPostgres(rule, property);
            if (!write)
                continue;
            for (const InboundWrite::Column &column : write.value().columns) {
                if (columns.contains(reader.quoted(column.column)))
                    continue;
                columns.append(reader.quoted(column.column));
                values.append(column.now ? QStringLiteral("now()") : QStringLiteral("?"));
                if (!column.now)
                    binds.append(column.value);
            }
        }
        QSqlQuery savepoint(m_database);
        if (!savepoint.exec(QStringLiteral("SAVEPOINT import_row")))
            return fail(sqlError(savepoint, QStringLiteral("Creating a row of %1").arg(resource.name)));
        QSqlQuery insert(m_database);
        insert.prepare(QStringLiteral("INSERT INTO %1 (%2) VALUES (%3) RETURNING %4::text")
                           .arg(reader.quotedTable(resource), columns.join(QStringLiteral(", ")),
                                values.join(QStringLiteral(", ")), reader.quoted(resource.keyColumn)));
        for (const QVariant &bind : std::as_const(binds))
            insert.addBindValue(bind);
        if (!insert.exec() || !insert.next()) {
            const Error error = sqlError(insert, QStringLiteral("creating its row"));
            if (!savepoint.exec(QStringLiteral("ROLLBACK TO SAVEPOINT import_row")))
                return fail(sqlError(savepoint, QStringLiteral("Creating a row of %1").arg(resource.name)));
            report.unmatched.append({pageIdOf(row.page), row.title, error.message});
            continue;
        }
        const QString key = insert.value(0).toString();
        if (auto saved = SyncState::save(m_database, resource.name, key, pageIdOf(row.page), {}); !saved)
            return fail(saved.error());
        ++report.rowsCreated;
    }
    if (auto saved =
            ImportProgressStore(m_database).save(resource.name, report.dataSourceId, batch.cursor, linked);
        !saved)
        return fail(saved.error());
    if (!m_database.commit())
        return fail(Error{QStringLiteral("Committing the import of %1").arg(resource.name), {}});
    report.linked += linked;
    m_linked += linked;
    clear();
    return {};
}

Result<void> InitialImport::resyncAll(ImportReport &report) {
    QueueAdmin admin(m_database);
    for (ResourceImportReport &resourceReport : report.resources) {
        const ResourceMapping *resource = m_mapping.resource(resourceReport.resource);
        if (!resource || resourceReport.dataSourceId.isEmpty())
            continue;
        auto queued = admin.resyncAll(resource->name, resource->table, resource->keyColumn);
        if (!queued)
            return queued.error();
        resourceReport.resyncQueued = queued.value();
    }
    return {};
}

} // namespace pgnotion
