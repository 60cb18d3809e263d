#include "mapping/MappingRules.h"

#include "mapping/MappingText.h"

#include <QHash>
#include <QSet>

#include <functional>

namespace pgnotion {

namespace {

QStringList resourceNames(const Mapping &mapping) {
    QStringList names;
    for (const ResourceMapping &resource : mapping.resources)
        names.append(resource.name);
    return names;
}

} // namespace

QStringList MappingRules::check(const Mapping &mapping) {
    QStringList problems;
    for (const ResourceMapping &resource : mapping.resources) {
        for (const PropertyMapping &property : resource.properties)
            checkRelation(mapping, resource, property,
                          MappingText::property(resource.name, property.property), problems);
        checkUpdateRules(mapping, resource, problems);
    }
    for (const ResourceMapping &resource : mapping.resources) {
        if (resource.hasOwnPage())
            checkPropertyTypes(mapping, resource, problems);
    }
    checkCycles(mapping, problems);
    return problems;
}

void MappingRules::checkRelation(const Mapping &mapping, const ResourceMapping &resource,
                                 const PropertyMapping &property, const QString &where,
                                 QStringList &problems) {
    if (property.type != PropertyType::Relation || property.relationResource.isEmpty())
        return;
    const QString &targetName = property.relationResource;
    const ResourceMapping *target = mapping.resource(targetName);
    const QString source = mapping.sourceFile;
    if (!target) {
        problems.append(
            MappingText::problem(source, where,
                                 QStringLiteral("relation to unknown resource \"%1\" (known: %2)")
                                     .arg(targetName, resourceNames(mapping).join(QStringLiteral(", ")))));
    } else if (target == &resource) {
        // Rows of one table pointing at each other could each wait for the other's page forever.
        problems.append(MappingText::problem(source, where,
                                             QStringLiteral("relation to its own resource \"%1\": relations "
                                                            "within one resource are not supported")
                                                 .arg(targetName)));
    } else if (!target->hasOwnPage()) {
        problems.append(MappingText::problem(
            source, where,
            QStringLiteral("relation to resource \"%1\", which has no pages (\"page_id_column\": null)")
                .arg(targetName)));
    } else if (resource.enabled && !target->enabled) {
        problems.append(MappingText::problem(
            source, where,
            QStringLiteral("relation to disabled resource \"%1\": enable it or remove this property")
                .arg(targetName)));
    }
}

void MappingRules::checkUpdateRules(const Mapping &mapping, const ResourceMapping &resource,
                                    QStringList &problems) {
    const QString source = mapping.sourceFile;
    for (const PageUpdateRule &rule : resource.updates) {
        if (rule.resource.isEmpty())
            continue; // reported by the parser
        const QString where = MappingText::rule(resource.name, rule.resource);
        const ResourceMapping *target = mapping.resource(rule.resource);
        if (!target) {
            problems.append(MappingText::problem(
                source, where,
                QStringLiteral("updates unknown resource \"%1\" (known: %2)")
                    .arg(rule.resource, resourceNames(mapping).join(QStringLiteral(", ")))));
            continue;
        }
        if (target == &resource) {
            problems.append(MappingText::problem(
                source, where,
                QStringLiteral("updates its own page: map the properties under \"properties\"")));
            continue;
        }
        if (!target->hasOwnPage()) {
            problems.append(MappingText::problem(
                source, where,
                QStringLiteral("resource \"%1\" has no pages to update (\"page_id_column\": null)")
                    .arg(rule.resource)));
            continue;
        }
        if (resource.enabled && !target->enabled)
            problems.append(MappingText::problem(
                source, where,
                QStringLiteral("updates disabled resource \"%1\": enable it or remove the rule")
                    .arg(rule.resource)));
        for (const PropertyMapping &property : rule.properties) {
            const QString propertyWhere =
                MappingText::ruleProperty(resource.name, rule.resource, property.property);
            if (property.property == target->idProperty)
                problems.append(MappingText::problem(
                    source, propertyWhere,
                    QStringLiteral("is the id property of \"%1\", where pgnotion keeps its Postgres key")
                        .arg(rule.resource)));
            checkRelation(mapping, resource, property, propertyWhere, problems);
        }
    }
}

void MappingRules::checkPropertyTypes(const Mapping &mapping, const ResourceMapping &target,
                                      QStringList &problems) {
    // One database, one type per property: the resource's own mapping and every rule that writes into its
    // pages (a project's own "Payment Status" and a payment's rule for it) must agree.
    struct Seen {
        PropertyType type;
        QString where;
    };
    QHash<QString, Seen> seen;
    for (const PropertyMapping &property : target.properties)
        seen.insert(property.property,
                    {property.type, MappingText::property(target.name, property.property)});
    for (const ResourceMapping &resource : mapping.resources) {
        for (const PageUpdateRule &rule : resource.updates) {
            if (rule.resource != target.name || &resource == &target)
                continue;
            for (const PropertyMapping &property : rule.properties) {
                const QString where =
                    MappingText::ruleProperty(resource.name, rule.resource, property.property);
                const auto known = seen.constFind(property.property);
                if (known == seen.constEnd()) {
                    seen.insert(property.property, {property.type, where});
                } else if (known->type != property.type) {
                    problems.append(MappingText::problem(
                        mapping.sourceFile, where,
                        QStringLiteral("type %1 conflicts with %2 for the same property (%3): one database "
                                       "property has one type")
                            .arg(notionName(property.type), notionName(known->type), known->where)));
                }
            }
        }
    }
}

void MappingRules::checkCycles(const Mapping &mapping, QStringList &problems) {
    // Depth-first search over "has a relation to"; a resource met again on the current path closes a
    // cycle. Each cycle is reported once, however many of its resources it is entered from.
    QHash<QString, QStringList> edges;
    for (const ResourceMapping &resource : mapping.resources) {
        for (const PropertyMapping &property : resource.properties) {
            if (property.type == PropertyType::Relation && property.relationResource != resource.name &&
                mapping.resource(property.relationResource))
                edges[resource.name].append(property.relationResource);
        }
    }
    QSet<QString> done;
    QSet<QString> reported;
    QStringList path;
    std::function<void(const QString &)> visit = [&](const QString &name) {
        path.append(name);
        for (const QString &next : edges.value(name)) {
            const qsizetype onPath = path.indexOf(next);
            if (onPath >= 0) {
                QStringList cycle = path.mid(onPath);
                QStringList key = cycle;
                key.sort();
                if (!reported.contains(key.join(QLatin1Char(',')))) {
                    reported.insert(key.join(QLatin1Char(',')));
                    cycle.append(next);
                    problems.append(MappingText::problem(
                        mapping.sourceFile, MappingText::resource(cycle.first()),
                        QStringLiteral(
                            "relation cycle %1: no resource of it could be synced first; make one of "
                            "these relations a rich_text or drop it")
                            .arg(cycle.join(QStringLiteral(" -> ")))));
                }
            } else if (!done.contains(next)) {
                visit(next);
            }
        }
        path.removeLast();
        done.insert(name);
    };
    for (const ResourceMapping &resource : mapping.resources) {
        if (!done.contains(resource.name))
            visit(resource.name);
    }
}

} // namespace pgnotion
