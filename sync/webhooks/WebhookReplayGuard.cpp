#include "webhooks/WebhookReplayGuard.h"

#include <algorithm>

namespace pgnotion {

WebhookReplayGuard::WebhookReplayGuard(qint64 windowMs, int capacity)
    : m_windowMs(windowMs)
    , m_capacity(std::max(capacity, 1)) {}

void WebhookReplayGuard::forgetExpired(qint64 nowMs) {
    while (!m_order.empty() &&
           (m_order.front().first <= nowMs - m_windowMs || m_order.size() > size_t(m_capacity))) {
        m_seen.remove(m_order.front().second);
        m_order.pop_front();
    }
}

bool WebhookReplayGuard::checkAndRemember(const QString &eventId, qint64 nowMs) {
    forgetExpired(nowMs);
    if (m_seen.contains(eventId))
        return true;
    // The clock may step back: keep the order monotonic so expiry stays a pop from the front.
    const qint64 at = m_order.empty() ? nowMs : std::max(nowMs, m_order.back().first);
    m_seen.insert(eventId, at);
    m_order.emplace_back(at, eventId);
    forgetExpired(nowMs);
    return false;
}

} // namespace pgnotion
