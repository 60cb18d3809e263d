#pragma once

#include "common/Result.h"
#include "mapping/Mapping.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace pgnotion {

// Reads a mapping file (the format is described in resources/mapping/README.md) and checks its structure:
// everything that can be known without Postgres or Notion. A mapping with problems is refused as a whole;
// the Error (code "bad_mapping") lists ALL of them, one per line, each naming the file, the resource and
// the property, so that one edit fixes them all. Checks against the live Notion schemas are
// MappingValidator's.
class MappingLoader {
public:
    static Result<Mapping> fromFile(const QString &path);
    // `sourceName` names the mapping in messages (usually its file name).
    static Result<Mapping> fromJson(const QByteArray &json, const QString &sourceName);
    // The mapping shipped with pgnotion (the seed's flows); a user's own file replaces it as a whole.
    static Result<Mapping> defaultMapping();
    static QString defaultPath();

    // --notion-database TYPE=ID (repeatable): the database of a resource type for this run. ID is an id
    // (dashed or not) or a Notion URL. All entries are checked first: with any problem (code
    // "bad_override") nothing is changed.
    static Result<void> applyDatabaseOverrides(Mapping &mapping, const QStringList &overrides);
};

} // namespace pgnotion
