#include "CommandLineConfig.h"

#include "mapping/MappingLoader.h"
#include "secrets/SecretStore.h"

namespace pgnotion {

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
    auto token = SecretStore::notionToken();
    if (!token)
        return Failure{token.error().message, 2};
    config.notion.token = token.value();
    return config;
}

} // namespace pgnotion
