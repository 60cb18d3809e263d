#pragma once

#include <QHostAddress>
#include <QString>

#include <chrono>

namespace pgnotion {

// Where the webhook endpoint listens and how much it tolerates. The defaults suit one workspace behind a
// reverse proxy that terminates TLS (Notion only delivers to public HTTPS URLs): loopback only.
struct NotionWebhookOptions {
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    // 0 picks a free port (tests); the proxy needs a fixed one.
    quint16 port = 8790;
    QString path = QStringLiteral("/notion/webhook");

    // Notion's events are a few KiB (signals, not data); anything near this is not Notion. Checked against
    // Content-Length (or while chunks arrive) before the body is read, so a huge upload never lands in
    // memory.
    qsizetype maxBodyBytes = 1024 * 1024;
    qsizetype maxHeaderBytes = 16 * 1024;

    // Every request takes a token, whatever it turns out to be: a flood of junk cannot make the endpoint
    // spend unbounded CPU on HMACs and JSON. Beyond it: 429 with Retry-After (Notion retries later).
    double requestsPerSecond = 20.0;
    int burst = 40;
    // Bounds memory (maxConnections × maxBodyBytes) and slow clients.
    int maxConnections = 32;
    std::chrono::milliseconds requestTimeout{std::chrono::seconds(10)};

    // Notion does not sign a timestamp header; the event's own `timestamp` is inside the signed body. A
    // genuine delivery may be a retry of an older event (Notion retries up to 8 times with back-off, over
    // a period its documentation does not state), so the tolerance is generous: a day. Older events are
    // refused; the poller covers whatever they were about. Events from the future beyond the clock skew
    // are refused too.
    std::chrono::seconds maxEventAge{std::chrono::hours(24)};
    std::chrono::seconds maxClockSkew{std::chrono::minutes(5)};
    // Event ids are remembered for maxEventAge + maxClockSkew: an id older than that is refused by its
    // timestamp anyway, so a replay is always caught (in memory: a restart forgets, the timestamp check
    // still holds). The cap bounds memory under a flood of valid events; the oldest go first.
    int maxRememberedEvents = 100000;
};

} // namespace pgnotion
