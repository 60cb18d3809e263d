// Property values as Notion sends them in a page (or as pgnotion writes them in a request), read back for
// every property type pgnotion converts. Checks: reading never crashes; a value read and written again
// reads the same; the canonical form (what tells whether a value changed) is deterministic and equal for
// a value and for what it converts to.
#include "FuzzCheck.h"
#include "FuzzJson.h"
#include "notion/PropertyValueCodec.h"
#include "notion/PropertyValueList.h"

#include <QJsonDocument>

using namespace pgnotion;
using pgnotion::fuzz::compact;

namespace {

constexpr PropertyType allTypes[] = {
    PropertyType::Title,       PropertyType::RichText, PropertyType::Number,      PropertyType::Select,
    PropertyType::MultiSelect, PropertyType::Status,   PropertyType::Date,        PropertyType::Checkbox,
    PropertyType::Url,         PropertyType::Email,    PropertyType::PhoneNumber, PropertyType::Relation,
    PropertyType::People,
};

void checkRoundTrip(PropertyType type, const QJsonObject &property) {
    const QString name = notionName(type);
    const auto decoded = PropertyValueCodec::fromNotion(type, property);
    const auto canonical = PropertyValueCodec::canonicalForm(type, property);
    const auto again = PropertyValueCodec::canonicalForm(type, property);
    FUZZ_CHECK(canonical.ok() == again.ok(), name);
    if (canonical)
        FUZZ_CHECK(canonical.value() == again.value(), name + QLatin1Char(' ') + canonical.value());
    (void)PropertyValueCodec::dateRangeFromNotion(property);
    if (!decoded)
        return;
    FUZZ_CHECK(!decoded.value().complete || canonical.ok(),
               name + QStringLiteral(" read but has no canonical form: ") +
                   (canonical ? QString() : canonical.error().message));
    if (type == PropertyType::Date)
        return; // fromNotion reads a range's start only: the round trip below is dateRangeToNotion's
    const auto request = PropertyValueCodec::toNotion(type, decoded.value().value);
    if (!request)
        return; // a value Notion would refuse (too long, too many): an error, not a crash
    const QJsonObject written = request.value().value.toObject();
    const auto reread = PropertyValueCodec::fromNotion(type, written);
    FUZZ_CHECK(reread.ok(), name + QStringLiteral(" written as ") + compact(written) +
                                QStringLiteral(" does not read: ") +
                                (reread ? QString() : reread.error().message));
    const auto rewritten = PropertyValueCodec::toNotion(type, reread.value().value);
    FUZZ_CHECK(rewritten.ok(), name);
    FUZZ_CHECK(rewritten.value().value == request.value().value,
               name + QStringLiteral(": ") + compact(written) + QStringLiteral(" then ") +
                   compact(rewritten.value().value.toObject()));
    const auto valueForm = PropertyValueCodec::canonicalForm(type, decoded.value().value);
    const auto writtenForm = PropertyValueCodec::canonicalForm(type, written);
    FUZZ_CHECK(valueForm.ok() && writtenForm.ok() && valueForm.value() == writtenForm.value(), name);
}

void checkDateRange(const QJsonObject &property) {
    const auto range = PropertyValueCodec::dateRangeFromNotion(property);
    if (!range)
        return;
    const auto request = PropertyValueCodec::dateRangeToNotion(range.value());
    if (!request)
        return; // e.g. an end before its start
    const QJsonObject written = request.value().value.toObject();
    const auto reread = PropertyValueCodec::dateRangeFromNotion(written);
    FUZZ_CHECK(reread.ok(), compact(written));
    const auto rewritten = PropertyValueCodec::dateRangeToNotion(reread.value());
    FUZZ_CHECK(rewritten.ok() && rewritten.value().value == request.value().value,
               compact(written) + QStringLiteral(" then ") +
                   (rewritten ? compact(rewritten.value().value.toObject()) : rewritten.error().message));
}

// Postgres text (what QPSQL delivers: numbers, dates, array literals such as {a,"b c"}) written as each
// type: what is written must read back, and its canonical form must be that of the value.
void checkFromPostgres(const QString &text) {
    static const DateOptions dateOptions[] = {{},
                                              {QStringLiteral("Europe/Berlin"), false, false},
                                              {QStringLiteral("America/New_York"), true, false},
                                              {QStringLiteral("Asia/Kolkata"), false, true},
                                              {QStringLiteral("No/Such_Zone"), false, false}};
    (void)PropertyValueList::parseArrayLiteral(text);
    for (const PropertyType type : allTypes) {
        for (const DateOptions &options : dateOptions) {
            const auto request = PropertyValueCodec::toNotion(type, QVariant(text), options);
            if (!request)
                continue;
            const QJsonObject written = request.value().value.toObject();
            const auto reread = PropertyValueCodec::fromNotion(type, written);
            FUZZ_CHECK(reread.ok(), notionName(type) + QStringLiteral(" written as ") + compact(written) +
                                        QStringLiteral(" does not read: ") +
                                        (reread ? QString() : reread.error().message));
            const auto form = PropertyValueCodec::canonicalForm(type, QVariant(text), options);
            FUZZ_CHECK(form.ok() && form.value() == PropertyValueCodec::canonicalForm(type, written).value(),
                       notionName(type) + QLatin1Char(' ') + text);
            if (type != PropertyType::Date)
                break; // only dates depend on the options
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QJsonObject property = fuzz::objectOf(data, size);
    // A page's property says its type; the sync reads it as the type the mapping expects, which may
    // differ (a renamed or retyped property): every type must cope with every shape.
    for (const PropertyType type : allTypes)
        checkRoundTrip(type, property);
    checkDateRange(property);
    for (const QJsonValue &value : property) {
        if (value.isString())
            checkFromPostgres(value.toString());
    }
    const auto declared = propertyTypeFromNotionName(property.value(QStringLiteral("type")).toString());
    if (declared)
        FUZZ_CHECK(notionName(*declared) == property.value(QStringLiteral("type")).toString(),
                   notionName(*declared));
    return 0;
}
