#pragma once

#include "ApiContext.h"
#include "Workspace.h"

namespace notionemu {

// Maps "METHOD /v1/..." to the endpoint that answers it. Unknown routes are Notion's invalid_request_url.
class ApiRouter {
public:
    static ApiReply route(Workspace &workspace, const RequestContext &context);
};

} // namespace notionemu
