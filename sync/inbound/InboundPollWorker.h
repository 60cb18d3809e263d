#pragma once

#include "db/DatabaseUrl.h"
#include "inbound/InboundScanner.h"
#include "notion/NotionClientOptions.h"

#include <QObject>

#include <chrono>
#include <memory>

class QTimer;

namespace pgnotion {

class DatabaseConnection;
class NotionApi;
class NotionClient;

// The InboundPoller's half that lives in the poll thread: its timer, its database connection and its
// Notion client are created there, on first use, and used only there.
class InboundPollWorker : public QObject {
    Q_OBJECT
public:
    InboundPollWorker(DatabaseUrl url, std::shared_ptr<const Mapping> mapping,
                      QHash<QString, QString> dataSources, NotionClientOptions notion,
                      std::chrono::milliseconds interval, std::chrono::seconds overlap);
    ~InboundPollWorker() override;

public Q_SLOTS:
    void start();
    void pollNow();
    // After the poll in progress, if any; `stopped` follows.
    void stop();

Q_SIGNALS:
    void polled(const pgnotion::InboundPollReport &report);
    void errorOccurred(const QString &message);
    void stopped();

private:
    void finishStop();

    DatabaseUrl m_url;
    NotionClientOptions m_notion;
    std::chrono::milliseconds m_interval;
    InboundScanner m_scanner;
    QTimer *m_timer = nullptr;
    std::unique_ptr<DatabaseConnection> m_connection;
    std::unique_ptr<NotionClient> m_client;
    std::unique_ptr<NotionApi> m_api;
    bool m_polling = false;
    bool m_stopPending = false;
    bool m_stopped = false;
};

} // namespace pgnotion
