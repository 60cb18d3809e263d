#include "notion/PropertyValueType.h"

#include <array>
#include <utility>

namespace pgnotion {

namespace {

// One table for both directions, so that a name can never be spelled differently in the two.
constexpr std::array<std::pair<PropertyType, const char *>, 13> kNames{{
    {PropertyType::Title, "title"},
    {PropertyType::RichText, "rich_text"},
    {PropertyType::Number, "number"},
    {PropertyType::Select, "select"},
    {PropertyType::MultiSelect, "multi_select"},
    {PropertyType::Status, "status"},
    {PropertyType::Date, "date"},
    {PropertyType::Checkbox, "checkbox"},
    {PropertyType::Url, "url"},
    {PropertyType::Email, "email"},
    {PropertyType::PhoneNumber, "phone_number"},
    {PropertyType::Relation, "relation"},
    {PropertyType::People, "people"},
}};

} // namespace

QString notionName(PropertyType type) {
    for (const auto &[candidate, name] : kNames) {
        if (candidate == type)
            return QLatin1String(name);
    }
    return {};
}

std::optional<PropertyType> propertyTypeFromNotionName(const QString &name) {
    for (const auto &[type, candidate] : kNames) {
        if (name == QLatin1String(candidate))
            return type;
    }
    return std::nullopt;
}

} // namespace pgnotion
