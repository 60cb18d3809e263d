#include "secrets/SecretStore.h"

#include <QEventLoop>
#include <qt6keychain/keychain.h>

namespace pgnotion {
namespace {

const QString kService = QStringLiteral("pgnotion");

// Runs a keychain job to its end in a local event loop; its error text, or empty on success.
QString run(QKeychain::Job &job) {
    job.setAutoDelete(false);
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
    if (job.error() == QKeychain::NoError)
        return {};
    if (job.error() == QKeychain::NoBackendAvailable || job.error() == QKeychain::AccessDeniedByUser ||
        job.error() == QKeychain::AccessDenied || job.error() == QKeychain::OtherError)
        return QStringLiteral("the system keychain is not available (%1)").arg(job.errorString());
    return job.errorString();
}

} // namespace

Result<QString> SecretStore::read(const QString &key) {
    QKeychain::ReadPasswordJob job(kService);
    job.setKey(key);
    if (const QString error = run(job); !error.isEmpty()) {
        if (job.error() == QKeychain::EntryNotFound)
            return Error{QStringLiteral("no %1 in the system keychain").arg(key),
                         QStringLiteral("secret_not_found")};
        return Error{QStringLiteral("Reading %1 from the keychain failed: %2").arg(key, error),
                     QStringLiteral("keychain_unavailable")};
    }
    return job.textData();
}

Result<void> SecretStore::write(const QString &key, const QString &secret) {
    QKeychain::WritePasswordJob job(kService);
    job.setKey(key);
    job.setTextData(secret);
    if (const QString error = run(job); !error.isEmpty())
        return Error{QStringLiteral("Storing %1 in the keychain failed: %2").arg(key, error),
                     QStringLiteral("keychain_unavailable")};
    return {};
}

Result<void> SecretStore::remove(const QString &key) {
    QKeychain::DeletePasswordJob job(kService);
    job.setKey(key);
    if (const QString error = run(job); !error.isEmpty() && job.error() != QKeychain::EntryNotFound)
        return Error{QStringLiteral("Removing %1 from the keychain failed: %2").arg(key, error),
                     QStringLiteral("keychain_unavailable")};
    return {};
}

Result<QString> SecretStore::notionToken() {
    if (const QString fromEnvironment = qEnvironmentVariable("PGNOTION_NOTION_TOKEN");
        !fromEnvironment.isEmpty())
        return fromEnvironment;
    auto stored = read(kNotionToken);
    if (stored && !stored.value().isEmpty())
        return stored;
    return Error{
        QStringLiteral("No Notion token: %1. Store it with `pgnotion --store-notion-token` (reads it from "
                       "standard input), or on a server set PGNOTION_NOTION_TOKEN in an environment file "
                       "readable only by the worker's user")
            .arg(stored ? QStringLiteral("the keychain entry is empty") : stored.error().message),
        QStringLiteral("no_token")};
}

} // namespace pgnotion
