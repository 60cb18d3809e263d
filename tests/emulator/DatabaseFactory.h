#pragma once

#include "Workspace.h"

#include <QJsonObject>
#include <QStringList>

namespace notionemu {

// Creates databases and their data sources from property schemas in Notion's request form; shared by
// POST /v1/databases and by seeding.
class DatabaseFactory {
public:
    DatabaseFactory(Workspace &workspace, QString actorId)
        : m_workspace(workspace)
        , m_actorId(std::move(actorId)) {}

    // Empty ids are generated. Returns the database id. Throws ApiError on an invalid schema.
    QString create(const QString &title, const QJsonObject &parent, const QString &databaseId,
                   const QString &dataSourceName, const QJsonObject &properties, const QString &dataSourceId,
                   const QStringList &sharedWith = {});
    QString addDataSource(const QString &databaseId, const QString &name, const QJsonObject &properties,
                          const QString &dataSourceId);

private:
    Workspace &m_workspace;
    QString m_actorId;
};

} // namespace notionemu
