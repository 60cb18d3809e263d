#pragma once

#include <QHash>
#include <QString>

#include <deque>
#include <utility>

namespace pgnotion {

// Remembers the ids of webhook events already taken, for a window, so that a retried or replayed delivery
// is acknowledged without being handed on twice. Bounded: ids leave after the window, and the oldest leave
// first beyond `capacity`. In memory only (a restart forgets; the timestamp tolerance still bounds how old
// a replay can be, and handing a page on twice is harmless: the inbound sync fetches and compares).
// Time is passed in (ms since the epoch). Not thread-safe: the receiver's thread only.
class WebhookReplayGuard {
public:
    WebhookReplayGuard(qint64 windowMs, int capacity);

    // True when `eventId` was remembered within the window; otherwise remembers it and returns false.
    bool checkAndRemember(const QString &eventId, qint64 nowMs);
    qsizetype size() const { return m_seen.size(); }

private:
    void forgetExpired(qint64 nowMs);

    const qint64 m_windowMs;
    const int m_capacity;
    QHash<QString, qint64> m_seen;                  // id -> when it was first taken
    std::deque<std::pair<qint64, QString>> m_order; // the same, oldest first
};

} // namespace pgnotion
