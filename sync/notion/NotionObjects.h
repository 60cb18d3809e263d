#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace pgnotion {

struct IntegrationInfo {
    QString botId;
    QString name;
    QString workspaceName;
};

struct DataSourceRef {
    QString id;
    QString name;
};

struct DatabaseInfo {
    QString id;
    QString title;
    QList<DataSourceRef> dataSources;
    QJsonObject raw;
};

struct PropertySchema {
    QString id;
    QString name;
    QString type;
    QStringList options; // select, multi_select and status option names
    QJsonObject raw;
};

struct DataSourceInfo {
    QString id;
    QString title;
    QString databaseId;
    QList<PropertySchema> properties;
    QJsonObject raw;
    const PropertySchema *property(const QString &name) const;
};

// One page of a paginated list (a query's results, a property's items).
struct ResultPage {
    QList<QJsonObject> results;
    QString nextCursor; // empty: the last page
    // Notion stopped at its 10,000-result cap (request_status.incomplete_reason).
    bool resultLimitReached = false;
};

// Reads Notion's response objects into pgnotion's terms. Pure functions of the JSON, no I/O, so that
// whatever a server answers can be tested (and fuzzed) without one. A missing or mistyped field reads
// as empty: Notion's answers are trusted for shape, never for memory safety.
class NotionObjects {
public:
    static IntegrationInfo integration(const QJsonObject &user);
    static DatabaseInfo database(const QJsonObject &object);
    static DataSourceInfo dataSource(const QJsonObject &object);
    static ResultPage resultPage(const QJsonObject &list);
    // The items of a relation property list (GET /v1/pages/{id}/properties/{property_id}) in the shape
    // of a page's relation value: [{"id": ...}, ...].
    static QJsonArray relationItems(const ResultPage &page);
    static QString plainText(const QJsonArray &richText);
};

} // namespace pgnotion
