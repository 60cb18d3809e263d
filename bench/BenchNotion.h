#pragma once

#include "EmulatorProcess.h"
#include "mapping/Mapping.h"
#include "notion/NotionClientOptions.h"

#include <QHash>
#include <QTextStream>

#include <memory>

namespace pgnotion::bench {

// The Notion of the end-to-end benches: the emulator as a separate process (so the bench's CPU time is
// the engine's alone) with the default mapping's databases created under a seeded page.
class BenchNotion {
public:
    // The emulator enforces 3 requests/s with a burst of 3 for `token`, plus `flags`. Null and a message
    // on `err` when it cannot be made.
    static std::unique_ptr<BenchNotion> start(const QString &token, const QStringList &flags,
                                              const QString &pageTitle, QTextStream &err);

    EmulatorProcess &emulator() { return m_emulator; }
    const NotionClientOptions &client() const { return m_client; }
    // The default mapping, each resource's database set to the one created.
    const Mapping &mapping() const { return m_mapping; }
    const QHash<QString, QString> &dataSources() const { return m_dataSources; }

private:
    BenchNotion() = default;

    EmulatorProcess m_emulator;
    NotionClientOptions m_client;
    Mapping m_mapping;
    QHash<QString, QString> m_dataSources;
};

} // namespace pgnotion::bench
