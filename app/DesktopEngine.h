#pragma once

#include "common/Result.h"
#include "engine/EngineSetup.h"

#include <QFutureWatcher>
#include <QObject>
#include <QUrl>

#include <memory>

namespace pgnotion {

class InboundPoller;

// What the desktop app's own engine runs with (from the settings).
struct DesktopEngineConfig {
    QString databaseUrl;
    QString notionToken; // read by the caller (the keychain has a thread of its own in the app)
    QString mappingFile; // empty: the default mapping
    QUrl notionBaseUrl;  // empty: api.notion.com (or PGNOTION_NOTION_BASE_URL)
    int workers = 4;
    double requestsPerSecond = 3.0;
    int pollingIntervalSeconds = 30; // Notion polled for edits
};

// The engine inside the desktop app: the same workers as `pgnotion --headless`, in this process. Loading
// the mapping and checking Notion happen on a pool thread; the workers then run on threads of their own.
// Stops gracefully when it goes (the job in hand finishes).
class DesktopEngine : public QObject {
    Q_OBJECT
public:
    explicit DesktopEngine(QObject *parent = nullptr);
    ~DesktopEngine() override;

    void start(const DesktopEngineConfig &config);
    WorkerPool *pool() const { return m_pool.get(); }
    // How the running engine reaches Notion (after started()).
    const NotionClientOptions &notion() const { return m_notion; }

Q_SIGNALS:
    void started(pgnotion::WorkerPool *pool, const QString &integrationName);
    // Why it does not run (no token, Notion refused it, a mapping problem...): the dashboard still works.
    void failed(const QString &message);

private:
    struct Prepared {
        PreparedEngine engine;
        NotionClientOptions notion;
    };

    DesktopEngineConfig m_config;
    QFutureWatcher<Result<Prepared>> *m_preparing = nullptr;
    std::unique_ptr<WorkerPool> m_pool;
    NotionClientOptions m_notion;
    std::unique_ptr<InboundPoller> m_poller;
};

} // namespace pgnotion
