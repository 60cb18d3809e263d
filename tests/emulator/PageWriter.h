#pragma once

#include "BlockContent.h"
#include "Workspace.h"

#include <QJsonObject>

namespace notionemu {

// Every change to pages and blocks goes through here, whoever makes it: the integration through the API
// (the bot is the actor) or a test acting as a person in Notion (the person is the actor).
class PageWriter {
public:
    PageWriter(Workspace &workspace, QString token, QString actorId);

    // `parent` as in a create-page request. Throws ApiError. Returns the new page's id.
    QString create(const QJsonObject &parent, const QJsonObject &properties, const QJsonValue &children);
    // Sets the given properties and, when present, in_trash (or the legacy "archived").
    void update(const QString &pageId, const QJsonObject &body);
    // Appends parsed blocks under a page or block; returns the ids of the new top-level blocks.
    QStringList appendBlocks(const QString &parentId, const QList<BlockContent::Parsed> &blocks);

private:
    void setProperties(PageRecord &page, const QJsonObject &properties);

    Workspace &m_workspace;
    QString m_token;
    QString m_actorId;
};

} // namespace notionemu
