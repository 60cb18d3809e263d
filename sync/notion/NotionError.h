#pragma once

#include "queue/JobFailure.h"

#include <QNetworkReply>
#include <QString>

#include <chrono>

namespace pgnotion {

// A failed Notion call, classified for the engine: whether to retry, wait, pause or give up.
struct NotionError {
    FailureKind kind = FailureKind::Transient;
    int httpStatus = 0; // 0: no HTTP answer (network error, timeout)
    QString code;       // Notion's error code ("validation_error"), or pgnotion's ("network_error")
    QString message;    // what Notion said, or what went wrong on the way; never contains the token
    QString requestId;
    std::chrono::milliseconds retryAfter{0};
    // The request may have been applied although no answer came (a write whose connection dropped):
    // a create must be looked up before it is sent again.
    bool outcomeUnknown = false;

    // From an HTTP error answer (status >= 400) and its parsed body.
    static NotionError fromHttp(int status, const QString &code, const QString &message,
                                const QString &requestId, std::chrono::milliseconds retryAfter);
    // From a transport failure; `written` says whether the request body may have reached the server.
    static NotionError fromNetwork(QNetworkReply::NetworkError error, const QString &description,
                                   bool written);

    JobFailure toJobFailure() const;
    // "HTTP 400 validation_error: Name is not a property that exists. (request 1f2e...)"
    QString describe() const;
};

} // namespace pgnotion
