// The webhook endpoint's HTTP reader, on whatever a client sends, split into reads the way a socket may
// deliver it. Checks: the reader never crashes or keeps more than its limits; the request it reads does
// not depend on how the bytes were split (one read or many), and neither does refusing it.
//
// Input: one byte that sets the size of the reads (1..32 bytes), then the bytes of the connection.
#include "FuzzCheck.h"
#include "webhooks/HttpRequestReader.h"

using namespace pgnotion;

namespace {

constexpr qsizetype maxHeaderBytes = 256; // small, so that short inputs reach the limits
constexpr qsizetype maxBodyBytes = 512;

struct Outcome {
    HttpRequestReader::Status status = HttpRequestReader::Status::NeedMore;
    HttpRequest request;
    int errorStatus = 0;
};

// As WebhookHttpConnection drives it: after HeadersReady, feed nothing to go on with what is buffered.
HttpRequestReader::Status drive(HttpRequestReader &reader, const QByteArray &bytes) {
    auto status = reader.feed(bytes);
    while (status == HttpRequestReader::Status::HeadersReady)
        status = reader.feed({});
    return status;
}

Outcome read(const QByteArray &connection, qsizetype readSize) {
    HttpRequestReader reader(maxHeaderBytes, maxBodyBytes);
    Outcome outcome;
    for (qsizetype at = 0; at < connection.size(); at += readSize) {
        outcome.status = drive(reader, connection.mid(at, readSize));
        if (outcome.status == HttpRequestReader::Status::Complete ||
            outcome.status == HttpRequestReader::Status::Failed)
            break;
    }
    const HttpRequest &request = reader.request();
    FUZZ_CHECK(request.body.size() <= maxBodyBytes, QString::number(request.body.size()));
    if (outcome.status == HttpRequestReader::Status::Failed) {
        outcome.errorStatus = reader.errorStatus();
        FUZZ_CHECK(outcome.errorStatus >= 400 && outcome.errorStatus < 600, reader.errorMessage());
        FUZZ_CHECK(!reader.errorMessage().isEmpty(), QString::number(outcome.errorStatus));
    }
    if (outcome.status == HttpRequestReader::Status::Complete) {
        FUZZ_CHECK(request.target.startsWith('/'), QString::fromLatin1(request.target));
        FUZZ_CHECK(!request.method.isEmpty(), QStringLiteral("method"));
        for (const auto &[name, value] : request.headers)
            FUZZ_CHECK(name == name.toLower(), QString::fromLatin1(name));
        (void)request.path();
        outcome.request = request;
    }
    return outcome;
}

QString describe(const Outcome &outcome) {
    return QStringLiteral("status %1, error %2, body %3 bytes")
        .arg(int(outcome.status))
        .arg(outcome.errorStatus)
        .arg(outcome.request.body.size());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1)
        return 0;
    const qsizetype readSize = 1 + data[0] % 32;
    const QByteArray connection = fuzz::bytes(data + 1, size - 1);
    const Outcome whole = read(connection, qMax<qsizetype>(1, connection.size()));
    const Outcome pieces = read(connection, readSize);
    const bool wholeComplete = whole.status == HttpRequestReader::Status::Complete;
    const bool piecesComplete = pieces.status == HttpRequestReader::Status::Complete;
    FUZZ_CHECK(wholeComplete == piecesComplete, QStringLiteral("one read: ") + describe(whole) +
                                                    QStringLiteral("; reads of %1 bytes: ").arg(readSize) +
                                                    describe(pieces));
    if (wholeComplete) {
        FUZZ_CHECK(
            whole.request.method == pieces.request.method && whole.request.target == pieces.request.target &&
                whole.request.headers == pieces.request.headers && whole.request.body == pieces.request.body,
            QStringLiteral("the request depends on how it was read"));
    }
    return 0;
}
