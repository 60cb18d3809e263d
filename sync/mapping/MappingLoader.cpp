#include "mapping/MappingLoader.h"

#include "mapping/JsonDuplicateKeys.h"
#include "mapping/MappingParser.h"
#include "mapping/MappingRules.h"
#include "mapping/MappingText.h"
#include "notion/NotionApi.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace pgnotion {

namespace {

Error mappingError(const QStringList &problems) {
    return Error{problems.join(QLatin1Char('\n')), QStringLiteral("bad_mapping")};
}

// "resources.project.properties" + "Name" -> where the duplicate is, in the words of the other messages.
QString duplicateMessage(const QString &source, const JsonDuplicateKeys::Duplicate &duplicate) {
    const QStringList &path = duplicate.path;
    const QString tail = QStringLiteral("appears twice (JSON would silently keep only the last one)");
    if (path == QStringList{QStringLiteral("resources")})
        return MappingText::problem(source, MappingText::resource(duplicate.key), tail);
    if (path.size() == 3 && path.at(0) == QLatin1String("resources") &&
        path.at(2) == QLatin1String("properties"))
        return MappingText::problem(source, MappingText::property(path.at(1), duplicate.key), tail);
    if (path.size() == 5 && path.at(0) == QLatin1String("resources") &&
        path.at(2) == QLatin1String("updates") && path.at(4) == QLatin1String("properties"))
        return MappingText::problem(source,
                                    MappingText::resource(path.at(1)) +
                                        QStringLiteral(", update rule %1, property \"%2\"")
                                            .arg(path.at(3).toInt() + 1)
                                            .arg(duplicate.key),
                                    tail);
    const QString where = path.isEmpty() ? QStringLiteral("the top level") : path.join(QLatin1Char('.'));
    return MappingText::problem(source, {},
                                QStringLiteral("key \"%1\" in %2 %3").arg(duplicate.key, where, tail));
}

} // namespace

QString MappingLoader::defaultPath() {
    return QStringLiteral(":/mapping/default.json");
}

Result<Mapping> MappingLoader::fromFile(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("%1: cannot read the mapping file: %2").arg(path, file.errorString()),
                     QStringLiteral("mapping_unreadable")};
    return fromJson(file.readAll(), path);
}

Result<Mapping> MappingLoader::defaultMapping() {
    return fromFile(defaultPath());
}

Result<Mapping> MappingLoader::fromJson(const QByteArray &json, const QString &sourceName) {
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // Editors show lines and columns, not byte offsets.
        const QByteArray before = json.left(parseError.offset);
        const qsizetype line = before.count('\n') + 1;
        const qsizetype column = parseError.offset - (before.lastIndexOf('\n') + 1) + 1;
        return mappingError({QStringLiteral("%1: not valid JSON at line %2, column %3: %4")
                                 .arg(sourceName)
                                 .arg(line)
                                 .arg(column)
                                 .arg(parseError.errorString())});
    }
    if (!document.isObject())
        return mappingError({MappingText::problem(
            sourceName, {},
            QStringLiteral("the mapping must be a JSON object {\"version\": 1, \"resources\": {...}}"))});

    QStringList problems;
    for (const JsonDuplicateKeys::Duplicate &duplicate : JsonDuplicateKeys::find(json))
        problems.append(duplicateMessage(sourceName, duplicate));
    MappingParser parser(sourceName);
    Mapping mapping = parser.parse(document.object());
    problems += parser.problems();
    // Cross-resource rules run even after local problems: a report with every problem at once saves
    // the admin a round trip per mistake.
    problems += MappingRules::check(mapping);
    if (!problems.isEmpty())
        return mappingError(problems);
    return mapping;
}

Result<void> MappingLoader::applyDatabaseOverrides(Mapping &mapping, const QStringList &overrides) {
    QStringList problems;
    QList<std::pair<qsizetype, QString>> changes;
    QStringList known;
    for (const ResourceMapping &resource : mapping.resources)
        known.append(resource.name);
    for (const QString &entry : overrides) {
        const QString where = QStringLiteral("--notion-database \"%1\"").arg(entry);
        const qsizetype equals = entry.indexOf(QLatin1Char('='));
        const QString type = entry.left(equals).trimmed();
        const QString id = equals < 0 ? QString() : entry.mid(equals + 1).trimmed();
        if (equals < 0 || type.isEmpty() || id.isEmpty()) {
            problems.append(where +
                            QStringLiteral(": expected TYPE=ID, e.g. project=https://www.notion.so/..."
                                           " or project=0123456789abcdef0123456789abcdef"));
            continue;
        }
        const qsizetype index = known.indexOf(type);
        if (index < 0) {
            problems.append(where + QStringLiteral(": unknown resource type \"%1\" (the mapping %2 has: %3)")
                                        .arg(type, mapping.sourceFile, known.join(QStringLiteral(", "))));
            continue;
        }
        if (!mapping.resources.at(index).hasOwnPage()) {
            problems.append(where +
                            QStringLiteral(": resource \"%1\" has no pages of its own, so no database "
                                           "(it only updates other resources' pages)")
                                .arg(type));
            continue;
        }
        const QString normalized = NotionApi::normalizeId(id);
        if (!MappingText::isNotionId(normalized)) {
            problems.append(where + QStringLiteral(": \"%1\" is not a Notion database id or URL").arg(id));
            continue;
        }
        changes.append({index, normalized});
    }
    if (!problems.isEmpty()) {
        for (QString &problem : problems)
            problem = MappingText::oneLine(problem); // one per line, whatever the arguments hold
        return Error{problems.join(QLatin1Char('\n')), QStringLiteral("bad_override")};
    }
    for (const auto &[index, id] : changes)
        mapping.resources[index].notionDatabase = id;
    return {};
}

} // namespace pgnotion
