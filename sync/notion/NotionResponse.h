#pragma once

#include "notion/NotionError.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QUrlQuery>

#include <optional>

namespace pgnotion {

struct NotionRequest {
    QByteArray method; // GET, POST, PATCH, DELETE
    QString path;      // /v1/pages
    QUrlQuery query;
    QJsonObject body; // sent when the method is not GET
    // Safe to send twice (GET, and writes that set absolute values): only these are retried after a
    // 5xx, a timeout or a dropped connection. Creating a page or appending blocks is not.
    bool safeToRepeat = false;
};

struct NotionResponse {
    int httpStatus = 0;
    QJsonObject body;
    QString requestId;
    int attempts = 0;
    std::optional<NotionError> error;

    bool ok() const { return !error.has_value(); }
};

} // namespace pgnotion
