#include "notion/NotionResponseReader.h"

#include <QJsonDocument>

#include <algorithm>

namespace pgnotion {

std::chrono::milliseconds NotionResponseReader::retryAfter(const QByteArray &header, const QDateTime &now) {
    const QByteArray trimmed = header.trimmed();
    if (trimmed.isEmpty())
        return std::chrono::milliseconds(0);
    bool number = false;
    const double seconds = trimmed.toDouble(&number);
    if (number) {
        // Any server may answer "1e300" or "inf": converting that to an integer is undefined, so the
        // wait is capped (far above NotionClientOptions::maxRetryAfter, so it still reads as too long).
        constexpr double maxSeconds = 365.0 * 24 * 3600;
        if (!(seconds > 0)) // negative, zero or NaN
            return std::chrono::milliseconds(0);
        return std::chrono::milliseconds(qint64(std::min(seconds, maxSeconds) * 1000));
    }
    // An HTTP date always ends in "GMT" (RFC 9110), which Qt's RFC 2822 parser does not take: "+0000" it
    // does.
    QString date = QString::fromLatin1(trimmed);
    if (date.endsWith(QLatin1String(" GMT")))
        date = date.chopped(3) + QStringLiteral("+0000");
    const QDateTime when = QDateTime::fromString(date, Qt::RFC2822Date);
    return when.isValid() ? std::chrono::milliseconds(std::max<qint64>(0, now.msecsTo(when)))
                          : std::chrono::milliseconds(0);
}

NotionResponse NotionResponseReader::read(int httpStatus, const QByteArray &payload,
                                          const QByteArray &requestIdHeader,
                                          const QByteArray &retryAfterHeader, const QString &host,
                                          const QDateTime &now) {
    NotionResponse response;
    response.httpStatus = httpStatus;
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(payload, &parseError);
    response.body = document.object();
    response.requestId = response.body.value(QStringLiteral("request_id")).toString();
    if (response.requestId.isEmpty())
        response.requestId = QString::fromLatin1(requestIdHeader);

    if (httpStatus >= 400) {
        QString code = response.body.value(QStringLiteral("code")).toString();
        QString message = response.body.value(QStringLiteral("message")).toString();
        if (code.isEmpty()) {
            code = QStringLiteral("http_%1").arg(httpStatus);
            message = QStringLiteral("Unexpected answer from %1: %2")
                          .arg(host, QString::fromUtf8(payload.left(200)));
        }
        response.error = NotionError::fromHttp(httpStatus, code, message, response.requestId,
                                               retryAfter(retryAfterHeader, now));
    } else if (httpStatus > 0 && (parseError.error != QJsonParseError::NoError || !document.isObject())) {
        response.error = NotionError::fromHttp(
            httpStatus, QStringLiteral("invalid_response"),
            QStringLiteral("The answer is not a JSON object: %1").arg(parseError.errorString()),
            response.requestId, std::chrono::milliseconds(0));
        response.error->kind = FailureKind::Transient;
    }
    return response;
}

} // namespace pgnotion
