#include "CommandLineConfig.h"

#include "mapping/MappingLoader.h"
#include "secrets/SecretStore.h"

#include <QFile>

namespace pgnotion {

Result<QString> CommandLineConfig::loadToken(const CommandLine &command) {
    if (command.notionTokenFile.isEmpty())
        return SecretStore::notionToken();
    QFile file(command.notionTokenFile);
    if (!file.exists())
        return Error{QStringLiteral("%1 does not exist").arg(command.notionTokenFile),
                     QStringLiteral("no_token")};
    // A secret others can read is no secret: refuse to start rather than use it.
    const auto othersMayRead =
        QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther;
    if (file.permissions() & othersMayRead)
        return Error{
            QStringLiteral("%1 can be read by other users: chmod 600 %1 (only the worker's user may read "
                           "the token)")
                .arg(command.notionTokenFile),
            QStringLiteral("unsafe_secret_file")};
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("Cannot read %1: %2").arg(command.notionTokenFile, file.errorString()),
                     QStringLiteral("no_token")};
    const QString token = QString::fromUtf8(file.readAll()).trimmed();
    if (token.isEmpty())
        return Error{QStringLiteral("%1 is empty").arg(command.notionTokenFile), QStringLiteral("no_token")};
    return token;
}

std::variant<Mapping, CommandLineConfig::Failure> CommandLineConfig::loadMapping(const CommandLine &command,
                                                                                 bool applyOverrides) {
    auto mapping = command.mappingFile.isEmpty() ? MappingLoader::defaultMapping()
                                                 : MappingLoader::fromFile(command.mappingFile);
    if (!mapping)
        return Failure{mapping.error().message, 1};
    if (applyOverrides) {
        if (auto overridden =
                MappingLoader::applyDatabaseOverrides(mapping.value(), command.databaseOverrides);
            !overridden)
            return Failure{overridden.error().message, 2};
    }
    return mapping.value();
}

std::variant<CommandLineConfig, CommandLineConfig::Failure>
CommandLineConfig::load(const CommandLine &command, bool applyOverrides) {
    auto mapping = loadMapping(command, applyOverrides);
    if (const auto *failure = std::get_if<Failure>(&mapping))
        return *failure;
    CommandLineConfig config;
    config.mapping = std::get<Mapping>(mapping);
    if (!command.notionBaseUrl.isEmpty())
        config.notion.baseUrl = QUrl(command.notionBaseUrl);
    auto token = loadToken(command);
    if (!token)
        return Failure{token.error().message, 2};
    config.notion.token = token.value();
    return config;
}

} // namespace pgnotion
