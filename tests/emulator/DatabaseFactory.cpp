#include "DatabaseFactory.h"

#include "ApiError.h"
#include "NotionIds.h"
#include "PropertySchema.h"

namespace notionemu {

using namespace Qt::StringLiterals;

QString DatabaseFactory::create(const QString &title, const QJsonObject &parent, const QString &databaseId,
                                const QString &dataSourceName, const QJsonObject &properties,
                                const QString &dataSourceId, const QStringList &sharedWith) {
    DatabaseRecord database;
    database.id = databaseId.isEmpty() ? newNotionId() : databaseId;
    database.title = title;
    database.parent = parent;
    database.created = database.edited = m_workspace.now();
    database.createdBy = m_actorId;
    database.sharedWith = sharedWith;
    m_workspace.databases.insert(database.id, database);
    try {
        addDataSource(database.id, dataSourceName, properties, dataSourceId);
    } catch (...) {
        m_workspace.databases.remove(database.id);
        throw;
    }
    return database.id;
}

QString DatabaseFactory::addDataSource(const QString &databaseId, const QString &name,
                                       const QJsonObject &properties, const QString &dataSourceId) {
    DataSourceRecord dataSource;
    dataSource.id = dataSourceId.isEmpty() ? newNotionId() : dataSourceId;
    dataSource.databaseId = databaseId;
    dataSource.name = name;
    dataSource.created = dataSource.edited = m_workspace.now();
    dataSource.createdBy = dataSource.editedBy = m_actorId;
    int titles = 0;
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        const QString path = u"body.initial_data_source.properties."_s + it.key();
        PropertyConfig property =
            PropertySchema::fromRequest(it.key(), it.value().toObject(), m_workspace, path);
        if (it.value().toObject().value(u"id"_s).isString() && property.type != u"title"_s)
            property.id = it.value().toObject().value(u"id"_s).toString(); // seeds may fix property ids
        titles += property.type == u"title"_s ? 1 : 0;
        dataSource.properties.append(property);
    }
    if (titles == 0) // Notion gives every data source a title property; a schema without one gets "Name".
        dataSource.properties.prepend(PropertyConfig{u"title"_s, u"Name"_s, u"title"_s, {}});
    if (titles > 1)
        throw ApiError::validation(u"body failed validation: body.initial_data_source.properties should have "
                                   u"exactly one title property, instead had `"_s +
                                   QString::number(titles) + u"`."_s); // the emulator's wording
    m_workspace.dataSources.insert(dataSource.id, dataSource);
    m_workspace.databases[databaseId].dataSourceIds.append(dataSource.id);
    return dataSource.id;
}

} // namespace notionemu
