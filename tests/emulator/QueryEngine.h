#pragma once

#include "ObjectRenderer.h"
#include "Workspace.h"

#include <QJsonObject>
#include <QStringList>

namespace notionemu {

// Filters and sorts the pages of one data source as POST /v1/data_sources/{id}/query does: property filters
// (text, number, checkbox, select, status, multi_select, date, relation, people, timestamps), timestamp
// filters, compound "and"/"or" (nested at most two levels, as Notion allows) and property/timestamp sorts.
class QueryEngine {
public:
    QueryEngine(const Workspace &workspace, const DataSourceRecord &dataSource);

    // The ids of the matching pages in result order. Throws ApiError on an invalid filter or sort.
    QStringList run(const QJsonValue &filter, const QJsonValue &sorts, bool inTrash) const;

private:
    bool matches(const PageRecord &page, const QJsonObject &filter, const QString &path, int depth) const;
    bool matchesCondition(const QJsonObject &value, const QString &type, const QJsonObject &condition,
                          const QString &path) const;
    int compare(const PageRecord &left, const PageRecord &right, const QJsonArray &sorts) const;
    QJsonObject valueFor(const PageRecord &page, const QJsonObject &sortOrFilter, const QString &path) const;

    const Workspace &m_workspace;
    const DataSourceRecord &m_dataSource;
    ObjectRenderer m_renderer;
};

} // namespace notionemu
