#include "notion/NotionClient.h"

#include "notion/NotionResponseReader.h"
#include "notion/OneShotBody.h"
#include "notion/RateLimiter.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace pgnotion {

QUrl NotionClientOptions::defaultBaseUrl() {
    const QString fromEnvironment = qEnvironmentVariable("PGNOTION_NOTION_BASE_URL");
    return QUrl(fromEnvironment.isEmpty() ? QStringLiteral("https://api.notion.com") : fromEnvironment);
}

struct NotionClient::Call {
    NotionRequest request;
    Callback done;
    int attempt = 0;
};

NotionClient::NotionClient(NotionClientOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_limiter(RateLimiter::forToken(m_options.token, m_options.requestsPerSecond, m_options.burst))
    , m_network(new QNetworkAccessManager(this)) {}

NotionClient::~NotionClient() = default;

void NotionClient::send(const NotionRequest &request, Callback done) {
    auto call = std::make_shared<Call>();
    call->request = request;
    call->done = std::move(done);
    schedule(call, std::chrono::milliseconds(0));
}

NotionResponse NotionClient::sendAndWait(const NotionRequest &request) {
    NotionResponse response;
    QEventLoop loop;
    send(request, [&response, &loop](const NotionResponse &answer) {
        response = answer;
        loop.quit();
    });
    loop.exec();
    return response;
}

void NotionClient::schedule(const std::shared_ptr<Call> &call, std::chrono::milliseconds extraDelay) {
    // The slot is taken when the wait is over, so a long back-off does not hold one of the shared slots.
    // Precise timers: a coarse one may fire up to 5 % early, and a request sent early is a 429.
    QTimer::singleShot(extraDelay, Qt::PreciseTimer, this, [this, call] {
        const auto wait = m_limiter->reserve();
        QTimer::singleShot(wait, Qt::PreciseTimer, this, [this, call] { issue(call); });
    });
}

void NotionClient::issue(const std::shared_ptr<Call> &call) {
    ++call->attempt;
    QUrl url = m_options.baseUrl;
    url.setPath(url.path().chopped(url.path().endsWith(QLatin1Char('/')) ? 1 : 0) + call->request.path);
    url.setQuery(call->request.query);
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_options.token.toUtf8());
    request.setRawHeader("Notion-Version", m_options.notionVersion.toUtf8());
    request.setRawHeader("User-Agent", "pgnotion/" PGNOTION_VERSION);
    request.setTransferTimeout(int(m_options.timeout.count()));
    QByteArray body;
    if (call->request.method != "GET") {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        body = QJsonDocument(call->request.body).toJson(QJsonDocument::Compact);
    }
    ++m_requestsSent;
    QNetworkReply *reply = nullptr;
    if (call->request.safeToRepeat || call->request.method == "GET") {
        reply = m_network->sendCustomRequest(request, call->request.method, body);
    } else {
        // Sent at most once by this attempt: see OneShotBody.
        request.setHeader(QNetworkRequest::ContentLengthHeader, body.size());
        request.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
        auto *device = new OneShotBody(body);
        reply = m_network->sendCustomRequest(request, call->request.method, device);
        device->setParent(reply);
    }
    connect(reply, &QNetworkReply::finished, this, [this, call, reply] { finished(call, reply); });
}

std::chrono::milliseconds NotionClient::backoff(int attempt) const {
    const double ceiling = std::min(double(m_options.retryCap.count()),
                                    double(m_options.retryBase.count()) * std::pow(2.0, attempt - 1));
    const double jitter = 0.5 + 0.5 * QRandomGenerator::global()->generateDouble();
    return std::chrono::milliseconds(qint64(ceiling * jitter));
}

void NotionClient::finished(const std::shared_ptr<Call> &call, QNetworkReply *reply) {
    reply->deleteLater();
    const int httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray payload = reply->isOpen() ? reply->readAll() : QByteArray();
    NotionResponse response = NotionResponseReader::read(
        httpStatus, payload, reply->rawHeader("x-request-id"), reply->rawHeader("Retry-After"),
        m_options.baseUrl.host(), QDateTime::currentDateTimeUtc());
    response.attempts = call->attempt;
    if (httpStatus == 0) {
        // QNetworkReply's text names the URL, never the headers: no token in it.
        response.error = NotionError::fromNetwork(reply->error(), reply->errorString(), true);
    } else if (response.error && response.error->kind == FailureKind::RateLimited) {
        ++m_rateLimited;
        // Notion's own answer, or a 429 from something in between (a proxy) that paces differently.
        m_limiter->rateLimited(response.error->retryAfter,
                               response.error->code == QLatin1String("rate_limited")
                                   ? QStringLiteral("rate_limited")
                                   : QStringLiteral("other_429"));
    }

    if (response.error && call->attempt <= m_options.maxRetries) {
        const NotionError &error = *response.error;
        const bool overloaded = error.kind == FailureKind::RateLimited || error.httpStatus == 529;
        const bool nothingSent = error.kind == FailureKind::Unreachable;
        const bool repeatable =
            call->request.safeToRepeat &&
            (error.httpStatus == 500 || error.httpStatus == 502 || error.httpStatus == 503 ||
             error.httpStatus == 504 || error.httpStatus == 409 || error.httpStatus == 0);
        const bool waitable = error.retryAfter <= m_options.maxRetryAfter;
        if ((overloaded || nothingSent || repeatable) && waitable) {
            // The limiter already waits out a 429's Retry-After; a 529 or 5xx waits for its own back-off.
            const auto delay = error.kind == FailureKind::RateLimited
                                   ? std::chrono::milliseconds(0)
                                   : std::max(error.retryAfter, backoff(call->attempt));
            schedule(call, delay);
            return;
        }
    }
    if (call->done)
        call->done(response);
}

} // namespace pgnotion
