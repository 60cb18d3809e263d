#pragma once

#include "metrics/MetricsHttpConnection.h"

#include <QHostAddress>
#include <QObject>
#include <QUrl>

#include <chrono>
#include <functional>

class QTcpServer;

namespace pgnotion {

// The Prometheus endpoint: GET /metrics answers the page `render` produces (text format 0.0.4); any other
// path is 404, any other method 405. A small HTTP/1.1 server of its own (one request per connection, hard
// limits on size, time and connections), like the webhook receiver's. `render` runs in the thread that
// owns the server and must not wait on anything (EngineMetrics reads snapshots). Loopback by default:
// metrics say how busy the sync is and which resource types exist, not for the whole network.
class MetricsServer : public QObject {
    Q_OBJECT
public:
    struct Options {
        QHostAddress address = QHostAddress::LocalHost;
        quint16 port = 0; // 0: any free port (tests)
        int maxConnections = 16;
        std::chrono::milliseconds requestTimeout{std::chrono::seconds(10)};
    };

    MetricsServer(Options options, std::function<QByteArray()> render, QObject *parent = nullptr);
    ~MetricsServer() override;

    // False with errorString() when the address or port cannot be bound.
    bool listen();
    void close();
    bool isListening() const;
    quint16 serverPort() const;
    QUrl url() const; // http://address:port/metrics
    QString errorString() const { return m_errorString; }
    qint64 scrapes() const { return m_scrapes; }

private:
    void acceptConnections();
    MetricsHttpResponse handle(const HttpRequest &request);

    Options m_options;
    std::function<QByteArray()> m_render;
    QTcpServer *m_server;
    QString m_errorString;
    int m_openConnections = 0;
    qint64 m_scrapes = 0;
};

} // namespace pgnotion
