#pragma once

#include "FaultInjector.h"
#include "RateLimiter.h"
#include "Workspace.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QString>

namespace notionemu {

struct RequestLogEntry {
    QDateTime time;
    QString method;
    QString path;
    int status = 0; // 0: the connection was dropped without an answer
    QString requestId;
    QString token; // redacted: the first characters only
    QString fault; // the injected fault's name, if any

    QJsonObject toJson() const;
};

struct EmulatorCounters {
    qint64 requestsServed = 0; // API requests received (admin requests not counted)
    qint64 rateLimited = 0;    // 429 answers
    qint64 faultsInjected = 0;
};

// What the HTTP layer must do with one request.
struct HttpOutcome {
    bool dropConnection = false;
    int status = 200;
    QByteArray body;
    QString requestId;
    int retryAfterSeconds = 0;
    int delayMs = 0;
};

// The emulator's state and rules, independent of HTTP: the workspace, tokens, rate limits, faults, the
// request log. Every public method is thread-safe (one mutex): the server thread answers requests while tests
// inspect and steer from theirs.
class EmulatorCore {
public:
    EmulatorCore();

    HttpOutcome handleApi(const QString &method, const QString &path, const QString &query,
                          const QByteArray &notionVersion, const QByteArray &authorization,
                          const QByteArray &body);
    HttpOutcome handleAdmin(const QString &method, const QString &path, const QByteArray &body);

    void addToken(const QString &token, const QString &botName = {});
    void revokeToken(const QString &token);
    QString botUserId(const QString &token);
    void setRateLimit(double requestsPerSecond, int burst);
    void setLatencyMs(int latencyMs);
    // Unknown kinds are returned; known ones replace the enabled set (an empty list keeps it).
    QStringList setFaults(double rate, const QStringList &kinds);
    void setRandomSeed(quint32 seed);
    void failNext(const QStringList &kinds);
    void setQueryResultLimit(int limit);
    void advanceClock(qint64 milliseconds);

    QJsonObject seed(const QJsonObject &seed, QString *error = nullptr);
    QJsonObject snapshot();
    bool loadSnapshot(const QJsonObject &snapshot);
    void reset();

    QList<RequestLogEntry> requestLog();
    void clearRequestLog();
    EmulatorCounters counters();
    QJsonObject settings();

    // Acting as a person in the Notion app (not the integration): the page's last_edited_by is the person.
    bool editPageAsPerson(const QString &pageId, const QJsonObject &properties, QString *error = nullptr);
    bool setPageInTrash(const QString &pageId, bool inTrash, QString *error = nullptr);
    int countPages(const QString &dataSourceId, bool includeTrashed = false);
    QJsonObject renderPage(const QString &pageId);
    QString personUserId();

private:
    QJsonObject settingsLocked() const;
    void log(const QString &method, const QString &path, int status, const QString &requestId,
             const QString &token, const QString &fault);

    QMutex m_mutex;
    Workspace m_workspace;
    QHash<QString, QString> m_tokens; // accepted token -> bot name
    RateLimiter m_rateLimiter;
    FaultInjector m_faults;
    int m_latencyMs = 0;
    qint64 m_clockOffsetMs = 0;
    QList<RequestLogEntry> m_log;
    EmulatorCounters m_counters;
};

} // namespace notionemu
