#include "notion/NotionApi.h"

#include <QRegularExpression>
#include <QSet>

namespace pgnotion {
namespace {

constexpr int kPageSize = 100;
constexpr int kBlocksPerAppend = 100;

} // namespace

NotionApi::NotionApi(NotionClient &client)
    : m_client(client) {}

// Accepts a bare id, a dashed id or a Notion URL (the id is the last 32 hex digits of its path).
QString NotionApi::normalizeId(const QString &idOrUrl) {
    static const QRegularExpression hex32(QStringLiteral("([0-9a-fA-F]{32})(?:[?#].*)?$"));
    QString compact = idOrUrl.trimmed();
    compact.remove(QLatin1Char('-'));
    const auto match = hex32.match(compact);
    if (!match.hasMatch())
        return idOrUrl.trimmed();
    const QString hex = match.captured(1).toLower();
    return hex.mid(0, 8) + QLatin1Char('-') + hex.mid(8, 4) + QLatin1Char('-') + hex.mid(12, 4) +
           QLatin1Char('-') + hex.mid(16, 4) + QLatin1Char('-') + hex.mid(20);
}

NotionResult<QJsonObject> NotionApi::call(const QByteArray &method, const QString &path,
                                          const QJsonObject &body, bool safeToRepeat,
                                          const QUrlQuery &query) {
    const NotionResponse response = m_client.sendAndWait({method, path, query, body, safeToRepeat});
    if (!response.ok())
        return *response.error;
    return response.body;
}

NotionResult<IntegrationInfo> NotionApi::me() {
    auto answer = call("GET", QStringLiteral("/v1/users/me"), {}, true);
    if (!answer)
        return answer.error();
    return NotionObjects::integration(answer.value());
}

NotionResult<DatabaseInfo> NotionApi::retrieveDatabase(const QString &databaseId) {
    auto answer = call("GET", QStringLiteral("/v1/databases/") + normalizeId(databaseId), {}, true);
    if (!answer)
        return answer.error();
    return NotionObjects::database(answer.value());
}

NotionResult<DataSourceInfo> NotionApi::retrieveDataSource(const QString &dataSourceId) {
    auto answer = call("GET", QStringLiteral("/v1/data_sources/") + normalizeId(dataSourceId), {}, true);
    if (!answer)
        return answer.error();
    return NotionObjects::dataSource(answer.value());
}

NotionResult<QList<QJsonObject>> NotionApi::queryAll(const QString &dataSourceId, const QJsonObject &filter,
                                                     const QJsonArray &sorts) {
    const QString path = QStringLiteral("/v1/data_sources/%1/query").arg(normalizeId(dataSourceId));
    QList<QJsonObject> pages;
    QSet<QString> seen;
    // Past the 10,000-result cap the query restarts from the last created_time seen: the window is
    // sorted by created_time, overlaps by one timestamp, and duplicates are dropped by id.
    QJsonArray windowSorts =
        sorts.isEmpty()
            ? QJsonArray{QJsonObject{{QStringLiteral("timestamp"), QStringLiteral("created_time")},
                                     {QStringLiteral("direction"), QStringLiteral("ascending")}}}
            : sorts;
    QString windowStart;
    for (;;) {
        QJsonObject windowFilter = filter;
        if (!windowStart.isEmpty()) {
            const QJsonObject after{
                {QStringLiteral("timestamp"), QStringLiteral("created_time")},
                {QStringLiteral("created_time"), QJsonObject{{QStringLiteral("on_or_after"), windowStart}}}};
            windowFilter =
                filter.isEmpty() ? after : QJsonObject{{QStringLiteral("and"), QJsonArray{filter, after}}};
        }
        QString cursor;
        bool capped = false;
        QString lastCreated;
        do {
            QJsonObject body{{QStringLiteral("page_size"), kPageSize},
                             {QStringLiteral("sorts"), windowSorts}};
            if (!windowFilter.isEmpty())
                body.insert(QStringLiteral("filter"), windowFilter);
            if (!cursor.isEmpty())
                body.insert(QStringLiteral("start_cursor"), cursor);
            auto answer = call("POST", path, body, true); // a query reads only: safe to repeat
            if (!answer)
                return answer.error();
            const ResultPage list = NotionObjects::resultPage(answer.value());
            for (const QJsonObject &page : list.results) {
                lastCreated = page.value(QStringLiteral("created_time")).toString();
                if (!seen.contains(page.value(QStringLiteral("id")).toString())) {
                    seen.insert(page.value(QStringLiteral("id")).toString());
                    pages.append(page);
                }
            }
            cursor = list.nextCursor;
            capped = list.resultLimitReached;
        } while (!cursor.isEmpty() && !capped);
        if (capped && !sorts.isEmpty()) {
            return NotionError::fromHttp(
                400, QStringLiteral("query_result_limit_reached"),
                QStringLiteral(
                    "More than 10,000 pages match in data source %1: narrow the filter, or query without "
                    "sorts so that pgnotion can read it in created_time windows")
                    .arg(dataSourceId),
                {}, std::chrono::milliseconds(0));
        }
        if (!capped || lastCreated.isEmpty() || lastCreated == windowStart)
            return pages;
        windowStart = lastCreated;
    }
}

NotionResult<QJsonObject> NotionApi::createPage(const QString &dataSourceId, const QJsonObject &properties,
                                                const QJsonArray &children) {
    QJsonObject body{{QStringLiteral("parent"),
                      QJsonObject{{QStringLiteral("type"), QStringLiteral("data_source_id")},
                                  {QStringLiteral("data_source_id"), normalizeId(dataSourceId)}}},
                     {QStringLiteral("properties"), properties}};
    if (!children.isEmpty()) {
        QJsonArray first;
        for (qsizetype i = 0; i < std::min<qsizetype>(children.size(), kBlocksPerAppend); ++i)
            first.append(children.at(i));
        body.insert(QStringLiteral("children"), first);
    }
    auto created = call("POST", QStringLiteral("/v1/pages"), body, false);
    if (!created || children.size() <= kBlocksPerAppend)
        return created;
    QJsonArray rest;
    for (qsizetype i = kBlocksPerAppend; i < children.size(); ++i)
        rest.append(children.at(i));
    if (auto appended = appendBlockChildren(created.value().value(QStringLiteral("id")).toString(), rest);
        !appended)
        return appended.error();
    return created;
}

NotionResult<QJsonObject> NotionApi::updatePage(const QString &pageId, const QJsonObject &properties) {
    // Setting properties to absolute values can be repeated safely.
    return call("PATCH", QStringLiteral("/v1/pages/") + normalizeId(pageId),
                QJsonObject{{QStringLiteral("properties"), properties}}, true);
}

NotionResult<QJsonObject> NotionApi::setPageTrashed(const QString &pageId, bool inTrash) {
    return call("PATCH", QStringLiteral("/v1/pages/") + normalizeId(pageId),
                QJsonObject{{QStringLiteral("in_trash"), inTrash}}, true);
}

NotionResult<QJsonArray> NotionApi::relationItems(const QString &pageId, const QString &propertyId) {
    QJsonArray items;
    QString cursor;
    do {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("page_size"), QString::number(kPageSize));
        if (!cursor.isEmpty())
            query.addQueryItem(QStringLiteral("start_cursor"), cursor);
        auto answer =
            call("GET", QStringLiteral("/v1/pages/%1/properties/%2").arg(normalizeId(pageId), propertyId), {},
                 true, query);
        if (!answer)
            return answer.error();
        const ResultPage list = NotionObjects::resultPage(answer.value());
        for (const QJsonValue &item : NotionObjects::relationItems(list))
            items.append(item);
        cursor = list.nextCursor;
    } while (!cursor.isEmpty());
    return items;
}

NotionResult<QJsonObject> NotionApi::retrievePage(const QString &pageId) {
    auto answer = call("GET", QStringLiteral("/v1/pages/") + normalizeId(pageId), {}, true);
    if (!answer)
        return answer;
    QJsonObject page = answer.value();
    QJsonObject properties = page.value(QStringLiteral("properties")).toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        QJsonObject property = it.value().toObject();
        if (property.value(QStringLiteral("type")) != QLatin1String("relation") ||
            !property.value(QStringLiteral("has_more")).toBool())
            continue;
        auto items = relationItems(page.value(QStringLiteral("id")).toString(),
                                   property.value(QStringLiteral("id")).toString());
        if (!items)
            return items.error();
        property.insert(QStringLiteral("relation"), items.value());
        property.insert(QStringLiteral("has_more"), false);
        it.value() = property;
    }
    page.insert(QStringLiteral("properties"), properties);
    return page;
}

NotionResult<QJsonArray> NotionApi::appendBlockChildren(const QString &blockId, const QJsonArray &blocks) {
    QJsonArray created;
    for (qsizetype start = 0; start < blocks.size(); start += kBlocksPerAppend) {
        QJsonArray chunk;
        for (qsizetype i = start; i < std::min(blocks.size(), start + kBlocksPerAppend); ++i)
            chunk.append(blocks.at(i));
        // Not safe to repeat: a second append after a lost answer would duplicate the blocks.
        auto answer = call("PATCH", QStringLiteral("/v1/blocks/%1/children").arg(normalizeId(blockId)),
                           QJsonObject{{QStringLiteral("children"), chunk}}, false);
        if (!answer)
            return answer.error();
        for (const QJsonValue &block : answer.value().value(QStringLiteral("results")).toArray())
            created.append(block);
    }
    return created;
}

NotionResult<DatabaseInfo> NotionApi::createDatabase(const QString &parentPageId, const QString &title,
                                                     const QJsonObject &propertySchema) {
    const QJsonObject body{
        {QStringLiteral("parent"), QJsonObject{{QStringLiteral("type"), QStringLiteral("page_id")},
                                               {QStringLiteral("page_id"), normalizeId(parentPageId)}}},
        {QStringLiteral("title"),
         QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                {QStringLiteral("text"), QJsonObject{{QStringLiteral("content"), title}}}}}},
        {QStringLiteral("initial_data_source"), QJsonObject{{QStringLiteral("properties"), propertySchema}}},
    };
    auto answer = call("POST", QStringLiteral("/v1/databases"), body, false);
    if (!answer)
        return answer.error();
    return NotionObjects::database(answer.value());
}

} // namespace pgnotion
