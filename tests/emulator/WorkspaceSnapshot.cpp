#include "WorkspaceSnapshot.h"

#include <QJsonArray>

namespace notionemu {

using namespace Qt::StringLiterals;

namespace {

QString timeText(const QDateTime &time) {
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime timeFrom(const QJsonValue &value) {
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs).toUTC();
}

QJsonArray strings(const QStringList &list) {
    return QJsonArray::fromStringList(list);
}

QStringList stringsFrom(const QJsonValue &value) {
    QStringList list;
    for (const QJsonValue &item : value.toArray())
        list.append(item.toString());
    return list;
}

} // namespace

QJsonObject WorkspaceSnapshot::toJson(const Workspace &workspace) {
    QJsonArray users, databases, dataSources, pages, blocks;
    for (const QString &id : workspace.userOrder) {
        const UserRecord &user = *workspace.users.constFind(id);
        users.append(QJsonObject{
            {u"id"_s, user.id}, {u"name"_s, user.name}, {u"type"_s, user.type}, {u"email"_s, user.email}});
    }
    for (const DatabaseRecord &database : workspace.databases)
        databases.append(QJsonObject{{u"id"_s, database.id},
                                     {u"title"_s, database.title},
                                     {u"parent"_s, database.parent},
                                     {u"data_source_ids"_s, strings(database.dataSourceIds)},
                                     {u"created"_s, timeText(database.created)},
                                     {u"edited"_s, timeText(database.edited)},
                                     {u"created_by"_s, database.createdBy},
                                     {u"shared_with"_s, strings(database.sharedWith)},
                                     {u"in_trash"_s, database.inTrash}});
    for (const DataSourceRecord &dataSource : workspace.dataSources) {
        QJsonArray properties;
        for (const PropertyConfig &property : dataSource.properties)
            properties.append(QJsonObject{{u"id"_s, property.id},
                                          {u"name"_s, property.name},
                                          {u"type"_s, property.type},
                                          {u"config"_s, property.config}});
        dataSources.append(QJsonObject{{u"id"_s, dataSource.id},
                                       {u"database_id"_s, dataSource.databaseId},
                                       {u"name"_s, dataSource.name},
                                       {u"properties"_s, properties},
                                       {u"created"_s, timeText(dataSource.created)},
                                       {u"edited"_s, timeText(dataSource.edited)},
                                       {u"created_by"_s, dataSource.createdBy},
                                       {u"edited_by"_s, dataSource.editedBy},
                                       {u"in_trash"_s, dataSource.inTrash}});
    }
    for (const QString &id : workspace.pageOrder) {
        const PageRecord &page = *workspace.pages.constFind(id);
        QJsonObject values;
        for (auto it = page.values.cbegin(); it != page.values.cend(); ++it)
            values.insert(it.key(), it.value());
        pages.append(QJsonObject{{u"id"_s, page.id},
                                 {u"parent"_s, page.parent},
                                 {u"data_source_id"_s, page.dataSourceId},
                                 {u"values"_s, values},
                                 {u"created"_s, timeText(page.created)},
                                 {u"edited"_s, timeText(page.edited)},
                                 {u"created_by"_s, page.createdBy},
                                 {u"edited_by"_s, page.editedBy},
                                 {u"in_trash"_s, page.inTrash},
                                 {u"children"_s, strings(page.children)},
                                 {u"shared_with"_s, strings(page.sharedWith)}});
    }
    for (const BlockRecord &block : workspace.blocks)
        blocks.append(QJsonObject{{u"id"_s, block.id},
                                  {u"parent_id"_s, block.parentId},
                                  {u"parent_is_page"_s, block.parentIsPage},
                                  {u"type"_s, block.type},
                                  {u"content"_s, block.content},
                                  {u"children"_s, strings(block.children)},
                                  {u"created"_s, timeText(block.created)},
                                  {u"edited"_s, timeText(block.edited)},
                                  {u"created_by"_s, block.createdBy},
                                  {u"edited_by"_s, block.editedBy},
                                  {u"in_trash"_s, block.inTrash}});
    return QJsonObject{
        {u"format"_s, u"pgnotion-notion-emulator-state-1"_s},
        {u"workspace"_s, QJsonObject{{u"id"_s, workspace.workspaceId}, {u"name"_s, workspace.workspaceName}}},
        {u"users"_s, users},
        {u"databases"_s, databases},
        {u"data_sources"_s, dataSources},
        {u"pages"_s, pages},
        {u"blocks"_s, blocks}};
}

bool WorkspaceSnapshot::load(const QJsonObject &json, Workspace &workspace) {
    workspace.clear();
    if (json.value(u"format"_s).toString() != u"pgnotion-notion-emulator-state-1"_s)
        return false;
    workspace.workspaceId =
        json.value(u"workspace"_s).toObject().value(u"id"_s).toString(workspace.workspaceId);
    workspace.workspaceName =
        json.value(u"workspace"_s).toObject().value(u"name"_s).toString(workspace.workspaceName);
    for (const QJsonValue &value : json.value(u"users"_s).toArray()) {
        const QJsonObject o = value.toObject();
        // Bots are recreated from the tokens on first use (their ids derive from the token).
        if (o.value(u"type"_s).toString() != u"person"_s ||
            workspace.users.contains(o.value(u"id"_s).toString()))
            continue;
        workspace.users.insert(o.value(u"id"_s).toString(), UserRecord{o.value(u"id"_s).toString(),
                                                                       o.value(u"name"_s).toString(),
                                                                       u"person"_s,
                                                                       o.value(u"email"_s).toString(),
                                                                       {}});
        workspace.userOrder.append(o.value(u"id"_s).toString());
    }
    for (const QJsonValue &value : json.value(u"databases"_s).toArray()) {
        const QJsonObject o = value.toObject();
        DatabaseRecord d{o.value(u"id"_s).toString(),         o.value(u"title"_s).toString(),
                         o.value(u"parent"_s).toObject(),     stringsFrom(o.value(u"data_source_ids"_s)),
                         timeFrom(o.value(u"created"_s)),     timeFrom(o.value(u"edited"_s)),
                         o.value(u"created_by"_s).toString(), stringsFrom(o.value(u"shared_with"_s)),
                         o.value(u"in_trash"_s).toBool()};
        workspace.databases.insert(d.id, d);
    }
    for (const QJsonValue &value : json.value(u"data_sources"_s).toArray()) {
        const QJsonObject o = value.toObject();
        DataSourceRecord d;
        d.id = o.value(u"id"_s).toString();
        d.databaseId = o.value(u"database_id"_s).toString();
        d.name = o.value(u"name"_s).toString();
        for (const QJsonValue &p : o.value(u"properties"_s).toArray())
            d.properties.append(PropertyConfig{p[u"id"_s].toString(), p[u"name"_s].toString(),
                                               p[u"type"_s].toString(), p[u"config"_s].toObject()});
        d.created = timeFrom(o.value(u"created"_s));
        d.edited = timeFrom(o.value(u"edited"_s));
        d.createdBy = o.value(u"created_by"_s).toString();
        d.editedBy = o.value(u"edited_by"_s).toString();
        d.inTrash = o.value(u"in_trash"_s).toBool();
        workspace.dataSources.insert(d.id, d);
    }
    for (const QJsonValue &value : json.value(u"pages"_s).toArray()) {
        const QJsonObject o = value.toObject();
        PageRecord p;
        p.id = o.value(u"id"_s).toString();
        p.parent = o.value(u"parent"_s).toObject();
        p.dataSourceId = o.value(u"data_source_id"_s).toString();
        const QJsonObject values = o.value(u"values"_s).toObject();
        for (auto it = values.begin(); it != values.end(); ++it)
            p.values.insert(it.key(), it.value().toObject());
        p.created = timeFrom(o.value(u"created"_s));
        p.edited = timeFrom(o.value(u"edited"_s));
        p.createdBy = o.value(u"created_by"_s).toString();
        p.editedBy = o.value(u"edited_by"_s).toString();
        p.inTrash = o.value(u"in_trash"_s).toBool();
        p.children = stringsFrom(o.value(u"children"_s));
        p.sharedWith = stringsFrom(o.value(u"shared_with"_s));
        workspace.pages.insert(p.id, p);
        workspace.pageOrder.append(p.id);
    }
    for (const QJsonValue &value : json.value(u"blocks"_s).toArray()) {
        const QJsonObject o = value.toObject();
        BlockRecord b;
        b.id = o.value(u"id"_s).toString();
        b.parentId = o.value(u"parent_id"_s).toString();
        b.parentIsPage = o.value(u"parent_is_page"_s).toBool();
        b.type = o.value(u"type"_s).toString();
        b.content = o.value(u"content"_s).toObject();
        b.children = stringsFrom(o.value(u"children"_s));
        b.created = timeFrom(o.value(u"created"_s));
        b.edited = timeFrom(o.value(u"edited"_s));
        b.createdBy = o.value(u"created_by"_s).toString();
        b.editedBy = o.value(u"edited_by"_s).toString();
        b.inTrash = o.value(u"in_trash"_s).toBool();
        workspace.blocks.insert(b.id, b);
    }
    return true;
}

} // namespace notionemu
