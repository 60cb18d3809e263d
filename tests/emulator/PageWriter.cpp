#include "PageWriter.h"

#include "ApiError.h"
#include "JsonText.h"
#include "NotionIds.h"
#include "PropertyValues.h"
#include "RichText.h"

#include <QJsonArray>

namespace notionemu {

using namespace Qt::StringLiterals;

PageWriter::PageWriter(Workspace &workspace, QString token, QString actorId)
    : m_workspace(workspace)
    , m_token(std::move(token))
    , m_actorId(std::move(actorId)) {}

QString PageWriter::create(const QJsonObject &parent, const QJsonObject &properties,
                           const QJsonValue &children) {
    PageRecord page;
    const QString parentType = parent.value(u"type"_s).toString(
        parent.contains(u"data_source_id"_s)
            ? u"data_source_id"_s
            : (parent.contains(u"database_id"_s) ? u"database_id"_s : u"page_id"_s));
    const QString rawParentId = parent.value(parentType).toString();
    const QString parentId = normalizeNotionId(rawParentId);
    if (!parent.contains(parentType) ||
        (parentType != u"data_source_id"_s && parentType != u"database_id"_s && parentType != u"page_id"_s))
        throw ApiError::validation(
            u"body failed validation. Fix one:\nbody.parent.data_source_id should be defined, "
            u"instead was `undefined`.\nbody.parent.page_id should be defined, instead was "
            u"`undefined`."_s);
    if (parentId.isEmpty())
        throw ApiError::validation(u"body failed validation: body.parent."_s + parentType +
                                   u" should be a valid uuid, instead was `"_s + describeJson(rawParentId) +
                                   u"`."_s);
    QString dataSourceId;
    if (parentType == u"data_source_id"_s) {
        if (!m_workspace.dataSourceVisible(m_token, parentId))
            throw ApiError::objectNotFound(u"data_source"_s, parentId);
        dataSourceId = parentId;
    } else if (parentType == u"database_id"_s) {
        // Still accepted for databases with a single data source, as Notion does in 2025-09-03.
        if (!m_workspace.databaseVisible(m_token, parentId))
            throw ApiError::objectNotFound(u"database"_s, parentId);
        const DatabaseRecord &database = m_workspace.databases[parentId];
        if (database.dataSourceIds.size() != 1)
            throw ApiError::validation(u"Database with ID: "_s + parentId +
                                       u" has multiple data sources; use a data_source_id parent."_s);
        dataSourceId = database.dataSourceIds.first();
    } else if (!m_workspace.pageVisible(m_token, parentId)) {
        throw ApiError::objectNotFound(u"page"_s, parentId);
    }
    if (!dataSourceId.isEmpty()) {
        page.dataSourceId = dataSourceId;
        page.parent = QJsonObject{{u"type"_s, u"data_source_id"_s},
                                  {u"data_source_id"_s, dataSourceId},
                                  {u"database_id"_s, m_workspace.dataSources.value(dataSourceId).databaseId}};
    } else {
        page.parent = QJsonObject{{u"type"_s, u"page_id"_s}, {u"page_id"_s, parentId}};
    }
    // Blocks are checked before anything is written: a rejected request changes nothing.
    const QList<BlockContent::Parsed> blocks = children.isUndefined()
                                                   ? QList<BlockContent::Parsed>{}
                                                   : BlockContent::parseList(children, u"body.children"_s);
    page.id = newNotionId();
    page.created = page.edited = m_workspace.now();
    page.createdBy = page.editedBy = m_actorId;
    // Validate into a copy of the schema, so a failure leaves no half-created select options behind.
    const DataSourceRecord schemaBefore = m_workspace.dataSources.value(dataSourceId);
    try {
        setProperties(page, properties);
    } catch (...) {
        if (!dataSourceId.isEmpty())
            m_workspace.dataSources[dataSourceId] = schemaBefore;
        throw;
    }
    m_workspace.pages.insert(page.id, page);
    m_workspace.pageOrder.append(page.id);
    appendBlocks(page.id, blocks);
    return page.id;
}

void PageWriter::setProperties(PageRecord &page, const QJsonObject &properties) {
    if (page.dataSourceId.isEmpty()) {
        for (auto it = properties.begin(); it != properties.end(); ++it) {
            if (it.key() != u"title"_s)
                throw ApiError::validation(it.key() + u" is not a property that exists."_s);
            PropertyConfig title{u"title"_s, u"title"_s, u"title"_s, {}};
            page.values.insert(u"title"_s, PropertyValues::parse(title, it.value(), m_workspace, m_token));
        }
        return;
    }
    DataSourceRecord &dataSource = m_workspace.dataSources[page.dataSourceId];
    QHash<QString, QJsonObject> parsed;
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        PropertyConfig *property = dataSource.find(it.key());
        if (!property)
            // Notion's message for a property name or id that the data source does not have.
            throw ApiError::validation(it.key() + u" is not a property that exists."_s);
        parsed.insert(property->id, PropertyValues::parse(*property, it.value(), m_workspace, m_token));
    }
    for (auto it = parsed.cbegin(); it != parsed.cend(); ++it)
        page.values.insert(it.key(), it.value());
}

void PageWriter::update(const QString &pageId, const QJsonObject &body) {
    if (!m_workspace.pageVisible(m_token, pageId))
        throw ApiError::objectNotFound(u"page"_s, pageId);
    PageRecord updated = m_workspace.pages.value(pageId);
    const QJsonValue trash =
        body.contains(u"in_trash"_s) ? body.value(u"in_trash"_s) : body.value(u"archived"_s);
    if (!trash.isUndefined() && !trash.isBool())
        throw ApiError::validation(
            u"body failed validation: body.in_trash should be a boolean, instead was `"_s +
            describeJson(trash) + u"`."_s);
    if (updated.inTrash && !(trash.isBool() && !trash.toBool()) && body.contains(u"properties"_s))
        // Notion refuses edits to a page in the trash unless the same request restores it.
        throw ApiError::validation(u"Can't edit block that is archived. You must unarchive the block before "
                                   u"editing."_s);
    const DataSourceRecord schemaBefore = m_workspace.dataSources.value(updated.dataSourceId);
    try {
        setProperties(updated, body.value(u"properties"_s).toObject());
    } catch (...) {
        if (!updated.dataSourceId.isEmpty())
            m_workspace.dataSources[updated.dataSourceId] = schemaBefore;
        throw;
    }
    if (trash.isBool())
        updated.inTrash = trash.toBool();
    updated.edited = m_workspace.now();
    updated.editedBy = m_actorId;
    m_workspace.pages.insert(pageId, updated);
}

QStringList PageWriter::appendBlocks(const QString &parentId, const QList<BlockContent::Parsed> &blocks) {
    QStringList ids;
    const bool parentIsPage = m_workspace.pages.contains(parentId);
    for (const BlockContent::Parsed &parsed : blocks) {
        BlockRecord block;
        block.id = newNotionId();
        block.parentId = parentId;
        block.parentIsPage = parentIsPage;
        block.type = parsed.type;
        block.content = parsed.content;
        block.created = block.edited = m_workspace.now();
        block.createdBy = block.editedBy = m_actorId;
        m_workspace.blocks.insert(block.id, block);
        if (parentIsPage)
            m_workspace.pages[parentId].children.append(block.id);
        else
            m_workspace.blocks[parentId].children.append(block.id);
        appendBlocks(block.id, parsed.children);
        ids.append(block.id);
    }
    return ids;
}

} // namespace notionemu
