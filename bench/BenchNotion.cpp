#include "BenchNotion.h"

#include "engine/WorkspaceSetup.h"
#include "mapping/MappingLoader.h"

#include <QJsonArray>
#include <QJsonObject>

namespace pgnotion::bench {

std::unique_ptr<BenchNotion> BenchNotion::start(const QString &token, const QStringList &flags,
                                                const QString &pageTitle, QTextStream &err) {
    std::unique_ptr<BenchNotion> notion(new BenchNotion);
    QString error;
    if (!notion->m_emulator.start(QStringList{QStringLiteral("--token"), token,
                                              QStringLiteral("--rate-limit"), QStringLiteral("3"),
                                              QStringLiteral("--burst"), QStringLiteral("3")} +
                                      flags,
                                  error)) {
        err << "pgnotion-bench: " << error << Qt::endl;
        return nullptr;
    }
    const QJsonObject seeded = notion->m_emulator.post(
        QStringLiteral("/__emulator/seed"),
        QJsonObject{{QStringLiteral("pages"), QJsonArray{QJsonObject{{QStringLiteral("title"), pageTitle}}}}},
        error);
    notion->m_client.baseUrl = notion->m_emulator.baseUrl();
    notion->m_client.token = token;
    auto mapping = MappingLoader::defaultMapping();
    if (!mapping || !error.isEmpty()) {
        err << "pgnotion-bench: " << (mapping ? error : mapping.error().message) << Qt::endl;
        return nullptr;
    }
    auto created = WorkspaceSetup::createDatabases(
        mapping.value(), seeded[QStringLiteral("pages")][0].toString(), notion->m_client);
    if (!created) {
        err << "pgnotion-bench: " << created.error().message << Qt::endl;
        return nullptr;
    }
    notion->m_mapping = mapping.value();
    for (ResourceMapping &resource : notion->m_mapping.resources)
        resource.notionDatabase = created.value().databases.value(resource.name);
    notion->m_dataSources = created.value().dataSources;
    return notion;
}

} // namespace pgnotion::bench
