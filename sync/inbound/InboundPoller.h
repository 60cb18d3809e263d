#pragma once

#include "db/DatabaseUrl.h"
#include "inbound/InboundScanner.h"
#include "notion/NotionClientOptions.h"

#include <QObject>

#include <chrono>
#include <memory>

class QThread;

namespace pgnotion {

class InboundPollWorker;

struct InboundPollerOptions {
    std::chrono::milliseconds interval{std::chrono::seconds(30)};
    // Pages edited on or after (cursor - overlap) are read again: Notion rounds last_edited_time down to
    // the minute, and its query index may lag behind an edit.
    std::chrono::seconds overlap{std::chrono::seconds(60)};
};

// Polls Notion for edits to mapped pages (every resource with inbound rules) and queues them as
// notion_to_postgres jobs, which the worker pool applies (InboundSyncHandler, see EngineHandlers). Lives
// in the thread that owns it (the GUI thread in the app) and never blocks it: polls run in a thread of
// its own, with their own database connection and Notion client (sharing the token's rate limit).
//
//   auto poller = new InboundPoller(url, prepared.mapping, prepared.dataSources, notion, {}, this);
//   connect(poller, &InboundPoller::errorOccurred, this, ...);
//   poller->start();   // polls at once, then every interval; stop() before quitting (stopped follows)
class InboundPoller : public QObject {
    Q_OBJECT
public:
    InboundPoller(DatabaseUrl url, std::shared_ptr<const Mapping> mapping,
                  QHash<QString, QString> dataSources, NotionClientOptions notion,
                  InboundPollerOptions options = {}, QObject *parent = nullptr);
    ~InboundPoller() override;

    bool isRunning() const { return m_thread != nullptr; }

public Q_SLOTS:
    void start();
    // An extra poll now (the interval goes on as before); ignored while a poll runs.
    void pollNow();
    // Finishes the poll in progress; `stopped` follows. The destructor stops too (and waits).
    void stop();

Q_SIGNALS:
    void polled(const pgnotion::InboundPollReport &report);
    void errorOccurred(const QString &message);
    void stopped();

private:
    void workerStopped();

    DatabaseUrl m_url;
    std::shared_ptr<const Mapping> m_mapping;
    QHash<QString, QString> m_dataSources;
    NotionClientOptions m_notion;
    InboundPollerOptions m_options;
    QThread *m_thread = nullptr;
    InboundPollWorker *m_worker = nullptr;
};

} // namespace pgnotion
