#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace pgnotion {

// Finds keys that appear twice in one JSON object. QJsonDocument keeps only the last of them without a
// word, and in a mapping file that silently drops a property; the loader reports them instead.
class JsonDuplicateKeys {
public:
    struct Duplicate {
        QStringList path; // the keys (and array indexes) leading to the object ("resources", "project")
        QString key;      // the repeated key
    };

    // `json` must be valid JSON (parse it first); the result is in document order.
    static QList<Duplicate> find(const QByteArray &json);
};

} // namespace pgnotion
