#pragma once

#include "common/Result.h"

#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>

namespace pgnotion {

// The elements of list-valued Postgres columns (multi_select names, relation and people ids) and the
// form of Notion ids.
class PropertyValueList {
public:
    // The elements of `value`: a QStringList or QVariantList, a Postgres array literal such as
    // `{a,b,"c d"}` (QPSQL delivers arrays as that text), or any other non-null value as one element.
    // NULL elements are dropped with a warning: Notion lists cannot hold them. A null value is empty.
    static Result<QStringList> elements(const QVariant &value, QStringList &warnings);
    // A one-dimensional Postgres array literal (optionally with a `[1:3]=` bounds prefix); std::nullopt
    // elements stand for NULL. Errors (code "bad_array") for malformed or nested arrays.
    static Result<QList<std::optional<QString>>> parseArrayLiteral(const QString &literal);

    // A Notion id as Notion returns it: 32 hex digits, lowercase, dashed 8-4-4-4-12. Accepts dashed or
    // undashed, any case; nothing for anything else.
    static std::optional<QString> normalizedId(const QString &id);
};

} // namespace pgnotion
