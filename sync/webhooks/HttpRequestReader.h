#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace pgnotion {

// One HTTP/1.1 request as read off the wire. Header names are lower-case.
struct HttpRequest {
    QByteArray method;
    QByteArray target; // as sent: path and query
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray path() const;
    // Every value of a header, in order.
    QList<QByteArray> headerValues(const QByteArray &lowerCaseName) const;
};

// Reads one request incrementally with hard limits, so that nothing an HTTP client sends makes the
// endpoint buffer more than maxHeaderBytes + maxBodyBytes. The body's size is known (Content-Length) or
// counted (chunked) before it is stored: an announced body over the limit fails at once with 413.
// Deliberately strict, as a request smuggler would not be: both Content-Length and Transfer-Encoding,
// conflicting lengths, folded or malformed header lines are refused. One request per connection (the
// receiver answers with Connection: close), so pipelined bytes after the body are ignored.
class HttpRequestReader {
public:
    enum class Status {
        NeedMore,     // feed more bytes
        HeadersReady, // the head is parsed (reported once); feed more (or nothing) to go on with the body
        Complete,     // request() is whole
        Failed,       // errorStatus() / errorMessage() say why
    };

    HttpRequestReader(qsizetype maxHeaderBytes, qsizetype maxBodyBytes);

    Status feed(const QByteArray &bytes);

    const HttpRequest &request() const { return m_request; }
    // "Expect: 100-continue": the client waits for a go-ahead before it sends the body.
    bool expectsContinue() const { return m_expectsContinue; }
    int errorStatus() const { return m_errorStatus; }
    QString errorMessage() const { return m_errorMessage; }

private:
    enum class Phase { Head, FixedBody, ChunkSize, ChunkData, ChunkDataEnd, Trailers, Done, Failed };

    Status fail(int status, const QString &message);
    Status parseHead(qsizetype headEnd);
    Status continueBody();
    // Takes a CRLF-terminated line off the buffer; false when none is complete yet.
    bool takeLine(QByteArray *line);

    const qsizetype m_maxHeaderBytes;
    const qsizetype m_maxBodyBytes;
    QByteArray m_buffer;
    HttpRequest m_request;
    Phase m_phase = Phase::Head;
    bool m_expectsContinue = false;
    qint64 m_remaining = 0;       // of the fixed body or of the current chunk
    qsizetype m_trailerBytes = 0; // read so far, bounded by maxHeaderBytes
    int m_errorStatus = 0;
    QString m_errorMessage;
};

} // namespace pgnotion
