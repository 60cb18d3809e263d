#pragma once

#include "Workspace.h"

#include <QJsonObject>
#include <QJsonValue>

namespace notionemu {

// Page property values: a request's value checked against the property's schema and Notion's limits, and
// turned into the stored form, which is the response form without the id ({"type":"number","number":3}).
class PropertyValues {
public:
    // May add options to `property`: Notion creates a select/multi_select option that does not exist yet.
    static QJsonObject parse(PropertyConfig &property, const QJsonValue &value, const Workspace &workspace,
                             const QString &token);
    // The value of a property that was never set.
    static QJsonObject emptyValue(const PropertyConfig &property);

private:
    static QJsonValue parseTyped(PropertyConfig &property, const QJsonValue &value,
                                 const Workspace &workspace, const QString &token, const QString &path);
    static QJsonValue parseSelect(PropertyConfig &property, const QJsonValue &value, const QString &path,
                                  bool mayCreate);
    static QJsonValue parseDate(const QJsonValue &value, const QString &path);
    static QJsonValue parseIdList(const QJsonValue &value, const QString &path);
};

} // namespace notionemu
