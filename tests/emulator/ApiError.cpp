#include "ApiError.h"

namespace notionemu {

using namespace Qt::StringLiterals;

QJsonObject ApiError::toJson(const QString &requestId) const {
    return QJsonObject{{u"object"_s, u"error"_s},
                       {u"status"_s, status},
                       {u"code"_s, code},
                       {u"message"_s, message},
                       {u"request_id"_s, requestId}};
}

ApiError ApiError::missingVersion() {
    return {400, u"missing_version"_s,
            u"Notion-Version header failed validation: Notion-Version header should be defined, instead was "
            u"undefined."_s};
}

ApiError ApiError::unauthorized() {
    return {401, u"unauthorized"_s, u"API token is invalid."_s};
}

ApiError ApiError::invalidJson() {
    return {400, u"invalid_json"_s, u"Error parsing JSON body."_s};
}

ApiError ApiError::invalidRequestUrl() {
    return {400, u"invalid_request_url"_s, u"Invalid request URL"_s};
}

ApiError ApiError::rateLimited() {
    return {429, u"rate_limited"_s, u"You have been rate limited. Please try again in a few minutes."_s};
}

ApiError ApiError::objectNotFound(const QString &kind, const QString &id) {
    return {404, u"object_not_found"_s,
            u"Could not find "_s + kind + u" with ID: "_s + id +
                u". Make sure the relevant pages and databases are shared with your integration."_s};
}

ApiError ApiError::validation(const QString &message) {
    return {400, u"validation_error"_s, message};
}

ApiError ApiError::tooLong(const QString &path, qsizetype limit, qsizetype actual) {
    return validation(u"body failed validation: "_s + path + u" should be ≤ `"_s + QString::number(limit) +
                      u"`, instead was `"_s + QString::number(actual) + u"`."_s);
}

ApiError ApiError::serverFault(int status) {
    switch (status) {
    case 502:
        return {502, u"bad_gateway"_s, u"Bad Gateway"_s};
    case 503:
        return {503, u"service_unavailable"_s, u"Notion is unavailable, please try again later."_s};
    case 504:
        return {504, u"gateway_timeout"_s, u"Gateway Timeout"_s};
    case 529:
        // Not in the status-code table: code from the project's NOTION-API.md, message written in the same
        // style.
        return {529, u"service_overload"_s, u"Notion is overloaded, please try again later."_s};
    default:
        return {500, u"internal_server_error"_s, u"Unexpected error occurred."_s};
    }
}

} // namespace notionemu
