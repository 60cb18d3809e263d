#pragma once

#include "ApiContext.h"
#include "Workspace.h"

namespace notionemu {

// POST /v1/pages, GET and PATCH /v1/pages/{id}, GET /v1/pages/{id}/properties/{property_id}.
class PageEndpoints {
public:
    PageEndpoints(Workspace &workspace, const RequestContext &context)
        : m_workspace(workspace)
        , m_context(context) {}

    ApiReply create();
    ApiReply retrieve(const QString &pageId);
    ApiReply update(const QString &pageId);
    ApiReply propertyItem(const QString &pageId, const QString &propertyId);

private:
    QString visiblePage(const QString &rawId) const;

    Workspace &m_workspace;
    const RequestContext &m_context;
};

} // namespace notionemu
