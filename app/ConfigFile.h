#pragma once

#include "common/Result.h"

#include <QHash>
#include <QString>
#include <QStringList>

namespace pgnotion {

// A configuration file for the command-line modes (`--config FILE` or PGNOTION_CONFIG): one
// `name = value` per line, named as the long options are (`workers = 8`), '#' starting a comment. It is
// what a server keeps under /etc: below the command line and the environment in precedence, above the
// defaults. The Notion token never belongs here, and a database password only when no other user can read
// the file.
class ConfigFile {
public:
    struct Keys {
        QStringList known;      // every setting a file may hold
        QStringList repeatable; // settings that may appear on several lines (their values add up)
    };

    static Result<ConfigFile> load(const QString &path, const Keys &keys);

    bool isEmpty() const { return m_values.isEmpty(); }
    bool contains(const QString &key) const { return m_values.contains(key); }
    QStringList values(const QString &key) const { return m_values.value(key); }
    // "FILE:LINE" of a setting's first line, for messages and --show-config.
    QString locationOf(const QString &key) const;
    QString path() const { return m_path; }

private:
    QString m_path;
    QHash<QString, QStringList> m_values;
    QHash<QString, int> m_lines;
};

} // namespace pgnotion
