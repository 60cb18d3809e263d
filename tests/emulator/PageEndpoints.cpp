#include "PageEndpoints.h"

#include "ApiError.h"
#include "NotionIds.h"
#include "ObjectRenderer.h"
#include "PageWriter.h"

#include <QJsonArray>
#include <QUrl>

namespace notionemu {

using namespace Qt::StringLiterals;

QString PageEndpoints::visiblePage(const QString &rawId) const {
    const QString id = normalizeNotionId(rawId);
    if (id.isEmpty() || !m_workspace.pageVisible(m_context.token, id))
        throw ApiError::objectNotFound(u"page"_s, id.isEmpty() ? rawId : id);
    return id;
}

ApiReply PageEndpoints::create() {
    const QJsonObject &body = m_context.body;
    if (!body.value(u"parent"_s).isObject())
        throw ApiError::validation(
            u"body failed validation: body.parent should be defined, instead was `undefined`."_s);
    if (body.contains(u"properties"_s) && !body.value(u"properties"_s).isObject())
        throw ApiError::validation(
            u"body failed validation: body.properties should be an object, instead was `"_s +
            body.value(u"properties"_s).toVariant().toString() + u"`."_s);
    PageWriter writer(m_workspace, m_context.token, m_context.botId);
    const QString id = writer.create(body.value(u"parent"_s).toObject(),
                                     body.value(u"properties"_s).toObject(), body.value(u"children"_s));
    return {200, ObjectRenderer(m_workspace).page(m_workspace.pages.value(id))};
}

ApiReply PageEndpoints::retrieve(const QString &pageId) {
    const QString id = visiblePage(pageId);
    return {200, ObjectRenderer(m_workspace).page(m_workspace.pages.value(id))};
}

ApiReply PageEndpoints::update(const QString &pageId) {
    const QString id = visiblePage(pageId);
    PageWriter(m_workspace, m_context.token, m_context.botId).update(id, m_context.body);
    return {200, ObjectRenderer(m_workspace).page(m_workspace.pages.value(id))};
}

ApiReply PageEndpoints::propertyItem(const QString &pageId, const QString &propertyId) {
    const QString id = visiblePage(pageId);
    const PageRecord &page = m_workspace.pages[id];
    const QString decodedId = QUrl::fromPercentEncoding(propertyId.toUtf8());
    const DataSourceRecord dataSource = m_workspace.dataSources.value(page.dataSourceId);
    PropertyConfig property{u"title"_s, u"title"_s, u"title"_s, {}};
    if (const PropertyConfig *found =
            dataSource.find(propertyId) ? dataSource.find(propertyId) : dataSource.find(decodedId))
        property = *found;
    else if (!page.dataSourceId.isEmpty() || (propertyId != u"title"_s))
        throw ApiError::objectNotFound(u"property"_s, propertyId);
    const QJsonObject value = ObjectRenderer(m_workspace).propertyValue(page, property);
    const QString &type = property.type;
    const bool paginated =
        type == u"title"_s || type == u"rich_text"_s || type == u"relation"_s || type == u"people"_s;
    if (!paginated) {
        QJsonObject item = value;
        item.insert(u"object"_s, u"property_item"_s);
        item.insert(u"id"_s, property.id);
        return {200, item};
    }
    // List-valued properties come one element per property_item, paged like every list.
    const QJsonArray elements = value.value(type).toArray();
    QStringList keys;
    for (qsizetype i = 0; i < elements.size(); ++i)
        keys.append(type == u"relation"_s || type == u"people"_s
                        ? elements.at(i).toObject().value(u"id"_s).toString()
                        : QString::number(i));
    const ListSlice slice = ListSlice::of(keys, PageRequest::from(m_context));
    QJsonArray results;
    for (const QString &key : slice.ids) {
        const QJsonValue element = elements.at(keys.indexOf(key));
        results.append(QJsonObject{
            {u"object"_s, u"property_item"_s}, {u"id"_s, property.id}, {u"type"_s, type}, {type, element}});
    }
    QJsonObject list = slice.toJson(results, u"property_item"_s);
    list.insert(u"property_item"_s, QJsonObject{{u"id"_s, property.id},
                                                {u"next_url"_s, QJsonValue::Null},
                                                {u"type"_s, type},
                                                {type, QJsonObject{}}});
    return {200, list};
}

} // namespace notionemu
