#include "webhooks/WebhookSignature.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>

namespace pgnotion {

namespace {

const QByteArray prefix = QByteArrayLiteral("sha256=");
constexpr qsizetype digestHexLength = 64;

bool isHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

QByteArray digest(const QByteArray &key, const QByteArray &body) {
    return QMessageAuthenticationCode::hash(body, key, QCryptographicHash::Sha256);
}

} // namespace

QByteArray WebhookSignature::sign(const QByteArray &verificationToken, const QByteArray &body) {
    QByteArray header = prefix;
    header.append(digest(verificationToken, body).toHex());
    return header;
}

bool WebhookSignature::verify(const QByteArray &verificationToken, const QByteArray &body,
                              const QByteArray &headerValue) {
    if (verificationToken.isEmpty())
        return false;
    const QByteArray trimmed = headerValue.trimmed();
    if (!trimmed.startsWith(prefix) || trimmed.size() != prefix.size() + digestHexLength)
        return false;
    const QByteArray hex = trimmed.mid(prefix.size());
    // QByteArray::fromHex skips characters it does not know: validate first.
    for (const char c : hex) {
        if (!isHexDigit(c))
            return false;
    }
    return equalInConstantTime(digest(verificationToken, body), QByteArray::fromHex(hex));
}

bool WebhookSignature::equalInConstantTime(const QByteArray &a, const QByteArray &b) {
    if (a.size() != b.size())
        return false;
    // Accumulate every difference; volatile keeps the compiler from turning this into an early exit.
    volatile unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference = difference | static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

} // namespace pgnotion
