#include "webhooks/WebhookHttpConnection.h"

#include "common/HttpReasonPhrase.h"

#include <QTcpSocket>
#include <QTimer>

namespace pgnotion {

namespace {

// How long a client has to take its answer before the connection is cut.
constexpr std::chrono::seconds lingerAfterAnswer{5};
// How long the rest of an unread request is dropped, after an early answer, before the connection closes.
constexpr std::chrono::seconds drainBeforeClose{2};

} // namespace

WebhookHttpConnection::WebhookHttpConnection(QTcpSocket *socket, qsizetype maxHeaderBytes,
                                             qsizetype maxBodyBytes, std::chrono::milliseconds timeout,
                                             QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_reader(maxHeaderBytes, maxBodyBytes)
    , m_timer(new QTimer(this)) {
    m_socket->setParent(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, [this] {
        switch (m_stage) {
        case Stage::Reading:
            Q_EMIT timedOut(this);
            break;
        case Stage::Draining:
            closeAfterAnswer();
            break;
        case Stage::Closing:
            m_socket->abort();
            socketGone();
            break;
        }
    });
    m_timer->start(timeout);
    connect(m_socket, &QTcpSocket::readyRead, this, &WebhookHttpConnection::readAvailable);
    connect(m_socket, &QTcpSocket::disconnected, this, &WebhookHttpConnection::socketGone);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this] {
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            socketGone();
    });
    // Bytes may have arrived before the connection object existed.
    QTimer::singleShot(0, this, &WebhookHttpConnection::readAvailable);
}

void WebhookHttpConnection::readAvailable() {
    if (m_gone)
        return;
    const QByteArray bytes = m_socket->readAll();
    if (m_stage != Stage::Reading)
        return; // the answer is out; whatever else arrives is dropped
    auto status = m_reader.feed(bytes);
    for (;;) {
        switch (status) {
        case HttpRequestReader::Status::NeedMore:
            return;
        case HttpRequestReader::Status::HeadersReady:
            Q_EMIT headersReceived(this);
            if (hasResponded())
                return;
            status = m_reader.feed({});
            break;
        case HttpRequestReader::Status::Complete:
            m_requestComplete = true;
            Q_EMIT requestReceived(this);
            return;
        case HttpRequestReader::Status::Failed:
            Q_EMIT requestFailed(this, m_reader.errorStatus(), m_reader.errorMessage());
            return;
        }
    }
}

void WebhookHttpConnection::sendContinue() {
    if (m_stage == Stage::Reading && !m_gone)
        m_socket->write(QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n"));
}

void WebhookHttpConnection::respond(int status, const QByteArray &jsonBody,
                                    const QList<QPair<QByteArray, QByteArray>> &headers) {
    if (m_stage != Stage::Reading || m_gone)
        return;
    QByteArray answer = "HTTP/1.1 " + QByteArray::number(status) + ' ' + httpReasonPhrase(status) + "\r\n";
    answer += "Content-Type: application/json\r\nCache-Control: no-store\r\nConnection: close\r\n";
    answer += "Content-Length: " + QByteArray::number(jsonBody.size()) + "\r\n";
    for (const auto &[name, value] : headers)
        answer += name + ": " + value + "\r\n";
    answer += "\r\n" + jsonBody;
    m_socket->write(answer);
    if (m_requestComplete) {
        closeAfterAnswer();
        return;
    }
    // Answered before the body was read (413, 429...): closing now, with unread bytes in the socket,
    // makes the kernel send a reset that can destroy the answer before the client reads it. The client
    // closes once it has the answer (Content-Length, Connection: close); until then its bytes are dropped.
    m_stage = Stage::Draining;
    m_timer->start(drainBeforeClose);
}

void WebhookHttpConnection::closeAfterAnswer() {
    m_stage = Stage::Closing;
    m_socket->disconnectFromHost(); // after the answer is written
    if (!m_gone)
        m_timer->start(lingerAfterAnswer);
}

void WebhookHttpConnection::socketGone() {
    if (m_gone)
        return;
    m_gone = true;
    m_timer->stop();
    Q_EMIT closed(this);
    deleteLater();
}

} // namespace pgnotion
