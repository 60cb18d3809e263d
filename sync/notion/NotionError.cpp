#include "notion/NotionError.h"

namespace pgnotion {

NotionError NotionError::fromHttp(int status, const QString &code, const QString &message,
                                  const QString &requestId, std::chrono::milliseconds retryAfter) {
    NotionError error;
    error.httpStatus = status;
    error.code = code;
    error.message = message;
    error.requestId = requestId;
    error.retryAfter = retryAfter;
    if (status == 429 || code == QLatin1String("rate_limited")) {
        error.kind = FailureKind::RateLimited;
    } else if (status == 401 || status == 403 || code == QLatin1String("unauthorized") ||
               code == QLatin1String("restricted_resource")) {
        error.kind = FailureKind::Auth;
    } else if (status == 409 || status >= 500) {
        // 409 conflict_error: a concurrent edit of the same page; Notion says to retry.
        error.kind = FailureKind::Transient;
        // A 5xx after a write was sent: Notion may have applied it before failing.
        error.outcomeUnknown = status >= 500;
    } else {
        error.kind = FailureKind::Permanent; // validation_error, object_not_found, invalid_request...
    }
    return error;
}

NotionError NotionError::fromNetwork(QNetworkReply::NetworkError networkError, const QString &description,
                                     bool written) {
    NotionError error;
    error.code = QStringLiteral("network_error");
    error.message = description;
    switch (networkError) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
        // Nothing reached Notion: it is unreachable, not failing.
        error.kind = FailureKind::Unreachable;
        error.code = QStringLiteral("notion_unreachable");
        break;
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        error.kind = FailureKind::Transient;
        error.code = QStringLiteral("timeout");
        error.outcomeUnknown = written;
        break;
    case QNetworkReply::SslHandshakeFailedError:
        error.kind = FailureKind::Unreachable;
        error.code = QStringLiteral("tls_error");
        break;
    default:
        // Reset, closed, protocol failure: the request may or may not have been applied.
        error.kind = FailureKind::Transient;
        error.outcomeUnknown = written;
        break;
    }
    return error;
}

JobFailure NotionError::toJobFailure() const {
    return JobFailure{kind, describe(), code, httpStatus, requestId, retryAfter};
}

QString NotionError::describe() const {
    QString text = httpStatus > 0 ? QStringLiteral("HTTP %1 %2: %3").arg(httpStatus).arg(code, message)
                                  : QStringLiteral("%1: %2").arg(code, message);
    if (!requestId.isEmpty())
        text += QStringLiteral(" (request %1)").arg(requestId);
    return text;
}

} // namespace pgnotion
