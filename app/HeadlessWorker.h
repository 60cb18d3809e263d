#pragma once

#include "CommandLine.h"
#include "LogWriter.h"
#include "db/DatabaseUrl.h"

#include <QObject>
#include <QTextStream>

#include <memory>

class QTimer;

namespace pgnotion {

class DatabaseConnection;
class EngineMetricsEndpoint;
class InboundPoller;
class NotionWebhookReceiver;
class WebhookInboundBridge;
struct NotionClientOptions;
struct PreparedEngine;
class WorkerPool;
struct JobReport;

// `pgnotion --headless`: the same engine without a window. Migrates, checks Notion and the mapping,
// runs the workers (heartbeating in sync_workers: many of these on many machines share one queue),
// writes one line per job to stderr, and stops cleanly on SIGTERM/SIGINT (or once idle with
// --exit-when-idle).
class HeadlessWorker : public QObject {
    Q_OBJECT
public:
    HeadlessWorker(const CommandLine &command, QTextStream &err, QObject *parent = nullptr);
    ~HeadlessWorker() override;

    // Prepares and starts; returns an exit code when it cannot start (then nothing runs).
    int start();
    // Stops the workers gracefully; `finished` follows.
    void stop(int exitCode);

Q_SIGNALS:
    void finished(int exitCode);

private:
    void logReports(const QList<JobReport> &reports);
    // --webhook-port: Notion's webhook deliveries queue inbound jobs at once (polling stays on).
    bool startWebhooks(const PreparedEngine &engine);
    // --metrics-port: a Prometheus endpoint with the pool's jobs, the queue's depth, Notion's 429s.
    bool startMetrics(const DatabaseUrl &url, const NotionClientOptions &notion);
    void keepVerificationToken(const QString &token);
    void checkIdle();

    CommandLine m_command;
    LogWriter m_log;
    std::unique_ptr<DatabaseConnection> m_connection;
    std::unique_ptr<WorkerPool> m_pool;
    std::unique_ptr<InboundPoller> m_poller;
    std::unique_ptr<NotionWebhookReceiver> m_webhooks;
    std::unique_ptr<WebhookInboundBridge> m_bridge;
    // After the pool and the receiver: the endpoint goes first, while what it reads still exists.
    std::unique_ptr<EngineMetricsEndpoint> m_metrics;
    QTimer *m_idleTimer = nullptr;
    int m_idleChecks = 0;
    int m_exitCode = 0;
};

} // namespace pgnotion
