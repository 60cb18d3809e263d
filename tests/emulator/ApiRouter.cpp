#include "ApiRouter.h"

#include "ApiError.h"
#include "BlockEndpoints.h"
#include "DataSourceEndpoints.h"
#include "PageEndpoints.h"
#include "WorkspaceEndpoints.h"

namespace notionemu {

using namespace Qt::StringLiterals;

ApiReply ApiRouter::route(Workspace &workspace, const RequestContext &context) {
    const QStringList &s = context.segments;
    const QString &method = context.method;
    const qsizetype n = s.size();
    const QString first = n > 0 ? s.at(0) : QString();
    const bool get = method == u"GET"_s, post = method == u"POST"_s, patch = method == u"PATCH"_s;

    if (first == u"users"_s) {
        WorkspaceEndpoints endpoints(workspace, context);
        if (get && n == 2 && s.at(1) == u"me"_s)
            return endpoints.me();
        if (get && n == 1)
            return endpoints.listUsers();
    } else if (first == u"databases"_s) {
        WorkspaceEndpoints endpoints(workspace, context);
        if (get && n == 2)
            return endpoints.retrieveDatabase(s.at(1));
        if (post && n == 1)
            return endpoints.createDatabase();
    } else if (first == u"data_sources"_s) {
        DataSourceEndpoints endpoints(workspace, context);
        if (get && n == 2)
            return endpoints.retrieve(s.at(1));
        if (patch && n == 2)
            return endpoints.update(s.at(1));
        if (post && n == 3 && s.at(2) == u"query"_s)
            return endpoints.query(s.at(1));
    } else if (first == u"pages"_s) {
        PageEndpoints endpoints(workspace, context);
        if (post && n == 1)
            return endpoints.create();
        if (get && n == 2)
            return endpoints.retrieve(s.at(1));
        if (patch && n == 2)
            return endpoints.update(s.at(1));
        if (get && n == 4 && s.at(2) == u"properties"_s)
            return endpoints.propertyItem(s.at(1), s.at(3));
    } else if (first == u"blocks"_s && n == 3 && s.at(2) == u"children"_s) {
        BlockEndpoints endpoints(workspace, context);
        if (get)
            return endpoints.listChildren(s.at(1));
        if (patch)
            return endpoints.appendChildren(s.at(1));
    }
    throw ApiError::invalidRequestUrl();
}

} // namespace notionemu
