#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace notionemu {

struct UserRecord {
    QString id;
    QString name;
    QString type; // "person" or "bot"
    QString email;
    QString token; // bots only: the integration token the bot stands for
};

// One property of a data source's schema. `config` is the type's object as Notion answers it
// (e.g. {"options": [...]} for a select).
struct PropertyConfig {
    QString id;
    QString name;
    QString type;
    QJsonObject config;
};

struct DataSourceRecord {
    QString id;
    QString databaseId;
    QString name;
    QList<PropertyConfig> properties;
    QDateTime created;
    QDateTime edited;
    QString createdBy;
    QString editedBy;
    bool inTrash = false;

    // Notion accepts a property's name or its id wherever a property is named.
    const PropertyConfig *find(const QString &nameOrId) const;
    PropertyConfig *find(const QString &nameOrId);
    const PropertyConfig *titleProperty() const;
};

struct DatabaseRecord {
    QString id;
    QString title;
    QJsonObject
        parent; // response form: {"type":"page_id","page_id":...} or {"type":"workspace","workspace":true}
    QStringList dataSourceIds;
    QDateTime created;
    QDateTime edited;
    QString createdBy;
    QStringList sharedWith; // integration tokens that see it; empty = every integration
    bool inTrash = false;
};

struct PageRecord {
    QString id;
    QJsonObject parent;   // response form
    QString dataSourceId; // empty for pages under a page or the workspace
    // Property id -> value in response form without the id: {"type":"number","number":3}.
    QHash<QString, QJsonObject> values;
    QDateTime created;
    QDateTime edited;
    QString createdBy;
    QString editedBy;
    bool inTrash = false;
    QStringList children;   // block ids
    QStringList sharedWith; // workspace-level pages only; empty = every integration
};

struct BlockRecord {
    QString id;
    QString parentId;
    bool parentIsPage = true;
    QString type;
    QJsonObject content; // the type's object in response form, without "children"
    QStringList children;
    QDateTime created;
    QDateTime edited;
    QString createdBy;
    QString editedBy;
    bool inTrash = false;
};

// The whole emulated workspace. Not thread-safe: the emulator core guards it with its mutex.
class Workspace {
public:
    Workspace();

    std::function<QDateTime()> clock;
    QDateTime now() const { return clock(); }

    QString workspaceId;
    QString workspaceName = QStringLiteral("Emulated Workspace");
    int queryResultLimit = 10000;

    QHash<QString, UserRecord> users;
    QStringList userOrder;
    QHash<QString, DatabaseRecord> databases;
    QHash<QString, DataSourceRecord> dataSources;
    QHash<QString, PageRecord> pages;
    QStringList pageOrder; // creation order: the default order of query results
    QHash<QString, BlockRecord> blocks;

    void clear();

    // The bot user of an integration token (created on first use) and the default person.
    QString botFor(const QString &token, const QString &botName = {});
    QString defaultPersonId();

    bool databaseVisible(const QString &token, const QString &databaseId) const;
    bool dataSourceVisible(const QString &token, const QString &dataSourceId) const;
    bool pageVisible(const QString &token, const QString &pageId) const;
    bool blockVisible(const QString &token, const QString &blockId) const;

    QString notionUrl(const QString &id, const QString &title = {}) const;
};

} // namespace notionemu
