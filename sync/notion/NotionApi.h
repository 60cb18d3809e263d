#pragma once

#include "notion/NotionClient.h"
#include "notion/NotionObjects.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <variant>

namespace pgnotion {

// A value or a classified Notion error.
template <typename T>
class [[nodiscard]] NotionResult {
public:
    NotionResult(T value)
        : m_state(std::move(value)) {}
    NotionResult(NotionError error)
        : m_state(std::move(error)) {}
    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }
    const T &value() const { return std::get<T>(m_state); }
    const NotionError &error() const { return std::get<NotionError>(m_state); }

private:
    std::variant<T, NotionError> m_state;
};

// Notion's operations as pgnotion uses them, on top of a NotionClient. Each call waits for its answer
// (worker threads call these); pagination, the 25-relation cap of page reads, the 100-block cap of
// appends and the 10,000-result cap of queries are handled here, so callers always see whole results.
class NotionApi {
public:
    explicit NotionApi(NotionClient &client);

    // users/me: checks the token and names the integration.
    NotionResult<IntegrationInfo> me();
    NotionResult<DatabaseInfo> retrieveDatabase(const QString &databaseId);
    NotionResult<DataSourceInfo> retrieveDataSource(const QString &dataSourceId);
    // Every matching page. Past Notion's 10,000-result cap the query goes on in created_time windows.
    NotionResult<QList<QJsonObject>> queryAll(const QString &dataSourceId, const QJsonObject &filter = {},
                                              const QJsonArray &sorts = {});
    // Creates a page and its first 100 blocks in one call; further blocks are appended in chunks.
    NotionResult<QJsonObject> createPage(const QString &dataSourceId, const QJsonObject &properties,
                                         const QJsonArray &children = {});
    NotionResult<QJsonObject> updatePage(const QString &pageId, const QJsonObject &properties);
    NotionResult<QJsonObject> setPageTrashed(const QString &pageId, bool inTrash);
    // The page with every relation complete (Notion lists 25 per relation; the rest is paged in).
    NotionResult<QJsonObject> retrievePage(const QString &pageId);
    // Appends in chunks of at most 100 blocks; returns every created block.
    NotionResult<QJsonArray> appendBlockChildren(const QString &blockId, const QJsonArray &blocks);
    // A database with one data source of the given property schema, under a page the integration can edit.
    NotionResult<DatabaseInfo> createDatabase(const QString &parentPageId, const QString &title,
                                              const QJsonObject &propertySchema);

    static QString normalizeId(const QString &idOrUrl);

private:
    NotionResult<QJsonObject> call(const QByteArray &method, const QString &path, const QJsonObject &body,
                                   bool safeToRepeat, const QUrlQuery &query = {});
    NotionResult<QJsonArray> relationItems(const QString &pageId, const QString &propertyId);

    NotionClient &m_client;
};

} // namespace pgnotion
