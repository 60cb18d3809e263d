#pragma once

#include <QString>

#include <optional>

namespace pgnotion {

// The Notion property types pgnotion writes and reads. Other types (formula, rollup, files, ...) are
// read-only or unsupported by the sync and have no value here on purpose.
enum class PropertyType {
    Title,
    RichText,
    Number,
    Select,
    MultiSelect,
    Status,
    Date,
    Checkbox,
    Url,
    Email,
    PhoneNumber,
    Relation,
    People,
};

// The name Notion uses for the type: the key of the value object and of `type` ("rich_text").
QString notionName(PropertyType type);
// The type for a Notion type name; nothing for names pgnotion does not convert.
std::optional<PropertyType> propertyTypeFromNotionName(const QString &name);

} // namespace pgnotion
