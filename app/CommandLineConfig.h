#pragma once

#include "CommandLine.h"
#include "common/Result.h"
#include "mapping/Mapping.h"
#include "notion/NotionClientOptions.h"

#include <variant>

namespace pgnotion {

// What the command-line modes that talk to Notion share: the mapping (--mapping, else the default, with
// --notion-database overrides) and the Notion client options (--notion-base-url; the token from
// --notion-token-file, PGNOTION_NOTION_TOKEN or the keychain). An error names the problem in one line; `code`
// is the exit code to return (2: a configuration problem, 1: a mapping that cannot be read).
struct CommandLineConfig {
    Mapping mapping;
    NotionClientOptions notion;

    struct Failure {
        QString message;
        int exitCode = 2;
    };
    static std::variant<CommandLineConfig, Failure> load(const CommandLine &command,
                                                         bool applyOverrides = true);
    // The Notion token: --notion-token-file (refused unless only its owner can read it), else
    // PGNOTION_NOTION_TOKEN, else the system keychain.
    static Result<QString> loadToken(const CommandLine &command);
    // The mapping alone (no token needed).
    static std::variant<Mapping, Failure> loadMapping(const CommandLine &command, bool applyOverrides = true);
};

} // namespace pgnotion
