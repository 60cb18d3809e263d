#pragma once

#include "notion/NotionResponse.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <chrono>

namespace pgnotion {

// Reads what an HTTP answer from Notion says: its JSON body, the request id and, for an error status,
// the classified NotionError (code, message, Retry-After). Pure, no I/O: NotionClient hands it the bytes
// and headers of a reply, tests and fuzzers hand it anything.
class NotionResponseReader {
public:
    // `httpStatus` 0 (no HTTP answer) reads the body and request id only: the transport error is the
    // caller's to set. `host` names the server in the message about a non-Notion error answer.
    static NotionResponse read(int httpStatus, const QByteArray &payload, const QByteArray &requestIdHeader,
                               const QByteArray &retryAfterHeader, const QString &host, const QDateTime &now);
    // Retry-After: seconds (Notion sends an integer), or an HTTP date; nothing usable reads as 0, and
    // no wait is longer than a year.
    static std::chrono::milliseconds retryAfter(const QByteArray &header, const QDateTime &now);
};

} // namespace pgnotion
