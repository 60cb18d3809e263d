#pragma once

#include "NotionEmulator.h"
#include "mapping/Mapping.h"
#include "notion/NotionClientOptions.h"

#include <QHash>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>

namespace pgnotion::test {

// The emulator's Notion with one database per resource of the default mapping (leads off), as the
// engine tests use it: for an engine in the test process (mapping(), dataSources(), clientOptions()) or
// a headless worker process (startHeadless).
class EmulatedWorkspace {
public:
    // Starts the emulator (no rate limit) and creates the databases; an error message, or empty.
    QString start();

    notionemu::NotionEmulator &notion() { return *m_notion; }
    std::shared_ptr<const Mapping> mapping() const { return m_mapping; }
    const QHash<QString, QString> &dataSources() const { return m_dataSources; }
    // Fast retries and a high rate: tests wait for nothing the emulator does not do.
    NotionClientOptions clientOptions() const;

    // `pgnotion --headless` on `databaseUrl` against this workspace, with the token in the environment.
    void startHeadless(QProcess &process, const QString &databaseUrl, const QStringList &extra) const;

private:
    std::unique_ptr<notionemu::NotionEmulator> m_notion;
    std::shared_ptr<Mapping> m_mapping;
    QHash<QString, QString> m_dataSources;
    QHash<QString, QString> m_databases;
};

} // namespace pgnotion::test
