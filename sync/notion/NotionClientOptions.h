#pragma once

#include <QString>
#include <QUrl>

#include <chrono>

namespace pgnotion {

struct NotionClientOptions {
    // https://api.notion.com unless PGNOTION_NOTION_BASE_URL says otherwise (the emulator, a proxy).
    QUrl baseUrl = defaultBaseUrl();
    QString token;
    QString notionVersion = QStringLiteral("2025-09-03");
    // Notion's limit per integration: about 3 requests/s on average, with small bursts.
    double requestsPerSecond = 3.0;
    int burst = 3;
    // As the official SDK: 2 retries, back-off base·2^attempt with jitter, capped; Retry-After honoured
    // up to maxRetryAfter (a longer wait goes back to the queue instead of holding a worker).
    int maxRetries = 2;
    std::chrono::milliseconds retryBase{std::chrono::seconds(1)};
    std::chrono::milliseconds retryCap{std::chrono::seconds(60)};
    std::chrono::milliseconds maxRetryAfter{std::chrono::seconds(60)};
    std::chrono::milliseconds timeout{std::chrono::seconds(60)};

    static QUrl defaultBaseUrl();
};

} // namespace pgnotion
