#pragma once

#include "ConfigFile.h"

#include <QProcessEnvironment>
#include <QStringList>

class QCommandLineOption;
class QCommandLineParser;

namespace pgnotion {

// Where each setting of the command-line modes comes from, in this order of precedence: the command line,
// the environment (PGNOTION_ and the option's name in capitals, `--database-url` → PGNOTION_DATABASE_URL;
// a repeatable option's values separated by commas or spaces), the config file, the option's default.
// One rule for every setting, so that the README's table and `--show-config` cannot disagree with the code.
class SettingSources {
public:
    enum class Source { CommandLine, Environment, ConfigFile, Default };
    struct Setting {
        QStringList values;
        Source source = Source::Default;
        QString origin; // "command line", "PGNOTION_WORKERS", "/etc/pgnotion/worker.conf:3", "default"
    };

    SettingSources(const QCommandLineParser &parser, QProcessEnvironment environment, ConfigFile file,
                   QStringList repeatable);

    Setting resolve(const QCommandLineOption &option) const;
    QString value(const QCommandLineOption &option) const;
    QStringList values(const QCommandLineOption &option) const { return resolve(option).values; }

    static QString environmentName(const QString &optionName);

private:
    const QCommandLineParser &m_parser;
    QProcessEnvironment m_environment;
    ConfigFile m_file;
    QStringList m_repeatable;
};

} // namespace pgnotion
