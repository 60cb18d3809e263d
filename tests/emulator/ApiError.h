#pragma once

#include <QJsonObject>
#include <QString>

namespace notionemu {

// An error answer in Notion's shape. Validation code deep inside the emulator throws it; the dispatcher
// catches it and answers, so that every check can simply stop the request where it fails.
struct ApiError {
    int status = 400;
    QString code;
    QString message;

    QJsonObject toJson(const QString &requestId) const;

    // Messages marked "verbatim" are the examples of https://developers.notion.com/reference/status-codes.
    static ApiError missingVersion();                                       // verbatim
    static ApiError unauthorized();                                         // verbatim
    static ApiError invalidJson();                                          // verbatim
    static ApiError invalidRequestUrl();                                    // verbatim
    static ApiError rateLimited();                                          // verbatim
    static ApiError objectNotFound(const QString &kind, const QString &id); // verbatim pattern
    static ApiError validation(const QString &message);
    // "body failed validation: <path> should be ≤ `<limit>`, instead was `<actual>`." (pattern seen in real
    // answers)
    static ApiError tooLong(const QString &path, qsizetype limit, qsizetype actual);
    static ApiError serverFault(int status); // 500, 502, 503, 504, 529
};

} // namespace notionemu
