#pragma once

#include "mapping/Mapping.h"

#include <QStringList>

namespace pgnotion {

// The structural rules that span resources: relation targets, update-rule targets, relation cycles, and
// properties that two mappings write into one database with different types. Each problem is a full
// message naming mapping.sourceFile, the resource and the property.
class MappingRules {
public:
    static QStringList check(const Mapping &mapping);

private:
    static void checkRelation(const Mapping &mapping, const ResourceMapping &resource,
                              const PropertyMapping &property, const QString &where, QStringList &problems);
    static void checkUpdateRules(const Mapping &mapping, const ResourceMapping &resource,
                                 QStringList &problems);
    static void checkPropertyTypes(const Mapping &mapping, const ResourceMapping &target,
                                   QStringList &problems);
    static void checkCycles(const Mapping &mapping, QStringList &problems);
};

} // namespace pgnotion
