#pragma once

#include "webhooks/HttpRequestReader.h"

#include <QObject>

#include <chrono>
#include <functional>

class QTcpSocket;
class QTimer;

namespace pgnotion {

struct MetricsHttpResponse {
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("text/plain; charset=utf-8");
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
};

// One client connection to the metrics endpoint: reads one request within HttpRequestReader's limits and
// a deadline, answers it through `handler` (or with the reader's error), closes, and deletes itself once
// the socket is gone (`closed` follows). A client that does not take its answer in time is cut off.
class MetricsHttpConnection : public QObject {
    Q_OBJECT
public:
    using Handler = std::function<MetricsHttpResponse(const HttpRequest &)>;

    MetricsHttpConnection(QTcpSocket *socket, Handler handler, std::chrono::milliseconds timeout,
                          QObject *parent = nullptr);

    // Answers now (503 when there are too many connections) and closes.
    void respond(const MetricsHttpResponse &response);

Q_SIGNALS:
    void closed(pgnotion::MetricsHttpConnection *connection);

private:
    void readAvailable();
    void socketGone();

    QTcpSocket *m_socket;
    Handler m_handler;
    HttpRequestReader m_reader;
    QTimer *m_timer;
    bool m_answered = false;
    bool m_gone = false;
};

} // namespace pgnotion
