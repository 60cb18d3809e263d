#pragma once

#include "notion/NotionClientOptions.h"
#include "notion/NotionResponse.h"

#include <QObject>

#include <atomic>
#include <functional>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace pgnotion {

class RateLimiter;

// Talks HTTP to Notion (or anything that speaks its API, like the emulator). One per thread: it owns a
// QNetworkAccessManager, which belongs to the thread that created it. Every client of one token shares
// one RateLimiter. Retries follow the official SDK: 429 and 529 always (waiting for Retry-After); 5xx,
// timeouts and dropped connections only for requests that are safe to repeat. The token goes into the
// Authorization header and nowhere else: not in logs, errors or the request log.
class NotionClient : public QObject {
    Q_OBJECT
public:
    using Callback = std::function<void(const NotionResponse &)>;

    explicit NotionClient(NotionClientOptions options, QObject *parent = nullptr);
    ~NotionClient() override;

    // Asynchronous: `done` runs in this client's thread, unless the client is destroyed first.
    void send(const NotionRequest &request, Callback done);
    // Waits in a local event loop: for worker threads (and tests), never for the GUI thread.
    NotionResponse sendAndWait(const NotionRequest &request);

    const NotionClientOptions &options() const { return m_options; }
    std::shared_ptr<RateLimiter> rateLimiter() const { return m_limiter; }
    int requestsSent() const { return m_requestsSent; }
    int rateLimitedAnswers() const { return m_rateLimited; }

private:
    struct Call;
    void schedule(const std::shared_ptr<Call> &call, std::chrono::milliseconds extraDelay);
    void issue(const std::shared_ptr<Call> &call);
    void finished(const std::shared_ptr<Call> &call, QNetworkReply *reply);
    std::chrono::milliseconds backoff(int attempt) const;

    NotionClientOptions m_options;
    std::shared_ptr<RateLimiter> m_limiter;
    QNetworkAccessManager *m_network;
    std::atomic<int> m_requestsSent{0};
    std::atomic<int> m_rateLimited{0};
};

} // namespace pgnotion
