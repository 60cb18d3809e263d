#include "SettingSources.h"

#include <QCommandLineParser>
#include <QRegularExpression>

namespace pgnotion {

SettingSources::SettingSources(const QCommandLineParser &parser, QProcessEnvironment environment,
                               ConfigFile file, QStringList repeatable)
    : m_parser(parser)
    , m_environment(std::move(environment))
    , m_file(std::move(file))
    , m_repeatable(std::move(repeatable)) {}

QString SettingSources::environmentName(const QString &optionName) {
    return QStringLiteral("PGNOTION_") + QString(optionName).replace(u'-', u'_').toUpper();
}

SettingSources::Setting SettingSources::resolve(const QCommandLineOption &option) const {
    const QString name = option.names().constLast();
    if (m_parser.isSet(option))
        return {m_parser.values(option), Source::CommandLine, QStringLiteral("command line")};
    const QString variable = environmentName(name);
    if (const QString fromEnvironment = m_environment.value(variable); !fromEnvironment.isEmpty()) {
        static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
        const QStringList values = m_repeatable.contains(name)
                                       ? fromEnvironment.split(separators, Qt::SkipEmptyParts)
                                       : QStringList{fromEnvironment};
        return {values, Source::Environment, variable};
    }
    if (m_file.contains(name))
        return {m_file.values(name), Source::ConfigFile, m_file.locationOf(name)};
    return {option.defaultValues(), Source::Default, QStringLiteral("default")};
}

QString SettingSources::value(const QCommandLineOption &option) const {
    const QStringList values = resolve(option).values;
    return values.isEmpty() ? QString() : values.constLast();
}

} // namespace pgnotion
