#pragma once

#include "common/Result.h"

#include <QString>

namespace pgnotion {

// Secrets (the Notion token) in the system keychain (the Secret Service on Linux, through QtKeychain),
// never in a settings file. Calls wait for the keychain: not for the GUI thread.
class SecretStore {
public:
    static inline const QString kNotionToken = QStringLiteral("notion-token");

    static Result<QString> read(const QString &key);
    static Result<void> write(const QString &key, const QString &secret);
    static Result<void> remove(const QString &key);

    // The Notion token for a worker: PGNOTION_NOTION_TOKEN (servers: an environment file only the
    // worker's user can read), else the keychain. The error says how to provide it either way.
    static Result<QString> notionToken();
};

} // namespace pgnotion
