#include "notion/NotionObjects.h"

namespace pgnotion {

const PropertySchema *DataSourceInfo::property(const QString &name) const {
    for (const PropertySchema &schema : properties) {
        if (schema.name == name)
            return &schema;
    }
    return nullptr;
}

QString NotionObjects::plainText(const QJsonArray &richText) {
    QString text;
    for (const QJsonValue &item : richText)
        text += item.toObject().value(QStringLiteral("plain_text")).toString();
    return text;
}

IntegrationInfo NotionObjects::integration(const QJsonObject &user) {
    const QJsonObject bot = user.value(QStringLiteral("bot")).toObject();
    return IntegrationInfo{user.value(QStringLiteral("id")).toString(),
                           user.value(QStringLiteral("name")).toString(),
                           bot.value(QStringLiteral("workspace_name")).toString()};
}

DatabaseInfo NotionObjects::database(const QJsonObject &object) {
    DatabaseInfo info;
    info.id = object.value(QStringLiteral("id")).toString();
    info.title = plainText(object.value(QStringLiteral("title")).toArray());
    for (const QJsonValue &source : object.value(QStringLiteral("data_sources")).toArray()) {
        info.dataSources.append({source.toObject().value(QStringLiteral("id")).toString(),
                                 source.toObject().value(QStringLiteral("name")).toString()});
    }
    info.raw = object;
    return info;
}

DataSourceInfo NotionObjects::dataSource(const QJsonObject &object) {
    DataSourceInfo info;
    info.id = object.value(QStringLiteral("id")).toString();
    info.title = plainText(object.value(QStringLiteral("title")).toArray());
    info.databaseId =
        object.value(QStringLiteral("parent")).toObject().value(QStringLiteral("database_id")).toString();
    info.raw = object;
    const QJsonObject properties = object.value(QStringLiteral("properties")).toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        const QJsonObject property = it.value().toObject();
        PropertySchema schema{property.value(QStringLiteral("id")).toString(),
                              it.key(),
                              property.value(QStringLiteral("type")).toString(),
                              {},
                              property};
        const QJsonObject config = property.value(schema.type).toObject();
        for (const QJsonValue &option : config.value(QStringLiteral("options")).toArray())
            schema.options.append(option.toObject().value(QStringLiteral("name")).toString());
        info.properties.append(schema);
    }
    return info;
}

ResultPage NotionObjects::resultPage(const QJsonObject &list) {
    ResultPage page;
    for (const QJsonValue &result : list.value(QStringLiteral("results")).toArray())
        page.results.append(result.toObject());
    if (list.value(QStringLiteral("has_more")).toBool())
        page.nextCursor = list.value(QStringLiteral("next_cursor")).toString();
    page.resultLimitReached =
        list.value(QStringLiteral("request_status")).toObject().value(QStringLiteral("incomplete_reason")) ==
        QLatin1String("query_result_limit_reached");
    return page;
}

QJsonArray NotionObjects::relationItems(const ResultPage &page) {
    QJsonArray items;
    for (const QJsonObject &item : page.results)
        items.append(
            QJsonObject{{QStringLiteral("id"),
                         item.value(QStringLiteral("relation")).toObject().value(QStringLiteral("id"))}});
    return items;
}

} // namespace pgnotion
