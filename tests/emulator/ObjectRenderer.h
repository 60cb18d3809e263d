#pragma once

#include "Workspace.h"

#include <QJsonObject>

namespace notionemu {

// Turns the stored workspace into the JSON objects of the 2025-09-03 API (shapes from the official SDK's
// typed definitions: PageObjectResponse, DataSourceObjectResponse, DatabaseObjectResponse, ...).
class ObjectRenderer {
public:
    // Relations in a retrieved page stop at 25 entries, with "has_more": true, as in Notion.
    static constexpr int relationsShownInPage = 25;

    explicit ObjectRenderer(const Workspace &workspace)
        : m_workspace(workspace) {}

    QJsonObject user(const QString &userId) const;
    static QJsonObject partialUser(const QString &userId);
    QJsonObject page(const PageRecord &page) const;
    // The complete value of one property, computed ones included (no truncation): what filters compare.
    QJsonObject propertyValue(const PageRecord &page, const PropertyConfig &property) const;
    QJsonObject dataSource(const DataSourceRecord &dataSource) const;
    QJsonObject database(const DatabaseRecord &database) const;
    QJsonObject block(const BlockRecord &block) const;
    QString pageTitle(const PageRecord &page) const;

private:
    const Workspace &m_workspace;
};

} // namespace notionemu
