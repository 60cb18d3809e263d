#include "WorkspaceSeeder.h"

#include "ApiError.h"
#include "DatabaseFactory.h"
#include "NotionIds.h"
#include "PageWriter.h"
#include "PropertySchema.h"
#include "RichText.h"

#include <QJsonArray>

namespace notionemu {

using namespace Qt::StringLiterals;

namespace {

QString seedId(const QJsonObject &object, const QString &key = u"id"_s) {
    const QString raw = object.value(key).toString();
    if (raw.isEmpty())
        return {};
    const QString id = normalizeNotionId(raw);
    if (id.isEmpty())
        throw ApiError::validation(u"seed: "_s + key + u" `"_s + raw + u"` is not a UUID."_s);
    return id;
}

QStringList stringList(const QJsonValue &value) {
    QStringList list;
    for (const QJsonValue &item : value.toArray())
        list.append(item.toString());
    return list;
}

} // namespace

QJsonObject WorkspaceSeeder::apply(const QJsonObject &seed, Workspace &workspace) {
    if (seed.value(u"workspace_name"_s).isString())
        workspace.workspaceName = seed.value(u"workspace_name"_s).toString();
    const QString person = workspace.defaultPersonId();
    for (const QJsonValue &value : seed.value(u"users"_s).toArray()) {
        const QJsonObject o = value.toObject();
        UserRecord user{
            seedId(o), o.value(u"name"_s).toString(), u"person"_s, o.value(u"email"_s).toString(), {}};
        if (user.id.isEmpty())
            user.id = newNotionId();
        if (!workspace.users.contains(user.id))
            workspace.userOrder.append(user.id);
        workspace.users.insert(user.id, user);
    }
    QJsonArray createdPages;
    for (const QJsonValue &value : seed.value(u"pages"_s).toArray()) {
        const QJsonObject o = value.toObject();
        PageRecord page;
        page.id = seedId(o).isEmpty() ? newNotionId() : seedId(o);
        page.parent = QJsonObject{{u"type"_s, u"workspace"_s}, {u"workspace"_s, true}};
        page.values.insert(
            u"title"_s, QJsonObject{{u"type"_s, u"title"_s},
                                    {u"title"_s, RichText::fromPlainText(o.value(u"title"_s).toString())}});
        page.created = page.edited = workspace.now();
        page.createdBy = page.editedBy = person;
        page.sharedWith = stringList(o.value(u"shared_with"_s));
        workspace.pages.insert(page.id, page);
        workspace.pageOrder.append(page.id);
        createdPages.append(page.id);
    }
    // Two passes: relations may point at data sources that the seed creates later.
    struct PendingRelation {
        QString dataSourceId;
        QString name;
        QJsonObject config;
    };
    QList<PendingRelation> relations;
    QJsonArray createdDatabases;
    DatabaseFactory factory(workspace, person);
    for (const QJsonValue &value : seed.value(u"databases"_s).toArray()) {
        const QJsonObject o = value.toObject();
        const QString parentPage = seedId(o, u"parent_page_id"_s);
        const QJsonObject parent = parentPage.isEmpty()
                                       ? QJsonObject{{u"type"_s, u"workspace"_s}, {u"workspace"_s, true}}
                                       : QJsonObject{{u"type"_s, u"page_id"_s}, {u"page_id"_s, parentPage}};
        QJsonArray sources = o.value(u"data_sources"_s).toArray();
        if (sources.isEmpty()) // shorthand: one data source named like the database
            sources.append(QJsonObject{{u"id"_s, o.value(u"data_source_id"_s)},
                                       {u"name"_s, o.value(u"title"_s)},
                                       {u"properties"_s, o.value(u"properties"_s)}});
        QString databaseId;
        QJsonArray sourceIds;
        for (const QJsonValue &sourceValue : sources) {
            const QJsonObject source = sourceValue.toObject();
            QJsonObject properties = source.value(u"properties"_s).toObject();
            QList<PendingRelation> mine;
            for (auto it = properties.begin(); it != properties.end();) {
                if (it.value().toObject().contains(u"relation"_s)) {
                    mine.append({{}, it.key(), it.value().toObject()});
                    it = properties.erase(it);
                } else {
                    ++it;
                }
            }
            const QString name = source.value(u"name"_s).toString(o.value(u"title"_s).toString());
            QString sourceId;
            if (databaseId.isEmpty()) {
                databaseId =
                    factory.create(o.value(u"title"_s).toString(), parent, seedId(o), name, properties,
                                   seedId(source), stringList(o.value(u"shared_with"_s)));
                sourceId = workspace.databases.value(databaseId).dataSourceIds.last();
            } else {
                sourceId = factory.addDataSource(databaseId, name, properties, seedId(source));
            }
            for (PendingRelation &relation : mine)
                relation.dataSourceId = sourceId;
            relations.append(mine);
            sourceIds.append(QJsonObject{{u"id"_s, sourceId}, {u"name"_s, name}});
        }
        createdDatabases.append(QJsonObject{
            {u"id"_s, databaseId}, {u"title"_s, o.value(u"title"_s)}, {u"data_sources"_s, sourceIds}});
    }
    for (const PendingRelation &relation : std::as_const(relations)) {
        PropertyConfig property = PropertySchema::fromRequest(relation.name, relation.config, workspace,
                                                              u"seed.properties."_s + relation.name);
        if (relation.config.value(u"id"_s).isString())
            property.id = relation.config.value(u"id"_s).toString();
        workspace.dataSources[relation.dataSourceId].properties.append(property);
    }
    QJsonArray createdRows;
    PageWriter writer(workspace, QString(), person);
    for (const QJsonValue &value : seed.value(u"rows"_s).toArray()) {
        const QJsonObject o = value.toObject();
        const QJsonObject parent{{u"type"_s, u"data_source_id"_s},
                                 {u"data_source_id"_s, o.value(u"data_source_id"_s)}};
        createdRows.append(
            writer.create(parent, o.value(u"properties"_s).toObject(), o.value(u"children"_s)));
    }
    return QJsonObject{
        {u"pages"_s, createdPages}, {u"databases"_s, createdDatabases}, {u"rows"_s, createdRows}};
}

} // namespace notionemu
