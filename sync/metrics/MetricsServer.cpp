#include "metrics/MetricsServer.h"

#include "metrics/ExpositionWriter.h"

#include <QTcpServer>
#include <QTcpSocket>

namespace pgnotion {

MetricsServer::MetricsServer(Options options, std::function<QByteArray()> render, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_render(std::move(render))
    , m_server(new QTcpServer(this)) {
    connect(m_server, &QTcpServer::newConnection, this, &MetricsServer::acceptConnections);
}

MetricsServer::~MetricsServer() = default;

bool MetricsServer::listen() {
    if (m_server->isListening())
        return true;
    if (!m_server->listen(m_options.address, m_options.port)) {
        m_errorString = QStringLiteral("the metrics endpoint cannot listen on %1:%2: %3")
                            .arg(m_options.address.toString())
                            .arg(m_options.port)
                            .arg(m_server->errorString());
        return false;
    }
    return true;
}

void MetricsServer::close() {
    m_server->close();
}

bool MetricsServer::isListening() const {
    return m_server->isListening();
}

quint16 MetricsServer::serverPort() const {
    return m_server->serverPort();
}

QUrl MetricsServer::url() const {
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(m_server->serverAddress().toString());
    url.setPort(serverPort());
    url.setPath(QStringLiteral("/metrics"));
    return url;
}

void MetricsServer::acceptConnections() {
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        auto *connection = new MetricsHttpConnection(
            socket, [this](const HttpRequest &request) { return handle(request); }, m_options.requestTimeout,
            this);
        ++m_openConnections;
        connect(connection, &MetricsHttpConnection::closed, this, [this] { --m_openConnections; });
        if (m_openConnections > m_options.maxConnections) {
            connection->respond({503,
                                 QByteArrayLiteral("text/plain; charset=utf-8"),
                                 QByteArrayLiteral("Too many connections.\n"),
                                 {{QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1")}}});
        }
    }
}

MetricsHttpResponse MetricsServer::handle(const HttpRequest &request) {
    if (request.path() != "/metrics") {
        return {404,
                QByteArrayLiteral("text/plain; charset=utf-8"),
                QByteArrayLiteral("Not found: the metrics are at /metrics.\n"),
                {}};
    }
    if (request.method != "GET") {
        return {405,
                QByteArrayLiteral("text/plain; charset=utf-8"),
                QByteArrayLiteral("Only GET is allowed here.\n"),
                {{QByteArrayLiteral("Allow"), QByteArrayLiteral("GET")}}};
    }
    ++m_scrapes;
    return {200, QByteArray(ExpositionWriter::contentType), m_render(), {}};
}

} // namespace pgnotion
