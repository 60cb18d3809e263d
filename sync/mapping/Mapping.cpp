#include "mapping/Mapping.h"

#include <QSet>

#include <algorithm>

namespace pgnotion {

const PropertyMapping *ResourceMapping::property(const QString &propertyName) const {
    for (const PropertyMapping &candidate : properties) {
        if (candidate.property == propertyName)
            return &candidate;
    }
    return nullptr;
}

const InboundRule *ResourceMapping::inboundRule(const QString &propertyName) const {
    for (const InboundRule &candidate : inbound) {
        if (candidate.property == propertyName)
            return &candidate;
    }
    return nullptr;
}

const ResourceMapping *Mapping::resource(const QString &name) const {
    for (const ResourceMapping &candidate : resources) {
        if (candidate.name == name)
            return &candidate;
    }
    return nullptr;
}

QStringList Mapping::syncOrder() const {
    QList<const ResourceMapping *> pending;
    for (const ResourceMapping &resource : resources) {
        if (resource.enabled && resource.hasOwnPage())
            pending.append(&resource);
    }
    QSet<QString> inOrder;
    QStringList order;
    // Kahn's algorithm, picking the first ready resource in file order each time, so that the order is
    // stable. A relation to a resource that is not synced (disabled, unknown) does not hold anything up.
    auto ready = [&](const ResourceMapping *resource) {
        for (const PropertyMapping &property : resource->properties) {
            if (property.type != PropertyType::Relation || property.relationResource == resource->name)
                continue;
            const bool targetPending =
                std::any_of(pending.cbegin(), pending.cend(), [&](const ResourceMapping *other) {
                    return other->name == property.relationResource;
                });
            if (targetPending && !inOrder.contains(property.relationResource))
                return false;
        }
        return true;
    };
    while (!pending.isEmpty()) {
        auto next = std::find_if(pending.begin(), pending.end(), ready);
        // A cycle (the loader refuses them; a mapping built in code may have one): go on in file order
        // rather than drop resources.
        if (next == pending.end())
            next = pending.begin();
        order.append((*next)->name);
        inOrder.insert((*next)->name);
        pending.erase(next);
    }
    return order;
}

} // namespace pgnotion
