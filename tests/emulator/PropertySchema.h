#pragma once

#include "Workspace.h"

#include <QJsonObject>
#include <QString>

namespace notionemu {

// Property schema of a data source: built from the request form Notion accepts when creating a database or
// updating a data source ({"Tags": {"multi_select": {"options": [...]}}}) and answered in Notion's form
// ({"id", "name", "description", "type", "multi_select": {"options": [{id, name, color, description}]}}).
class PropertySchema {
public:
    static bool isKnownType(const QString &type);
    // Types whose values Notion computes; a request may not set them.
    static bool isReadOnlyType(const QString &type);

    static PropertyConfig fromRequest(const QString &name, const QJsonObject &request,
                                      const Workspace &workspace, const QString &path);
    // A PATCH of one existing property: rename and/or add select, multi_select or status options.
    static void applyUpdate(PropertyConfig &property, const QJsonObject &request, const Workspace &workspace,
                            const QString &path);
    static QJsonObject toJson(const PropertyConfig &property);

    static QJsonObject newOption(const QString &name, const QString &color = QStringLiteral("default"));
    // The option named (or with the id) `nameOrId` of a select, multi_select or status property.
    static QJsonObject findOption(const PropertyConfig &property, const QString &name, const QString &id);

private:
    static QJsonObject configFromRequest(const QString &type, const QJsonObject &config,
                                         const Workspace &workspace, const QString &path);
    static QJsonArray optionsFromRequest(const QJsonValue &options, const QString &path);
};

} // namespace notionemu
