#pragma once

#include "ApiContext.h"
#include "Workspace.h"

namespace notionemu {

// Users (GET /v1/users/me, GET /v1/users) and databases (GET /v1/databases/{id}, POST /v1/databases).
class WorkspaceEndpoints {
public:
    WorkspaceEndpoints(Workspace &workspace, const RequestContext &context)
        : m_workspace(workspace)
        , m_context(context) {}

    ApiReply me();
    ApiReply listUsers();
    ApiReply retrieveDatabase(const QString &databaseId);
    ApiReply createDatabase();

private:
    Workspace &m_workspace;
    const RequestContext &m_context;
};

} // namespace notionemu
