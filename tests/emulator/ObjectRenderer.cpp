#include "ObjectRenderer.h"

#include "NotionIds.h"
#include "PropertySchema.h"
#include "PropertyValues.h"
#include "RichText.h"

#include <QJsonArray>

namespace notionemu {

using namespace Qt::StringLiterals;

QJsonObject ObjectRenderer::partialUser(const QString &userId) {
    return QJsonObject{{u"object"_s, u"user"_s}, {u"id"_s, userId}};
}

QJsonObject ObjectRenderer::user(const QString &userId) const {
    const UserRecord record = m_workspace.users.value(userId);
    QJsonObject json{{u"object"_s, u"user"_s},
                     {u"id"_s, record.id},
                     {u"name"_s, record.name},
                     {u"avatar_url"_s, QJsonValue::Null},
                     {u"type"_s, record.type}};
    if (record.type == u"bot"_s) {
        json.insert(
            u"bot"_s,
            QJsonObject{{u"owner"_s, QJsonObject{{u"type"_s, u"workspace"_s}, {u"workspace"_s, true}}},
                        {u"workspace_id"_s, m_workspace.workspaceId},
                        {u"workspace_limits"_s, QJsonObject{{u"max_file_upload_size_in_bytes"_s, 5242880}}},
                        {u"workspace_name"_s, m_workspace.workspaceName}});
    } else {
        json.insert(u"person"_s, QJsonObject{{u"email"_s, record.email}});
    }
    return json;
}

QJsonObject ObjectRenderer::propertyValue(const PageRecord &page, const PropertyConfig &property) const {
    const QString &type = property.type;
    QJsonValue value;
    if (type == u"created_time"_s)
        value = notionTimestamp(floorToMinute(page.created));
    else if (type == u"last_edited_time"_s)
        value = notionTimestamp(floorToMinute(page.edited));
    else if (type == u"created_by"_s)
        value = partialUser(page.createdBy);
    else if (type == u"last_edited_by"_s)
        value = partialUser(page.editedBy);
    else if (type == u"unique_id"_s)
        value = QJsonObject{{u"prefix"_s, property.config.value(u"prefix"_s)},
                            {u"number"_s, m_workspace.pageOrder.indexOf(page.id) + 1}};
    else
        return page.values.value(property.id, PropertyValues::emptyValue(property));
    return QJsonObject{{u"type"_s, type}, {type, value}};
}

QString ObjectRenderer::pageTitle(const PageRecord &page) const {
    const DataSourceRecord *dataSource = nullptr;
    if (!page.dataSourceId.isEmpty())
        dataSource = &*m_workspace.dataSources.constFind(page.dataSourceId);
    const QString titleId =
        dataSource && dataSource->titleProperty() ? dataSource->titleProperty()->id : u"title"_s;
    return RichText::plainText(page.values.value(titleId).value(u"title"_s).toArray());
}

QJsonObject ObjectRenderer::page(const PageRecord &page) const {
    QJsonObject properties;
    const auto dataSource = m_workspace.dataSources.constFind(page.dataSourceId);
    if (dataSource != m_workspace.dataSources.constEnd()) {
        for (const PropertyConfig &property : dataSource->properties) {
            QJsonObject value = propertyValue(page, property);
            if (property.type == u"relation"_s) {
                const QJsonArray all = value.value(u"relation"_s).toArray();
                QJsonArray shown;
                for (qsizetype i = 0; i < all.size() && i < relationsShownInPage; ++i)
                    shown.append(all.at(i));
                value.insert(u"relation"_s, shown);
                value.insert(u"has_more"_s, all.size() > relationsShownInPage);
            }
            value.insert(u"id"_s, property.id);
            properties.insert(property.name, value);
        }
    } else {
        QJsonObject title =
            page.values.value(u"title"_s, QJsonObject{{u"type"_s, u"title"_s}, {u"title"_s, QJsonArray{}}});
        title.insert(u"id"_s, u"title"_s);
        properties.insert(u"title"_s, title);
    }
    return QJsonObject{{u"object"_s, u"page"_s},
                       {u"id"_s, page.id},
                       {u"created_time"_s, notionTimestamp(floorToMinute(page.created))},
                       {u"last_edited_time"_s, notionTimestamp(floorToMinute(page.edited))},
                       {u"created_by"_s, partialUser(page.createdBy)},
                       {u"last_edited_by"_s, partialUser(page.editedBy)},
                       {u"cover"_s, QJsonValue::Null},
                       {u"icon"_s, QJsonValue::Null},
                       {u"parent"_s, page.parent},
                       {u"in_trash"_s, page.inTrash},
                       {u"archived"_s, page.inTrash},
                       {u"is_archived"_s, page.inTrash},
                       {u"is_locked"_s, false},
                       {u"properties"_s, properties},
                       {u"url"_s, m_workspace.notionUrl(page.id, pageTitle(page))},
                       {u"public_url"_s, QJsonValue::Null}};
}

QJsonObject ObjectRenderer::dataSource(const DataSourceRecord &dataSource) const {
    QJsonObject properties;
    for (const PropertyConfig &property : dataSource.properties)
        properties.insert(property.name, PropertySchema::toJson(property));
    const DatabaseRecord database = m_workspace.databases.value(dataSource.databaseId);
    return QJsonObject{
        {u"object"_s, u"data_source"_s},
        {u"id"_s, dataSource.id},
        {u"created_time"_s, notionTimestamp(floorToMinute(dataSource.created))},
        {u"last_edited_time"_s, notionTimestamp(floorToMinute(dataSource.edited))},
        {u"created_by"_s, partialUser(dataSource.createdBy)},
        {u"last_edited_by"_s, partialUser(dataSource.editedBy)},
        {u"title"_s, RichText::fromPlainText(dataSource.name)},
        {u"description"_s, QJsonArray{}},
        {u"icon"_s, QJsonValue::Null},
        {u"cover"_s, QJsonValue::Null},
        {u"properties"_s, properties},
        {u"parent"_s, QJsonObject{{u"type"_s, u"database_id"_s}, {u"database_id"_s, dataSource.databaseId}}},
        {u"database_parent"_s, database.parent},
        {u"is_inline"_s, false},
        {u"in_trash"_s, dataSource.inTrash},
        {u"archived"_s, dataSource.inTrash},
        {u"url"_s, m_workspace.notionUrl(dataSource.id)},
        {u"public_url"_s, QJsonValue::Null}};
}

QJsonObject ObjectRenderer::database(const DatabaseRecord &database) const {
    QJsonArray dataSources;
    for (const QString &id : database.dataSourceIds)
        dataSources.append(QJsonObject{{u"id"_s, id}, {u"name"_s, m_workspace.dataSources.value(id).name}});
    return QJsonObject{{u"object"_s, u"database"_s},
                       {u"id"_s, database.id},
                       {u"title"_s, RichText::fromPlainText(database.title)},
                       {u"description"_s, QJsonArray{}},
                       {u"parent"_s, database.parent},
                       {u"is_inline"_s, false},
                       {u"in_trash"_s, database.inTrash},
                       {u"archived"_s, database.inTrash},
                       {u"is_locked"_s, false},
                       {u"created_time"_s, notionTimestamp(floorToMinute(database.created))},
                       {u"last_edited_time"_s, notionTimestamp(floorToMinute(database.edited))},
                       {u"data_sources"_s, dataSources},
                       {u"icon"_s, QJsonValue::Null},
                       {u"cover"_s, QJsonValue::Null},
                       {u"url"_s, m_workspace.notionUrl(database.id, database.title)},
                       {u"public_url"_s, QJsonValue::Null}};
}

QJsonObject ObjectRenderer::block(const BlockRecord &block) const {
    const QString parentKey = block.parentIsPage ? u"page_id"_s : u"block_id"_s;
    return QJsonObject{{u"object"_s, u"block"_s},
                       {u"id"_s, block.id},
                       {u"parent"_s, QJsonObject{{u"type"_s, parentKey}, {parentKey, block.parentId}}},
                       {u"created_time"_s, notionTimestamp(floorToMinute(block.created))},
                       {u"last_edited_time"_s, notionTimestamp(floorToMinute(block.edited))},
                       {u"created_by"_s, partialUser(block.createdBy)},
                       {u"last_edited_by"_s, partialUser(block.editedBy)},
                       {u"has_children"_s, !block.children.isEmpty()},
                       {u"archived"_s, block.inTrash},
                       {u"in_trash"_s, block.inTrash},
                       {u"type"_s, block.type},
                       {block.type, block.content}};
}

} // namespace notionemu
