#include "Workspace.h"

#include "NotionIds.h"

#include <QRegularExpression>
#include <QUuid>

namespace notionemu {

using namespace Qt::StringLiterals;

const PropertyConfig *DataSourceRecord::find(const QString &nameOrId) const {
    for (const PropertyConfig &property : properties)
        if (property.name == nameOrId || property.id == nameOrId)
            return &property;
    return nullptr;
}

PropertyConfig *DataSourceRecord::find(const QString &nameOrId) {
    return const_cast<PropertyConfig *>(std::as_const(*this).find(nameOrId));
}

const PropertyConfig *DataSourceRecord::titleProperty() const {
    for (const PropertyConfig &property : properties)
        if (property.type == u"title"_s)
            return &property;
    return nullptr;
}

Workspace::Workspace()
    : clock([] { return QDateTime::currentDateTimeUtc(); })
    , workspaceId(newNotionId()) {}

void Workspace::clear() {
    const QHash<QString, UserRecord> keptUsers = users;
    users.clear();
    userOrder.clear();
    databases.clear();
    dataSources.clear();
    pages.clear();
    pageOrder.clear();
    blocks.clear();
    // Bots keep their ids across a reset: a client that cached its own bot id stays right.
    for (const UserRecord &user : keptUsers) {
        if (user.type == u"bot"_s) {
            users.insert(user.id, user);
            userOrder.append(user.id);
        }
    }
}

QString Workspace::botFor(const QString &token, const QString &botName) {
    for (const UserRecord &user : std::as_const(users))
        if (user.type == u"bot"_s && user.token == token)
            return user.id;
    UserRecord bot;
    // A stable id per token: the same token is the same bot across restarts of the emulator.
    bot.id = QUuid::createUuidV5(QUuid(u"6ba7b811-9dad-11d1-80b4-00c04fd430c8"_s), token)
                 .toString(QUuid::WithoutBraces)
                 .toLower();
    bot.name = botName.isEmpty() ? u"pgnotion"_s : botName;
    bot.type = u"bot"_s;
    bot.token = token;
    users.insert(bot.id, bot);
    userOrder.append(bot.id);
    return bot.id;
}

QString Workspace::defaultPersonId() {
    for (const QString &id : std::as_const(userOrder))
        if (users.value(id).type == u"person"_s)
            return id;
    UserRecord person;
    person.id = u"5f3c1a2e-7b9d-4e61-9a0f-2c8d4b6e1a37"_s;
    person.name = u"Ada Lovelace"_s;
    person.type = u"person"_s;
    person.email = u"ada@example.com"_s;
    users.insert(person.id, person);
    userOrder.append(person.id);
    return person.id;
}

bool Workspace::databaseVisible(const QString &token, const QString &databaseId) const {
    const auto it = databases.constFind(databaseId);
    if (it == databases.constEnd())
        return false;
    // An empty token is a person in the Notion app, who sees everything.
    if (!token.isEmpty() && !it->sharedWith.isEmpty() && !it->sharedWith.contains(token))
        return false;
    const QString parentPage = it->parent.value(u"page_id"_s).toString();
    return parentPage.isEmpty() || !pages.contains(parentPage) || pageVisible(token, parentPage);
}

bool Workspace::dataSourceVisible(const QString &token, const QString &dataSourceId) const {
    const auto it = dataSources.constFind(dataSourceId);
    return it != dataSources.constEnd() && databaseVisible(token, it->databaseId);
}

bool Workspace::pageVisible(const QString &token, const QString &pageId) const {
    const auto it = pages.constFind(pageId);
    if (it == pages.constEnd())
        return false;
    if (!it->dataSourceId.isEmpty())
        return dataSourceVisible(token, it->dataSourceId);
    const QString parentPage = it->parent.value(u"page_id"_s).toString();
    if (!parentPage.isEmpty())
        return pageVisible(token, parentPage);
    return token.isEmpty() || it->sharedWith.isEmpty() || it->sharedWith.contains(token);
}

bool Workspace::blockVisible(const QString &token, const QString &blockId) const {
    QString id = blockId;
    for (int depth = 0; depth < 64; ++depth) {
        if (pages.contains(id))
            return pageVisible(token, id);
        const auto it = blocks.constFind(id);
        if (it == blocks.constEnd())
            return false;
        id = it->parentId;
    }
    return false;
}

QString Workspace::notionUrl(const QString &id, const QString &title) const {
    QString slug = title;
    slug.replace(QRegularExpression(u"[^A-Za-z0-9]+"_s), u"-"_s);
    if (!slug.isEmpty())
        slug += u'-';
    return u"https://www.notion.so/"_s + slug + compactNotionId(id);
}

} // namespace notionemu
