#include "EmulatorServer.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

namespace notionemu {

using namespace Qt::StringLiterals;

namespace {

QString methodName(QHttpServerRequest::Method method) {
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return u"GET"_s;
    case QHttpServerRequest::Method::Post:
        return u"POST"_s;
    case QHttpServerRequest::Method::Patch:
        return u"PATCH"_s;
    case QHttpServerRequest::Method::Put:
        return u"PUT"_s;
    case QHttpServerRequest::Method::Delete:
        return u"DELETE"_s;
    default:
        return u"OTHER"_s;
    }
}

QByteArray header(const QHttpServerRequest &request, const QByteArray &name) {
    for (const auto &[key, value] : request.headers())
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

} // namespace

EmulatorServer::EmulatorServer(std::shared_ptr<EmulatorCore> core, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_core(std::move(core)) {}

bool EmulatorServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) {
    const QString path = request.url().path();
    const QString method = methodName(request.method());
    const HttpOutcome outcome = path.startsWith(u"/__emulator/"_s)
                                    ? m_core->handleAdmin(method, path, request.body())
                                    : m_core->handleApi(method, path, request.url().query(QUrl::FullyEncoded),
                                                        header(request, "Notion-Version"),
                                                        header(request, "Authorization"), request.body());
    auto responder = std::make_shared<QHttpServerResponder>(makeResponder(request, socket));
    const QPointer<QTcpSocket> guard(socket);
    // Always answered from the event loop, never inside the parser's call: latency then costs nothing extra
    // and an abort() cannot pull the socket from under the server's own read handler.
    QTimer::singleShot(outcome.delayMs, this, [responder, guard, outcome] {
        if (!guard)
            return; // the client went away while we waited
        if (outcome.dropConnection) {
            guard->abort();
            return;
        }
        const auto status = static_cast<QHttpServerResponder::StatusCode>(outcome.status);
        const QByteArray requestId = outcome.requestId.toLatin1();
        if (outcome.retryAfterSeconds > 0)
            responder->write(outcome.body,
                             {{"Content-Type", "application/json; charset=utf-8"},
                              {"x-notion-request-id", requestId},
                              {"Retry-After", QByteArray::number(outcome.retryAfterSeconds)}},
                             status);
        else
            responder->write(
                outcome.body,
                {{"Content-Type", "application/json; charset=utf-8"}, {"x-notion-request-id", requestId}},
                status);
    });
    return true;
}

void EmulatorServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) {
    makeResponder(request, socket).write(QHttpServerResponder::StatusCode::NotFound);
}

} // namespace notionemu
