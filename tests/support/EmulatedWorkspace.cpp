#include "EmulatedWorkspace.h"

#include "mapping/MappingLoader.h"
#include "mapping/MappingSchema.h"

#include <QProcessEnvironment>

namespace pgnotion::test {

using namespace std::chrono_literals;

QString EmulatedWorkspace::start() {
    m_notion = std::make_unique<notionemu::NotionEmulator>();
    if (!m_notion->start())
        return QStringLiteral("the Notion emulator did not start");
    m_notion->setRateLimit(0, 0);
    auto mapping = MappingLoader::defaultMapping();
    if (!mapping)
        return mapping.error().message;
    m_mapping = std::make_shared<Mapping>(mapping.value());
    for (const QString &name : m_mapping->syncOrder()) {
        auto properties = MappingSchema::dataSourceProperties(*m_mapping, name, m_dataSources);
        if (!properties)
            return properties.error().message;
        const auto created =
            m_notion->createDatabase(m_mapping->resource(name)->databaseTitle, properties.value());
        if (created.dataSourceId.isEmpty())
            return QStringLiteral("the emulator refused the database of %1").arg(name);
        m_dataSources.insert(name, created.dataSourceId);
        m_databases.insert(name, created.databaseId);
    }
    return {};
}

NotionClientOptions EmulatedWorkspace::clientOptions() const {
    NotionClientOptions options;
    options.baseUrl = m_notion->baseUrl();
    options.token = notionemu::NotionEmulator::defaultToken();
    options.requestsPerSecond = 200;
    options.burst = 50;
    options.retryBase = 10ms;
    options.retryCap = 50ms;
    return options;
}

void EmulatedWorkspace::startHeadless(QProcess &process, const QString &databaseUrl,
                                      const QStringList &extra) const {
    QStringList arguments{QStringLiteral("--headless"),
                          QStringLiteral("--database-url"),
                          databaseUrl,
                          QStringLiteral("--notion-base-url"),
                          m_notion->baseUrl().toString(),
                          QStringLiteral("--workers"),
                          QStringLiteral("2")};
    for (auto it = m_databases.begin(); it != m_databases.end(); ++it)
        arguments << QStringLiteral("--notion-database") << it.key() + QLatin1Char('=') + it.value();
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("PGNOTION_NOTION_TOKEN"), notionemu::NotionEmulator::defaultToken());
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(qEnvironmentVariable("PGNOTION_BIN_DIR") + QStringLiteral("/pgnotion"), arguments + extra);
}

} // namespace pgnotion::test
