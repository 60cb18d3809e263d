#include "ApiContext.h"

#include "ApiError.h"
#include "JsonText.h"

namespace notionemu {

using namespace Qt::StringLiterals;

PageRequest PageRequest::from(const RequestContext &context) {
    PageRequest request;
    const bool inBody = context.method == u"POST"_s;
    const QString where = inBody ? u"body"_s : u"query"_s;
    QJsonValue size = inBody ? context.body.value(u"page_size"_s) : QJsonValue::Undefined;
    if (!inBody && context.query.hasQueryItem(u"page_size"_s)) {
        bool ok = false;
        const int parsed = context.query.queryItemValue(u"page_size"_s).toInt(&ok);
        size = ok ? QJsonValue(parsed) : QJsonValue(context.query.queryItemValue(u"page_size"_s));
    }
    if (!size.isUndefined() && !size.isNull()) {
        if (!size.isDouble() || size.toDouble() != double(size.toInt()) || size.toInt() < 1)
            throw ApiError::validation(where + u" failed validation: "_s + where +
                                       u".page_size should be a positive integer, instead was `"_s +
                                       describeJson(size) + u"`."_s);
        if (size.toInt() > 100)
            throw ApiError::validation(where + u" failed validation: "_s + where +
                                       u".page_size should be ≤ `100`, instead was `"_s +
                                       QString::number(size.toInt()) + u"`."_s);
        request.pageSize = size.toInt();
    }
    request.startCursor = inBody ? context.body.value(u"start_cursor"_s).toString()
                                 : context.query.queryItemValue(u"start_cursor"_s);
    return request;
}

ListSlice ListSlice::of(const QStringList &all, const PageRequest &request) {
    qsizetype start = 0;
    if (!request.startCursor.isEmpty()) {
        start = all.indexOf(request.startCursor);
        if (start < 0)
            // Written in Notion's style; Notion rejects cursors it did not hand out.
            throw ApiError::validation(
                u"body failed validation: start_cursor should be a valid cursor, instead was `"_s +
                request.startCursor + u"`."_s);
    }
    ListSlice slice;
    slice.ids = all.mid(start, request.pageSize);
    slice.hasMore = start + request.pageSize < all.size();
    if (slice.hasMore)
        slice.nextCursor = all.at(start + request.pageSize);
    return slice;
}

QJsonObject ListSlice::toJson(const QJsonArray &results, const QString &type) const {
    return QJsonObject{{u"object"_s, u"list"_s},
                       {u"results"_s, results},
                       {u"next_cursor"_s, hasMore ? QJsonValue(nextCursor) : QJsonValue(QJsonValue::Null)},
                       {u"has_more"_s, hasMore},
                       {u"type"_s, type},
                       {type, QJsonObject{}}};
}

} // namespace notionemu
