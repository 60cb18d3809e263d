#pragma once

#include "ApiContext.h"
#include "Workspace.h"

namespace notionemu {

// GET and PATCH /v1/data_sources/{id}, POST /v1/data_sources/{id}/query.
class DataSourceEndpoints {
public:
    DataSourceEndpoints(Workspace &workspace, const RequestContext &context)
        : m_workspace(workspace)
        , m_context(context) {}

    ApiReply retrieve(const QString &dataSourceId);
    ApiReply update(const QString &dataSourceId);
    ApiReply query(const QString &dataSourceId);

private:
    QString visibleDataSource(const QString &rawId) const;

    Workspace &m_workspace;
    const RequestContext &m_context;
};

} // namespace notionemu
