#include "metrics/MetricsHttpConnection.h"

#include "common/HttpReasonPhrase.h"

#include <QTcpSocket>
#include <QTimer>

namespace pgnotion {

namespace {

// A scrape is a GET without a body: small limits, so a client cannot make the endpoint buffer much.
constexpr qsizetype maxHeaderBytes = 8 * 1024;
constexpr qsizetype maxBodyBytes = 16 * 1024;
// How long a client has to take its answer before the connection is cut.
constexpr std::chrono::seconds lingerAfterAnswer{10};

} // namespace

MetricsHttpConnection::MetricsHttpConnection(QTcpSocket *socket, Handler handler,
                                             std::chrono::milliseconds timeout, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_handler(std::move(handler))
    , m_reader(maxHeaderBytes, maxBodyBytes)
    , m_timer(new QTimer(this)) {
    m_socket->setParent(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (!m_answered) {
            respond({408,
                     QByteArrayLiteral("text/plain; charset=utf-8"),
                     QByteArrayLiteral("The request did not arrive in time.\n"),
                     {}});
            return;
        }
        m_socket->abort();
        socketGone();
    });
    m_timer->start(timeout);
    connect(m_socket, &QTcpSocket::readyRead, this, &MetricsHttpConnection::readAvailable);
    connect(m_socket, &QTcpSocket::disconnected, this, &MetricsHttpConnection::socketGone);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this] {
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            socketGone();
    });
    // Bytes may have arrived before the connection object existed.
    QTimer::singleShot(0, this, &MetricsHttpConnection::readAvailable);
}

void MetricsHttpConnection::readAvailable() {
    if (m_gone)
        return;
    const QByteArray bytes = m_socket->readAll();
    if (m_answered)
        return;
    auto status = m_reader.feed(bytes);
    while (status == HttpRequestReader::Status::HeadersReady)
        status = m_reader.feed({});
    if (status == HttpRequestReader::Status::Complete) {
        respond(m_handler(m_reader.request()));
    } else if (status == HttpRequestReader::Status::Failed) {
        respond({m_reader.errorStatus(),
                 QByteArrayLiteral("text/plain; charset=utf-8"),
                 m_reader.errorMessage().toUtf8() + '\n',
                 {}});
    }
}

void MetricsHttpConnection::respond(const MetricsHttpResponse &response) {
    if (m_answered || m_gone)
        return;
    m_answered = true;
    QByteArray answer =
        "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + httpReasonPhrase(response.status) + "\r\n";
    answer +=
        "Content-Type: " + response.contentType + "\r\nCache-Control: no-store\r\nConnection: close\r\n";
    answer += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    for (const auto &[name, value] : response.headers)
        answer += name + ": " + value + "\r\n";
    answer += "\r\n" + response.body;
    m_socket->write(answer);
    m_socket->disconnectFromHost(); // after the answer is written
    if (!m_gone)
        m_timer->start(lingerAfterAnswer);
}

void MetricsHttpConnection::socketGone() {
    if (m_gone)
        return;
    m_gone = true;
    m_timer->stop();
    Q_EMIT closed(this);
    deleteLater();
}

} // namespace pgnotion
