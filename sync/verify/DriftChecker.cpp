#include "verify/DriftChecker.h"

#include "db/DatabaseConnection.h"
#include "engine/PageBuilder.h"
#include "engine/RowReader.h"
#include "notion/NotionApi.h"
#include "verify/DriftClassifier.h"
#include "verify/ResourceRowScanner.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace pgnotion {

DriftChecker::DriftChecker(Mapping mapping, QHash<QString, QString> dataSources, NotionClientOptions notion)
    : m_mapping(std::move(mapping))
    , m_dataSources(std::move(dataSources))
    , m_notion(std::move(notion)) {}

QStringList DriftChecker::resources() const {
    QStringList names;
    for (const QString &name : m_mapping.syncOrder()) {
        if (m_dataSources.contains(name))
            names.append(name);
    }
    return names;
}

void DriftChecker::progress(const QString &line) const {
    if (m_progress)
        m_progress(line);
}

Result<void> DriftChecker::readRows(QSqlDatabase database, const ResourceMapping &resource,
                                    ResourceFacts &facts) {
    RowReader reader(database);
    PageBuilder builder(m_mapping, reader);
    // Relations are resolved by the classifier from the related resource's rows (all in memory by then),
    // not by one page id look-up per row as a job does.
    QList<PropertyMapping> plain;
    QList<PropertyMapping> relations;
    for (const PropertyMapping &property : resource.properties)
        (property.type == PropertyType::Relation ? relations : plain).append(property);
    ResourceRowScanner scanner(database, m_chunkSize);
    return scanner.scan(resource, [&](const QList<ScannedRow> &chunk) -> Result<void> {
        for (const ScannedRow &scanned : chunk) {
            RowFacts row;
            row.key = scanned.key;
            const QString pageId = scanned.values.value(resource.pageIdColumn).toString();
            row.pageId = pageId.isEmpty() ? QString() : NotionApi::normalizeId(pageId);
            auto built = builder.build(resource, plain, scanned.values, scanned.key, true);
            if (built)
                row.expected = built.value().canonical;
            else
                row.error = built.error().message;
            for (const PropertyMapping &relation : std::as_const(relations)) {
                const QVariant related = scanned.values.value(relation.column);
                row.relations.insert(relation.property, related.isNull() ? QString() : related.toString());
            }
            facts.rows.append(std::move(row));
        }
        progress(QStringLiteral("%1: %2 rows read").arg(resource.name).arg(facts.rows.size()));
        return {};
    });
}

Result<void> DriftChecker::readSyncRecords(QSqlDatabase database, const ResourceMapping &resource,
                                           ResourceFacts &facts) {
    QSqlQuery state(database);
    state.setForwardOnly(true);
    state.prepare(
        QStringLiteral("SELECT resource_id, notion_page_id, synced_values::text FROM pgnotion.sync_state "
                       "WHERE resource_type = ?"));
    state.addBindValue(resource.name);
    if (!state.exec())
        return sqlError(state, QStringLiteral("Reading the sync state of %1").arg(resource.name));
    // The last synced values of inbound-rule properties: a difference that Notion made since is an
    // edit the inbound sync will apply, not drift to overwrite.
    QHash<QString, QMap<QString, QString>> synced;
    while (state.next()) {
        const QString key = state.value(0).toString();
        const QString page = state.value(1).toString();
        facts.syncedPages.insert(key, page.isEmpty() ? QString() : NotionApi::normalizeId(page));
        if (resource.inbound.isEmpty())
            continue;
        const QJsonObject values = QJsonDocument::fromJson(state.value(2).toByteArray()).object();
        for (const InboundRule &rule : resource.inbound) {
            if (values.contains(rule.property))
                synced[key].insert(rule.property, values.value(rule.property).toString());
        }
    }
    QSqlQuery queued(database);
    queued.setForwardOnly(true);
    queued.prepare(
        QStringLiteral("SELECT DISTINCT resource_id FROM pgnotion.sync_queue WHERE resource_type = ? "
                       "AND status IN ('pending', 'retrying', 'running')"));
    queued.addBindValue(resource.name);
    if (!queued.exec())
        return sqlError(queued, QStringLiteral("Reading the queued jobs of %1").arg(resource.name));
    while (queued.next())
        facts.queued.insert(queued.value(0).toString());
    // As the engine does: the row's page id column first, else the page sync_state recorded.
    for (RowFacts &row : facts.rows) {
        if (row.pageId.isEmpty())
            row.pageId = facts.syncedPages.value(row.key);
        row.synced = synced.value(row.key);
    }
    return {};
}

Result<DriftReport> DriftChecker::check(QSqlDatabase database) {
    NotionClient client(m_notion);
    NotionApi api(client);
    QHash<QString, ResourceFacts> facts;
    const QStringList order = resources();
    for (const QString &name : order) {
        const ResourceMapping *resource = m_mapping.resource(name);
        ResourceFacts &resourceFacts = facts[name];
        resourceFacts.mapping = resource;
        if (auto rows = readRows(database, *resource, resourceFacts); !rows)
            return rows.error();
        if (auto records = readSyncRecords(database, *resource, resourceFacts); !records)
            return records.error();
        auto pages = api.queryAll(m_dataSources.value(name));
        if (!pages)
            return Error{
                QStringLiteral("Reading the pages of %1 from Notion: %2").arg(name, pages.error().describe()),
                pages.error().code};
        for (const QJsonObject &page : pages.value()) {
            if (!page.value(QStringLiteral("in_trash")).toBool() &&
                !page.value(QStringLiteral("archived")).toBool())
                resourceFacts.pages.append(page);
        }
        progress(QStringLiteral("%1: %2 pages read").arg(name).arg(resourceFacts.pages.size()));
    }
    DriftClassifier classifier(facts, [&api](const QString &pageId) { return api.retrievePage(pageId); });
    return classifier.classify(order);
}

} // namespace pgnotion
