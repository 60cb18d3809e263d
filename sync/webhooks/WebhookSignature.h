#pragma once

#include <QByteArray>

namespace pgnotion {

// Notion's webhook signature: `X-Notion-Signature: sha256=<hex HMAC-SHA256 of the raw body>`, keyed with
// the subscription's verification token (its UTF-8 bytes).
class WebhookSignature {
public:
    // The header value Notion would send for `body`.
    static QByteArray sign(const QByteArray &verificationToken, const QByteArray &body);
    // True when `headerValue` is exactly "sha256=" and 64 hex digits whose value is the body's HMAC. The
    // digests are compared in constant time (no early exit): how long a refusal takes tells an attacker
    // nothing about how many bytes were right. The format check depends on the header only, not the key.
    static bool verify(const QByteArray &verificationToken, const QByteArray &body,
                       const QByteArray &headerValue);
    // Constant-time equality of two byte strings of the same length (false for different lengths).
    static bool equalInConstantTime(const QByteArray &a, const QByteArray &b);
};

} // namespace pgnotion
