#include "WorkspaceEndpoints.h"

#include "ApiError.h"
#include "DatabaseFactory.h"
#include "NotionIds.h"
#include "ObjectRenderer.h"
#include "RichText.h"

#include <QJsonArray>

namespace notionemu {

using namespace Qt::StringLiterals;

ApiReply WorkspaceEndpoints::me() {
    return {200, ObjectRenderer(m_workspace).user(m_context.botId)};
}

ApiReply WorkspaceEndpoints::listUsers() {
    const ListSlice slice = ListSlice::of(m_workspace.userOrder, PageRequest::from(m_context));
    QJsonArray results;
    const ObjectRenderer renderer(m_workspace);
    for (const QString &id : slice.ids)
        results.append(renderer.user(id));
    return {200, slice.toJson(results, u"user"_s)};
}

ApiReply WorkspaceEndpoints::retrieveDatabase(const QString &databaseId) {
    const QString id = normalizeNotionId(databaseId);
    if (id.isEmpty() || !m_workspace.databaseVisible(m_context.token, id))
        throw ApiError::objectNotFound(u"database"_s, id.isEmpty() ? databaseId : id);
    return {200, ObjectRenderer(m_workspace).database(m_workspace.databases.value(id))};
}

ApiReply WorkspaceEndpoints::createDatabase() {
    const QJsonObject &body = m_context.body;
    const QJsonObject parent = body.value(u"parent"_s).toObject();
    const QString parentId = normalizeNotionId(parent.value(u"page_id"_s).toString());
    if (parentId.isEmpty())
        throw ApiError::validation(
            u"body failed validation: body.parent.page_id should be defined, instead was `undefined`."_s);
    if (!m_workspace.pageVisible(m_context.token, parentId))
        throw ApiError::objectNotFound(u"page"_s, parentId);
    const QJsonObject initial = body.value(u"initial_data_source"_s).toObject();
    const QString title =
        body.contains(u"title"_s)
            ? RichText::plainText(RichText::fromRequest(body.value(u"title"_s), u"body.title"_s))
            : QString();
    DatabaseFactory factory(m_workspace, m_context.botId);
    const QString id = factory.create(title, QJsonObject{{u"type"_s, u"page_id"_s}, {u"page_id"_s, parentId}},
                                      {}, title, initial.value(u"properties"_s).toObject(), {});
    return {200, ObjectRenderer(m_workspace).database(m_workspace.databases.value(id))};
}

} // namespace notionemu
