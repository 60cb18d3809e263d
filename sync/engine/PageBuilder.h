#pragma once

#include "common/Result.h"
#include "engine/RowReader.h"
#include "mapping/Mapping.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QVariantMap>

namespace pgnotion {

// A resource whose page must exist before this one can point at it.
struct Dependency {
    QString resource;
    QString key;
};

struct BuiltProperties {
    QJsonObject properties;           // ready for a create or update request
    QMap<QString, QString> canonical; // property -> canonical form: what "changed since last sync" compares
    QStringList warnings;             // text truncated, select names adjusted...
    QList<Dependency> missing;        // relations to rows that have no page yet
};

// Turns a row into Notion property values and page blocks, as the mapping says: value maps and formats,
// relations through the related row's page id, the Postgres ID property that finds our pages again.
class PageBuilder {
public:
    PageBuilder(const Mapping &mapping, RowReader &reader);

    // A bad value (a URL over 2,000 characters, a number that is not one) is an error naming the property.
    Result<BuiltProperties> build(const ResourceMapping &resource, const QList<PropertyMapping> &properties,
                                  const QVariantMap &row, const QString &key, bool withIdProperty);
    QJsonArray blocks(const ResourceMapping &resource, const QVariantMap &row) const;

private:
    Result<QVariant> sourceValue(const PropertyMapping &property, const QVariantMap &row,
                                 BuiltProperties &built);

    const Mapping &m_mapping;
    RowReader &m_reader;
};

} // namespace pgnotion
