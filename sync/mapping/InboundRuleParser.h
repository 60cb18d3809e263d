#pragma once

#include "mapping/Mapping.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

#include <optional>

namespace pgnotion {

// Parses a resource's "inbound" list (Notion -> Postgres rules) and checks each rule on its own and
// against the resource: its column and property exist as names, it does not write the key or the page id,
// two rules do not share a property or a column. Problems are collected in the loader's wording.
class InboundRuleParser {
public:
    explicit InboundRuleParser(QString source);

    // `resource` has its outbound properties parsed already: a rule without "values" takes the inverse
    // of the outbound property's values (and its format), so that one map serves both directions.
    QList<InboundRule> parse(const QJsonValue &value, const ResourceMapping &resource);
    const QStringList &problems() const { return m_problems; }

private:
    InboundRule rule(const QJsonObject &object, const ResourceMapping &resource, const QString &where);
    InboundAssignment assignment(const QJsonValue &value, const InboundRule &rule,
                                 const ResourceMapping &resource, const QString &where);
    std::optional<QString> assignedValue(const QJsonObject &object, const char *key, const QString &where);
    void inheritValues(InboundRule &rule, const ResourceMapping &resource, const QString &where);
    void checkColumn(const QString &column, const ResourceMapping &resource, const QString &where);
    void report(const QString &where, const QString &what);

    QString m_source;
    QStringList m_problems;
};

} // namespace pgnotion
