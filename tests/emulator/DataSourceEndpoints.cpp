#include "DataSourceEndpoints.h"

#include "ApiError.h"
#include "NotionIds.h"
#include "ObjectRenderer.h"
#include "PropertySchema.h"
#include "QueryEngine.h"
#include "RichText.h"

#include <QJsonArray>

namespace notionemu {

using namespace Qt::StringLiterals;

QString DataSourceEndpoints::visibleDataSource(const QString &rawId) const {
    const QString id = normalizeNotionId(rawId);
    if (id.isEmpty() || !m_workspace.dataSourceVisible(m_context.token, id))
        throw ApiError::objectNotFound(u"data_source"_s, id.isEmpty() ? rawId : id);
    return id;
}

ApiReply DataSourceEndpoints::retrieve(const QString &dataSourceId) {
    const QString id = visibleDataSource(dataSourceId);
    return {200, ObjectRenderer(m_workspace).dataSource(m_workspace.dataSources.value(id))};
}

ApiReply DataSourceEndpoints::update(const QString &dataSourceId) {
    const QString id = visibleDataSource(dataSourceId);
    DataSourceRecord updated = m_workspace.dataSources.value(id);
    const QJsonObject &body = m_context.body;
    if (body.value(u"title"_s).isArray())
        updated.name = RichText::plainText(RichText::fromRequest(body.value(u"title"_s), u"body.title"_s));
    const QJsonObject properties = body.value(u"properties"_s).toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        const QString path = u"body.properties."_s + it.key();
        PropertyConfig *existing = updated.find(it.key());
        if (it.value().isNull()) {
            if (!existing)
                throw ApiError::validation(it.key() + u" is not a property that exists."_s);
            if (existing->type == u"title"_s)
                throw ApiError::validation(u"Cannot delete the title property."_s); // the emulator's wording
            updated.properties.removeIf([&](const PropertyConfig &p) { return p.id == existing->id; });
            continue;
        }
        if (existing)
            PropertySchema::applyUpdate(*existing, it.value().toObject(), m_workspace, path);
        else
            updated.properties.append(
                PropertySchema::fromRequest(it.key(), it.value().toObject(), m_workspace, path));
    }
    updated.edited = m_workspace.now();
    updated.editedBy = m_context.botId;
    m_workspace.dataSources.insert(id, updated);
    return {200, ObjectRenderer(m_workspace).dataSource(updated)};
}

ApiReply DataSourceEndpoints::query(const QString &dataSourceId) {
    const QString id = visibleDataSource(dataSourceId);
    const QJsonObject &body = m_context.body;
    const PageRequest request = PageRequest::from(m_context);
    const bool inTrash = body.value(u"in_trash"_s).toBool(body.value(u"archived"_s).toBool(false));
    const DataSourceRecord &dataSource = *m_workspace.dataSources.constFind(id);
    QStringList ids =
        QueryEngine(m_workspace, dataSource).run(body.value(u"filter"_s), body.value(u"sorts"_s), inTrash);
    // Notion stops a query at its result limit (10,000); what lies beyond can only be read by splitting it.
    const bool truncated = ids.size() > m_workspace.queryResultLimit;
    ids = ids.mid(0, m_workspace.queryResultLimit);
    ListSlice slice = ListSlice::of(ids, request);
    const bool limitReached = truncated && !slice.hasMore;
    QJsonArray results;
    const ObjectRenderer renderer(m_workspace);
    for (const QString &pageId : std::as_const(slice.ids))
        results.append(renderer.page(m_workspace.pages.value(pageId)));
    QJsonObject list = slice.toJson(results, u"page_or_data_source"_s);
    QJsonObject status{{u"type"_s, limitReached ? u"incomplete"_s : u"complete"_s}};
    if (limitReached)
        status.insert(u"incomplete_reason"_s, u"query_result_limit_reached"_s);
    list.insert(u"request_status"_s, status);
    return {200, list};
}

} // namespace notionemu
