// A webhook delivery's body, as WebhookDeliveryProcessor decides on it: signed with the verification
// token (so that the fuzzer reaches the event checks), unsigned, and signed with another key. Checks:
// only a correctly signed event is ever handed on; an accepted event names its page and a second
// delivery of it is a duplicate; a verification token can never be replaced by an unsigned request.
#include "FuzzCheck.h"
#include "FuzzJson.h"
#include "webhooks/WebhookDeliveryProcessor.h"
#include "webhooks/WebhookSignature.h"

using namespace pgnotion;

namespace {

const QByteArray token = QByteArrayLiteral("secret_fuzz_verification_token");
const QByteArray otherToken = QByteArrayLiteral("secret_someone_else");

QString describe(const WebhookVerdict &verdict) {
    return QStringLiteral("HTTP %1: %2").arg(verdict.httpStatus).arg(verdict.message);
}

void deliver(const QByteArray &body) {
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(1767225600000, Qt::UTC); // 2026-01-01T00:00:00Z
    WebhookDeliveryProcessor processor{NotionWebhookOptions{}};
    processor.setVerificationToken(QString::fromUtf8(token));
    processor.setOwnBotId(QStringLiteral("0123456789abcdef0123456789abcdef"));

    const WebhookVerdict forged = processor.process({WebhookSignature::sign(otherToken, body)}, body, now);
    FUZZ_CHECK(forged.outcome == WebhookOutcome::BadSignature && forged.httpStatus == 401, describe(forged));
    const WebhookVerdict doubled = processor.process(
        {WebhookSignature::sign(token, body), WebhookSignature::sign(token, body)}, body, now);
    FUZZ_CHECK(doubled.httpStatus == 401 && !doubled.pageChange, describe(doubled));

    const WebhookVerdict unsigned_ = processor.process({}, body, now);
    FUZZ_CHECK(!unsigned_.pageChange, describe(unsigned_));
    FUZZ_CHECK(unsigned_.httpStatus == 401 || unsigned_.httpStatus == 409 ||
                   (unsigned_.outcome == WebhookOutcome::Verification &&
                    unsigned_.verificationToken.toUtf8() == token),
               describe(unsigned_));

    const WebhookVerdict verdict = processor.process({WebhookSignature::sign(token, body)}, body, now);
    FUZZ_CHECK(verdict.httpStatus == 200 || verdict.httpStatus == 400 || verdict.httpStatus == 409,
               describe(verdict));
    FUZZ_CHECK(verdict.pageChange.has_value() == (verdict.outcome == WebhookOutcome::Accepted),
               describe(verdict));
    if (verdict.pageChange) {
        FUZZ_CHECK(!verdict.pageChange->pageId.isEmpty() && !verdict.pageChange->eventId.isEmpty(),
                   describe(verdict));
        const WebhookVerdict again = processor.process({WebhookSignature::sign(token, body)}, body, now);
        FUZZ_CHECK(again.outcome == WebhookOutcome::Duplicate && !again.pageChange, describe(again));
    }
    // Whatever came unsigned, the key is still the one configured: a forged event is still refused.
    const WebhookVerdict stillForged =
        processor.process({WebhookSignature::sign(otherToken, body)}, body, now);
    FUZZ_CHECK(stillForged.outcome == WebhookOutcome::BadSignature, describe(stillForged));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray bytes = fuzz::bytes(data, size);
    deliver(bytes);
    const QByteArray json = fuzz::jsonTextOf(data, size);
    if (json != bytes)
        deliver(json);
    return 0;
}
