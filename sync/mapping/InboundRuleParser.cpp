#include "mapping/InboundRuleParser.h"

#include "mapping/MappingText.h"

#include <QJsonArray>

#include <functional>
#include <utility>

namespace pgnotion {

namespace {

QString latin1(const char *text) {
    return QString::fromLatin1(text);
}

void unknownKeys(const QJsonObject &object, const QStringList &known, const QString &where,
                 const std::function<void(const QString &, const QString &)> &report) {
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() != QLatin1String("comment") && !known.contains(it.key()))
            report(where, QStringLiteral("unknown key \"%1\" (known here: %2)")
                              .arg(it.key(), known.join(QStringLiteral(", "))));
    }
}

} // namespace

InboundRuleParser::InboundRuleParser(QString source)
    : m_source(std::move(source)) {}

void InboundRuleParser::report(const QString &where, const QString &what) {
    m_problems.append(MappingText::problem(m_source, where, what));
}

QList<InboundRule> InboundRuleParser::parse(const QJsonValue &value, const ResourceMapping &resource) {
    QList<InboundRule> rules;
    if (value.isUndefined())
        return rules;
    const QString resourceWhere = MappingText::resource(resource.name);
    if (!value.isArray()) {
        report(resourceWhere,
               QStringLiteral("\"inbound\" must be an array of rules like {\"property\": \"Status\", "
                              "\"column\": \"status\"}"));
        return rules;
    }
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        QString where = resourceWhere + QStringLiteral(", inbound rule %1").arg(i + 1);
        if (!array.at(i).isObject()) {
            report(where, QStringLiteral("must be an object like {\"property\": \"Status\", \"column\": "
                                         "\"status\"}"));
            continue;
        }
        const QString property = array.at(i).toObject().value(QStringLiteral("property")).toString();
        if (!property.isEmpty())
            where += QStringLiteral(" (\"%1\")").arg(property);
        InboundRule parsed = rule(array.at(i).toObject(), resource, where);
        for (const InboundRule &earlier : std::as_const(rules)) {
            if (!parsed.property.isEmpty() && earlier.property == parsed.property)
                report(where,
                       QStringLiteral("a second rule for property \"%1\": one property flows back into "
                                      "one column; merge the rules")
                           .arg(parsed.property));
            if (!parsed.column.isEmpty() && earlier.column == parsed.column)
                report(where,
                       QStringLiteral("column \"%1\" is already set by the rule for \"%2\": one column "
                                      "has one source in Notion")
                           .arg(parsed.column, earlier.property));
        }
        rules.append(parsed);
    }
    return rules;
}

InboundRule InboundRuleParser::rule(const QJsonObject &object, const ResourceMapping &resource,
                                    const QString &where) {
    InboundRule rule;
    unknownKeys(object,
                {QStringLiteral("property"), QStringLiteral("column"), QStringLiteral("values"),
                 QStringLiteral("also"), QStringLiteral("owner")},
                where, [this](const QString &w, const QString &what) { report(w, what); });
    const QJsonValue property = object.value(QStringLiteral("property"));
    if (!property.isString() || property.toString().trimmed().isEmpty())
        report(where, QStringLiteral("\"property\" is missing: the Notion property whose edits flow back"));
    rule.property = property.toString();
    if (!rule.property.isEmpty() && rule.property == resource.idProperty)
        report(where,
               QStringLiteral("is the id property, which holds the Postgres key: it never flows back"));

    const QJsonValue column = object.value(QStringLiteral("column"));
    if (!column.isString() || column.toString().trimmed().isEmpty())
        report(where, QStringLiteral("\"column\" is missing: the column of \"%1\" that the property sets")
                          .arg(resource.table));
    rule.column = column.toString().trimmed();
    checkColumn(rule.column, resource, where);

    const QJsonValue owner = object.value(QStringLiteral("owner"));
    if (owner == QLatin1String("notion"))
        rule.owner = InboundRule::Owner::Notion;
    else if (!owner.isUndefined() && owner != QLatin1String("postgres"))
        report(where, QStringLiteral("\"owner\" must be \"postgres\" (the default: Postgres wins when both "
                                     "sides changed) or \"notion\""));

    const QJsonValue values = object.value(QStringLiteral("values"));
    if (values.isUndefined()) {
        inheritValues(rule, resource, where);
    } else if (!values.isObject()) {
        report(where, QStringLiteral("\"values\" must be an object: Notion option name -> Postgres value"));
    } else {
        const QJsonObject map = values.toObject();
        for (auto it = map.begin(); it != map.end(); ++it) {
            if (!it.value().isString())
                report(where, QStringLiteral("\"values\": \"%1\" must map to a string").arg(it.key()));
            else
                rule.values.insert(it.key(), it.value().toString());
        }
    }

    const QJsonValue also = object.value(QStringLiteral("also"));
    if (!also.isUndefined() && !also.isArray())
        report(where,
               QStringLiteral("\"also\" must be an array like [{\"column\": \"completed_at\", \"when\": "
                              "\"completed\", \"value\": \"now()\", \"otherwise\": null}]"));
    const QJsonArray assignments = also.toArray();
    for (qsizetype i = 0; i < assignments.size(); ++i)
        rule.also.append(
            assignment(assignments.at(i), rule, resource, where + QStringLiteral(", also %1").arg(i + 1)));
    return rule;
}

void InboundRuleParser::inheritValues(InboundRule &rule, const ResourceMapping &resource,
                                      const QString &where) {
    const PropertyMapping *outbound = resource.property(rule.property);
    if (!outbound)
        return;
    rule.format = outbound->format;
    for (auto it = outbound->values.cbegin(); it != outbound->values.cend(); ++it) {
        if (rule.values.contains(it.value())) {
            report(where,
                   QStringLiteral("the outbound \"values\" map both \"%1\" and \"%2\" to \"%3\", so the "
                                  "way back is ambiguous: give the rule its own \"values\"")
                       .arg(rule.values.value(it.value()), it.key(), it.value()));
            continue;
        }
        rule.values.insert(it.value(), it.key());
    }
}

void InboundRuleParser::checkColumn(const QString &column, const ResourceMapping &resource,
                                    const QString &where) {
    if (column.isEmpty())
        return;
    if (!MappingText::isIdentifier(column))
        report(where, QStringLiteral("column \"%1\" is not a plain SQL identifier").arg(column));
    else if (column == resource.keyColumn)
        report(
            where,
            QStringLiteral("column \"%1\" is the key: Notion cannot change which row a page is").arg(column));
    else if (column == resource.pageIdColumn)
        report(where, QStringLiteral("column \"%1\" holds the page id, which pgnotion manages").arg(column));
}

std::optional<QString> InboundRuleParser::assignedValue(const QJsonObject &object, const char *key,
                                                        const QString &where) {
    const QJsonValue value = object.value(latin1(key));
    if (value.isNull())
        return std::nullopt;
    if (!value.isString()) {
        report(where,
               QStringLiteral("\"%1\" must be a string (the value, or \"now()\") or null").arg(latin1(key)));
        return std::nullopt;
    }
    return value.toString();
}

InboundAssignment InboundRuleParser::assignment(const QJsonValue &value, const InboundRule &rule,
                                                const ResourceMapping &resource, const QString &where) {
    InboundAssignment assignment;
    const QJsonObject object = value.toObject();
    if (!value.isObject()) {
        report(where, QStringLiteral("must be an object like {\"column\": \"completed_at\", \"value\": "
                                     "\"now()\"}"));
        return assignment;
    }
    unknownKeys(object,
                {QStringLiteral("column"), QStringLiteral("when"), QStringLiteral("value"),
                 QStringLiteral("otherwise")},
                where, [this](const QString &w, const QString &what) { report(w, what); });
    assignment.column = object.value(QStringLiteral("column")).toString().trimmed();
    if (assignment.column.isEmpty())
        report(where, QStringLiteral("\"column\" is missing"));
    checkColumn(assignment.column, resource, where);
    if (!assignment.column.isEmpty() && assignment.column == rule.column)
        report(where, QStringLiteral("sets the rule's own column \"%1\" again").arg(rule.column));

    const QJsonValue when = object.value(QStringLiteral("when"));
    if (when.isString()) {
        assignment.when = {when.toString()};
    } else if (when.isArray()) {
        for (const QJsonValue &item : when.toArray()) {
            if (!item.isString())
                report(
                    where,
                    QStringLiteral("\"when\" lists Postgres values of \"%1\", as strings").arg(rule.column));
            assignment.when.append(item.toString());
        }
    } else if (!when.isUndefined()) {
        report(where,
               QStringLiteral("\"when\" must be a value of \"%1\" or a list of them").arg(rule.column));
    }
    if (!object.contains(QStringLiteral("value")))
        report(where, QStringLiteral("\"value\" is missing: a string, \"now()\" or null"));
    else
        assignment.value = assignedValue(object, "value", where);
    assignment.hasOtherwise = object.contains(QStringLiteral("otherwise"));
    if (assignment.hasOtherwise && assignment.when.isEmpty())
        report(where, QStringLiteral("\"otherwise\" needs \"when\" (without it the value is always set)"));
    if (assignment.hasOtherwise)
        assignment.otherwise = assignedValue(object, "otherwise", where);
    return assignment;
}

} // namespace pgnotion
