#pragma once

#include "common/Result.h"
#include "mapping/Mapping.h"
#include "notion/NotionApi.h"

#include <QHash>
#include <QStringList>

namespace pgnotion {

// Checks a (structurally valid) mapping against the live Notion schemas before any sync: every mapped
// property exists with the mapped type, every page database has its id property, relations point at the
// related resource's data source, and status values exist. Each problem is one message naming the file,
// the resource and the property, and saying what to do.
class MappingValidator {
public:
    // `dataSources`: resource name -> what NotionApi::retrieveDataSource returned for its database.
    // Only enabled resources with pages are checked (with the update rules that write into them).
    static QStringList problems(const Mapping &mapping, const QHash<QString, DataSourceInfo> &dataSources);
    // The same as one Error (code "mapping_mismatch", one problem per line), or ok.
    static Result<void> validate(const Mapping &mapping, const QHash<QString, DataSourceInfo> &dataSources);

private:
    static void checkProperty(const Mapping &mapping, const PropertyMapping &property, const QString &where,
                              const DataSourceInfo &dataSource,
                              const QHash<QString, DataSourceInfo> &dataSources, QStringList &problems);
};

} // namespace pgnotion
