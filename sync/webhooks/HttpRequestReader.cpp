#include "webhooks/HttpRequestReader.h"

#include <algorithm>

namespace pgnotion {

namespace {

const QByteArray crlf = QByteArrayLiteral("\r\n");
constexpr qsizetype maxChunkSizeLine = 1024;

// RFC 9110 token characters: header names and methods.
bool isToken(const QByteArray &text) {
    if (text.isEmpty())
        return false;
    static const QByteArray punctuation = QByteArrayLiteral("!#$%&'*+-.^_`|~");
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               punctuation.contains(c);
    });
}

bool isDigits(const QByteArray &text) {
    return !text.isEmpty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A LF without its CR: refused at once rather than waited on until the timeout.
bool hasBareLineFeed(const QByteArray &bytes) {
    for (qsizetype i = bytes.indexOf('\n'); i >= 0; i = bytes.indexOf('\n', i + 1)) {
        if (i == 0 || bytes[i - 1] != '\r')
            return true;
    }
    return false;
}

} // namespace

QByteArray HttpRequest::path() const {
    const qsizetype query = target.indexOf('?');
    return query < 0 ? target : target.left(query);
}

QList<QByteArray> HttpRequest::headerValues(const QByteArray &lowerCaseName) const {
    QList<QByteArray> values;
    for (const auto &[name, value] : headers) {
        if (name == lowerCaseName)
            values.append(value);
    }
    return values;
}

HttpRequestReader::HttpRequestReader(qsizetype maxHeaderBytes, qsizetype maxBodyBytes)
    : m_maxHeaderBytes(maxHeaderBytes)
    , m_maxBodyBytes(maxBodyBytes) {}

HttpRequestReader::Status HttpRequestReader::fail(int status, const QString &message) {
    m_phase = Phase::Failed;
    m_errorStatus = status;
    m_errorMessage = message;
    m_buffer.clear();
    return Status::Failed;
}

HttpRequestReader::Status HttpRequestReader::feed(const QByteArray &bytes) {
    if (m_phase == Phase::Failed)
        return Status::Failed;
    if (m_phase == Phase::Done)
        return Status::Complete;
    m_buffer.append(bytes);
    if (m_phase == Phase::Head) {
        const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
        if ((headEnd < 0 && m_buffer.size() > m_maxHeaderBytes) || headEnd + 4 > m_maxHeaderBytes)
            return fail(431,
                        QStringLiteral("the request head is larger than %1 bytes").arg(m_maxHeaderBytes));
        if (headEnd < 0) {
            if (hasBareLineFeed(m_buffer))
                return fail(400, QStringLiteral("the request head has a line not ended by CRLF"));
            return Status::NeedMore;
        }
        if (parseHead(headEnd) == Status::Failed)
            return Status::Failed;
        m_buffer.remove(0, headEnd + 4);
        return Status::HeadersReady;
    }
    return continueBody();
}

HttpRequestReader::Status HttpRequestReader::parseHead(qsizetype headEnd) {
    const QByteArray head = m_buffer.left(headEnd);
    if (head.contains('\0'))
        return fail(400, QStringLiteral("the request head contains a NUL byte"));
    const QList<QByteArray> lines = head.split('\n');
    // Every line must end in CRLF: a bare LF or CR is how requests get smuggled past proxies.
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray &line = lines[i];
        const bool last = i == lines.size() - 1;
        const QByteArray text = last ? line : line.chopped(line.endsWith('\r') ? 1 : 0);
        if ((!last && !line.endsWith('\r')) || text.contains('\r'))
            return fail(400, QStringLiteral("the request head has a line not ended by CRLF"));
    }
    auto lineText = [&lines](qsizetype i) {
        return i == lines.size() - 1 ? lines[i] : lines[i].chopped(1);
    };

    const QList<QByteArray> requestLine = lineText(0).split(' ');
    if (requestLine.size() != 3 || !isToken(requestLine[0]) || !requestLine[1].startsWith('/') ||
        (requestLine[2] != "HTTP/1.1" && requestLine[2] != "HTTP/1.0"))
        return fail(400, QStringLiteral("malformed request line"));
    m_request.method = requestLine[0];
    m_request.target = requestLine[1];

    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lineText(i);
        if (line.startsWith(' ') || line.startsWith('\t'))
            return fail(400, QStringLiteral("folded header lines are not accepted"));
        const qsizetype colon = line.indexOf(':');
        const QByteArray name = colon > 0 ? line.left(colon) : QByteArray();
        if (!isToken(name))
            return fail(400, QStringLiteral("malformed header line %1").arg(i));
        m_request.headers.append({name.toLower(), line.mid(colon + 1).trimmed()});
    }

    const QList<QByteArray> lengths = m_request.headerValues(QByteArrayLiteral("content-length"));
    const QList<QByteArray> encodings = m_request.headerValues(QByteArrayLiteral("transfer-encoding"));
    if (!lengths.isEmpty() && !encodings.isEmpty())
        return fail(400, QStringLiteral("both Content-Length and Transfer-Encoding: refused"));
    for (const QByteArray &expect : m_request.headerValues(QByteArrayLiteral("expect"))) {
        if (expect.toLower() == "100-continue")
            m_expectsContinue = true;
    }

    if (!encodings.isEmpty()) {
        if (encodings.size() != 1 || encodings[0].toLower() != "chunked")
            return fail(501, QStringLiteral("only the chunked transfer encoding is supported"));
        m_phase = Phase::ChunkSize;
        return Status::NeedMore;
    }
    if (lengths.isEmpty()) {
        m_phase = Phase::Done;
        return Status::NeedMore;
    }
    for (const QByteArray &length : lengths) {
        if (!isDigits(length) || length != lengths[0])
            return fail(400, QStringLiteral("invalid or conflicting Content-Length"));
    }
    if (lengths[0].size() > 15 || lengths[0].toLongLong() > m_maxBodyBytes)
        return fail(413, QStringLiteral("the body (%1 bytes) is larger than the limit of %2 bytes")
                             .arg(QString::fromLatin1(lengths[0]))
                             .arg(m_maxBodyBytes));
    m_remaining = lengths[0].toLongLong();
    m_request.body.reserve(m_remaining);
    m_phase = m_remaining > 0 ? Phase::FixedBody : Phase::Done;
    return Status::NeedMore;
}

bool HttpRequestReader::takeLine(QByteArray *line) {
    const qsizetype end = m_buffer.indexOf(crlf);
    if (end < 0)
        return false;
    *line = m_buffer.left(end);
    m_buffer.remove(0, end + 2);
    return true;
}

HttpRequestReader::Status HttpRequestReader::continueBody() {
    for (;;) {
        switch (m_phase) {
        case Phase::Head:
        case Phase::Failed:
            return Status::Failed; // not reached: feed() handles both
        case Phase::Done:
            m_buffer.clear(); // pipelined bytes: one request per connection
            return Status::Complete;
        case Phase::FixedBody:
        case Phase::ChunkData: {
            const qsizetype take = qsizetype(std::min<qint64>(m_buffer.size(), m_remaining));
            m_request.body.append(m_buffer.constData(), take);
            m_buffer.remove(0, take);
            m_remaining -= take;
            if (m_remaining > 0)
                return Status::NeedMore;
            m_phase = m_phase == Phase::FixedBody ? Phase::Done : Phase::ChunkDataEnd;
            break;
        }
        case Phase::ChunkDataEnd:
            if (m_buffer.size() < 2)
                return Status::NeedMore;
            if (!m_buffer.startsWith(crlf))
                return fail(400, QStringLiteral("malformed chunked body"));
            m_buffer.remove(0, 2);
            m_phase = Phase::ChunkSize;
            break;
        case Phase::ChunkSize: {
            // The limits hold the same whether a line arrives whole or in pieces (a pending line may end
            // in the CR of its CRLF, hence the + 1): the verdict never depends on how TCP split the bytes.
            QByteArray line;
            if (!takeLine(&line)) {
                if (m_buffer.size() > maxChunkSizeLine + 1)
                    return fail(400, QStringLiteral("malformed chunked body"));
                return Status::NeedMore;
            }
            if (line.size() > maxChunkSizeLine)
                return fail(400, QStringLiteral("malformed chunked body"));
            const qsizetype extensions = line.indexOf(';'); // ignored
            const QByteArray size = (extensions < 0 ? line : line.left(extensions)).trimmed();
            bool ok = false;
            const qint64 chunk = size.size() <= 15 ? size.toLongLong(&ok, 16) : -1;
            if (!ok || chunk < 0 || size.startsWith('+') || size.startsWith('-'))
                return fail(400, QStringLiteral("malformed chunk size"));
            if (m_request.body.size() + chunk > m_maxBodyBytes)
                return fail(
                    413, QStringLiteral("the body is larger than the limit of %1 bytes").arg(m_maxBodyBytes));
            m_remaining = chunk;
            m_phase = chunk == 0 ? Phase::Trailers : Phase::ChunkData;
            break;
        }
        case Phase::Trailers: {
            QByteArray line;
            const bool whole = takeLine(&line);
            // All trailer lines together, CRLFs included, or what is buffered of the pending one.
            if (m_trailerBytes + (whole ? line.size() + 2 : m_buffer.size()) > m_maxHeaderBytes)
                return fail(431,
                            QStringLiteral("the trailers are larger than %1 bytes").arg(m_maxHeaderBytes));
            if (!whole)
                return Status::NeedMore;
            m_trailerBytes += line.size() + 2;
            if (line.isEmpty())
                m_phase = Phase::Done; // trailers themselves are ignored
            break;
        }
        }
    }
}

} // namespace pgnotion
