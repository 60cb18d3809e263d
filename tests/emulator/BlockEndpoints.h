#pragma once

#include "ApiContext.h"
#include "Workspace.h"

namespace notionemu {

// GET and PATCH /v1/blocks/{id}/children (a page id is a block id too).
class BlockEndpoints {
public:
    BlockEndpoints(Workspace &workspace, const RequestContext &context)
        : m_workspace(workspace)
        , m_context(context) {}

    ApiReply listChildren(const QString &blockId);
    ApiReply appendChildren(const QString &blockId);

private:
    QString visibleBlock(const QString &rawId) const;

    Workspace &m_workspace;
    const RequestContext &m_context;
};

} // namespace notionemu
