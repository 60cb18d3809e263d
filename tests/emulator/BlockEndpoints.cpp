#include "BlockEndpoints.h"

#include "ApiError.h"
#include "BlockContent.h"
#include "NotionIds.h"
#include "ObjectRenderer.h"
#include "PageWriter.h"

#include <QJsonArray>

namespace notionemu {

using namespace Qt::StringLiterals;

QString BlockEndpoints::visibleBlock(const QString &rawId) const {
    const QString id = normalizeNotionId(rawId);
    if (id.isEmpty() || !m_workspace.blockVisible(m_context.token, id))
        throw ApiError::objectNotFound(u"block"_s, id.isEmpty() ? rawId : id);
    return id;
}

ApiReply BlockEndpoints::listChildren(const QString &blockId) {
    const QString id = visibleBlock(blockId);
    const QStringList children = m_workspace.pages.contains(id) ? m_workspace.pages.value(id).children
                                                                : m_workspace.blocks.value(id).children;
    QStringList live;
    for (const QString &child : children)
        if (!m_workspace.blocks.value(child).inTrash)
            live.append(child);
    const ListSlice slice = ListSlice::of(live, PageRequest::from(m_context));
    QJsonArray results;
    const ObjectRenderer renderer(m_workspace);
    for (const QString &child : slice.ids)
        results.append(renderer.block(m_workspace.blocks.value(child)));
    return {200, slice.toJson(results, u"block"_s)};
}

ApiReply BlockEndpoints::appendChildren(const QString &blockId) {
    const QString id = visibleBlock(blockId);
    if (!m_context.body.contains(u"children"_s))
        throw ApiError::validation(
            u"body failed validation: body.children should be defined, instead was `undefined`."_s);
    const QList<BlockContent::Parsed> blocks =
        BlockContent::parseList(m_context.body.value(u"children"_s), u"body.children"_s);
    const QStringList ids =
        PageWriter(m_workspace, m_context.token, m_context.botId).appendBlocks(id, blocks);
    if (m_workspace.pages.contains(id)) {
        // Adding content edits the page.
        m_workspace.pages[id].edited = m_workspace.now();
        m_workspace.pages[id].editedBy = m_context.botId;
    }
    QJsonArray results;
    const ObjectRenderer renderer(m_workspace);
    for (const QString &child : ids)
        results.append(renderer.block(m_workspace.blocks.value(child)));
    ListSlice slice;
    return {200, slice.toJson(results, u"block"_s)};
}

} // namespace notionemu
