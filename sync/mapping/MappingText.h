#pragma once

#include <QString>

namespace pgnotion {

// The wording shared by the loader, the validator and the schema builder, so that every message about a
// mapping names the file, the resource and the property the same way:
//   mapping.json: resource "milestone", property "Project": relation to unknown resource "projekt"
class MappingText {
public:
    static QString resource(const QString &resource);
    static QString property(const QString &resource, const QString &property);
    // A property set by an "update another page" rule of `resource` on the page of `target`.
    static QString rule(const QString &resource, const QString &target);
    static QString ruleProperty(const QString &resource, const QString &target, const QString &property);
    // "<source>: <where>: <what>", or "<source>: <what>" without a place. Always one line: problems are
    // joined one per line, and a name read from the file may hold a line break (a JSON "\n").
    static QString problem(const QString &source, const QString &where, const QString &what);
    // `text` with line breaks and other control characters written as escapes (\n, \u001b).
    static QString oneLine(const QString &text);

    // [A-Za-z_][A-Za-z0-9_]*: the engine quotes identifiers, but anything else is more likely a typo or
    // an attempt at SQL than a real column name.
    static bool isIdentifier(const QString &name);
    // An identifier, optionally schema-qualified ("public.projects").
    static bool isTableName(const QString &name);
    // A dashed, lower-case Notion id (what NotionApi::normalizeId makes of an id or URL).
    static bool isNotionId(const QString &id);
};

} // namespace pgnotion
