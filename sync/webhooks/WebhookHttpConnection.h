#pragma once

#include "webhooks/HttpRequestReader.h"

#include <QObject>

#include <chrono>

class QTcpSocket;
class QTimer;

namespace pgnotion {

// One client connection to the webhook endpoint: reads one request with HttpRequestReader's limits,
// reports its stages to the receiver (which decides), writes the single answer and closes. A request that
// has not arrived within the timeout is reported; a client that does not take its answer within a few
// seconds is cut off. Deletes itself when the socket is gone (closed follows).
class WebhookHttpConnection : public QObject {
    Q_OBJECT
public:
    WebhookHttpConnection(QTcpSocket *socket, qsizetype maxHeaderBytes, qsizetype maxBodyBytes,
                          std::chrono::milliseconds timeout, QObject *parent = nullptr);

    const HttpRequest &request() const { return m_reader.request(); }
    bool expectsContinue() const { return m_reader.expectsContinue(); }
    bool hasResponded() const { return m_stage != Stage::Reading; }

    // "100 Continue" for a client that waits for it before it sends the body.
    void sendContinue();
    // Writes the answer (JSON, Connection: close) and closes. Later calls do nothing.
    void respond(int status, const QByteArray &jsonBody,
                 const QList<QPair<QByteArray, QByteArray>> &headers = {});

Q_SIGNALS:
    // The head is read: the receiver may answer now (path, method, rate) before any body byte is stored.
    void headersReceived(pgnotion::WebhookHttpConnection *connection);
    void requestReceived(pgnotion::WebhookHttpConnection *connection);
    void requestFailed(pgnotion::WebhookHttpConnection *connection, int status, const QString &message);
    void timedOut(pgnotion::WebhookHttpConnection *connection);
    void closed(pgnotion::WebhookHttpConnection *connection);

private:
    enum class Stage { Reading, Draining, Closing };

    void readAvailable();
    void closeAfterAnswer();
    void socketGone();

    QTcpSocket *m_socket;
    HttpRequestReader m_reader;
    QTimer *m_timer;
    Stage m_stage = Stage::Reading;
    bool m_requestComplete = false;
    bool m_gone = false;
};

} // namespace pgnotion
