#pragma once

#include "mapping/Mapping.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <initializer_list>

namespace pgnotion {

// Turns the JSON of a mapping file into a Mapping, checking each object on its own (unknown keys, types
// of values, identifiers, formats). Problems are collected, never thrown: the loader reports them all.
// Checks that need several resources at once are MappingRules'.
class MappingParser {
public:
    explicit MappingParser(QString source);

    Mapping parse(const QJsonObject &root);
    const QStringList &problems() const { return m_problems; }

private:
    ResourceMapping resource(const QString &name, const QJsonValue &value);
    QList<PropertyMapping> properties(const QJsonValue &value, const QString &resource,
                                      const QString &target);
    PropertyMapping property(const QString &name, const QJsonValue &value, const QString &where);
    QList<BlockMapping> blocks(const QJsonValue &value, const QString &resource);
    QList<PageUpdateRule> updates(const QJsonValue &value, const QString &resource);
    QString database(const QString &raw, const QString &where);

    void report(const QString &where, const QString &what);
    void checkKeys(const QJsonObject &object, std::initializer_list<const char *> known,
                   const QString &where);
    QString string(const QJsonObject &object, const char *key, const QString &where, bool required);
    bool boolean(const QJsonObject &object, const char *key, const QString &where, bool fallback);

    QString m_source;
    QStringList m_problems;
};

} // namespace pgnotion
