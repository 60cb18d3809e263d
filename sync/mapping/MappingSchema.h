#pragma once

#include "common/Result.h"
#include "mapping/Mapping.h"

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace pgnotion {

// The Notion property schema a mapping needs, for creating its databases (POST /v1/databases,
// initial_data_source.properties) under a page the admin picks.
class MappingSchema {
public:
    // Every property the pages of `resourceName` carry: its own properties, the ones other (enabled)
    // resources' update rules write into them, and the id property (rich_text). Relations need the data
    // source of the related resource: `dataSourceIds` (resource name -> data source id) holds those
    // created so far; create databases in Mapping::syncOrder() order and every relation finds its target.
    static Result<QJsonObject> dataSourceProperties(const Mapping &mapping, const QString &resourceName,
                                                    const QHash<QString, QString> &dataSourceIds);
    // One property's configuration ({"select": {"options": [...]}}); `relatedDataSourceId` for relations.
    static QJsonObject propertyConfig(const PropertyMapping &property,
                                      const QString &relatedDataSourceId = {});
    // The option names a property's "values" map (and "format") can produce, in a stable order.
    static QStringList optionNames(const PropertyMapping &property);
    // What a value looks like in Notion after "format" ("3" -> "Tier 3").
    static QString formatted(const PropertyMapping &property, const QString &value);
};

} // namespace pgnotion
