#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

namespace notionemu {

// One API request as the endpoints see it: already authenticated, body parsed.
struct RequestContext {
    QString method;
    QStringList segments; // path split on '/', without "v1"
    QUrlQuery query;
    QJsonObject body;
    QString token;
    QString botId;
};

struct ApiReply {
    int status = 200;
    QJsonObject body;
};

// Paging parameters of list endpoints: from the query string for GET, from the body for POST.
struct PageRequest {
    int pageSize = 100;
    QString startCursor;

    static PageRequest from(const RequestContext &context);
};

// One page of a list: cursors are the id of the first item of the next page, as Notion's are.
struct ListSlice {
    QStringList ids;
    QString nextCursor;
    bool hasMore = false;

    // Throws ApiError when the cursor names nothing in `all`.
    static ListSlice of(const QStringList &all, const PageRequest &request);
    // {"object":"list","results":...,"next_cursor":...,"has_more":...,"type":type,type:{}}
    QJsonObject toJson(const QJsonArray &results, const QString &type) const;
};

} // namespace notionemu
