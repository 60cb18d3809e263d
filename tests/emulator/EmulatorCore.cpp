#include "EmulatorCore.h"

#include "ApiError.h"
#include "ApiRouter.h"
#include "NotionIds.h"
#include "ObjectRenderer.h"
#include "PageWriter.h"
#include "WorkspaceSeeder.h"
#include "WorkspaceSnapshot.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMutexLocker>
#include <QUrl>
#include <QUrlQuery>

namespace notionemu {

using namespace Qt::StringLiterals;

namespace {

QByteArray jsonBytes(const QJsonObject &object) {
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString redact(const QString &token) {
    return token.isEmpty() ? QString() : token.left(4) + u"…"_s;
}

} // namespace

QJsonObject RequestLogEntry::toJson() const {
    return QJsonObject{{u"time"_s, notionTimestamp(time)},
                       {u"method"_s, method},
                       {u"path"_s, path},
                       {u"status"_s, status},
                       {u"request_id"_s, requestId},
                       {u"token"_s, token},
                       {u"fault"_s, fault.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(fault)}};
}

EmulatorCore::EmulatorCore() {
    m_workspace.clock = [this] {
        return QDateTime::currentDateTimeUtc().addMSecs(m_clockOffsetMs);
    };
    m_workspace.defaultPersonId();
}

HttpOutcome EmulatorCore::handleApi(const QString &method, const QString &path, const QString &query,
                                    const QByteArray &notionVersion, const QByteArray &authorization,
                                    const QByteArray &body) {
    QMutexLocker locker(&m_mutex);
    HttpOutcome outcome;
    outcome.requestId = newNotionId();
    outcome.delayMs = m_latencyMs;
    ++m_counters.requestsServed;
    const QString auth = QString::fromUtf8(authorization).trimmed();
    const QString token =
        auth.startsWith(u"Bearer "_s, Qt::CaseInsensitive) ? auth.mid(7).trimmed() : QString();
    QString faultName;
    try {
        if (notionVersion.trimmed().isEmpty())
            throw ApiError::missingVersion();
        if (token.isEmpty() || !m_tokens.contains(token))
            throw ApiError::unauthorized();
        if (const int wait = m_rateLimiter.admit(token, RateLimiter::Clock::now()); wait > 0) {
            ++m_counters.rateLimited;
            outcome.retryAfterSeconds = wait;
            throw ApiError::rateLimited();
        }
        const std::optional<FaultKind> fault = m_faults.next();
        if (fault) {
            ++m_counters.faultsInjected;
            faultName = FaultInjector::kindName(*fault);
            if (FaultInjector::statusOf(*fault) != 0)
                throw ApiError::serverFault(FaultInjector::statusOf(*fault));
            if (*fault == FaultKind::Reset) {
                // Dropped before anything is applied: the request had no effect.
                outcome.dropConnection = true;
                log(method, path, 0, outcome.requestId, token, faultName);
                return outcome;
            }
        }
        RequestContext context;
        context.method = method;
        context.segments = path.split(u'/', Qt::SkipEmptyParts);
        if (context.segments.isEmpty() || context.segments.takeFirst() != u"v1"_s)
            throw ApiError::invalidRequestUrl();
        context.query = QUrlQuery(query);
        if (!body.trimmed().isEmpty()) {
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(body, &error);
            if (error.error != QJsonParseError::NoError || !document.isObject())
                throw ApiError::invalidJson();
            context.body = document.object();
        }
        context.token = token;
        context.botId = m_workspace.botFor(token, m_tokens.value(token));
        const ApiReply reply = ApiRouter::route(m_workspace, context);
        outcome.status = reply.status;
        outcome.body = jsonBytes(reply.body);
        if (fault == FaultKind::ApplyThenReset) {
            // The write happened; the client never hears about it.
            outcome.dropConnection = true;
            log(method, path, 0, outcome.requestId, token, faultName);
            return outcome;
        }
    } catch (const ApiError &error) {
        outcome.status = error.status;
        outcome.body = jsonBytes(error.toJson(outcome.requestId));
    }
    log(method, path, outcome.status, outcome.requestId, token, faultName);
    return outcome;
}

void EmulatorCore::log(const QString &method, const QString &path, int status, const QString &requestId,
                       const QString &token, const QString &fault) {
    m_log.append(RequestLogEntry{QDateTime::currentDateTimeUtc(), method, path, status, requestId,
                                 redact(token), fault});
    if (m_log.size() > 100000) // a long-running demo must not grow without bound
        m_log.remove(0, 50000);
}

HttpOutcome EmulatorCore::handleAdmin(const QString &method, const QString &path, const QByteArray &body) {
    HttpOutcome outcome;
    outcome.requestId = newNotionId();
    QJsonObject request;
    if (!body.trimmed().isEmpty()) {
        QJsonParseError error;
        request = QJsonDocument::fromJson(body, &error).object();
        if (error.error != QJsonParseError::NoError) {
            outcome.status = 400;
            outcome.body = jsonBytes(ApiError::invalidJson().toJson(outcome.requestId));
            return outcome;
        }
    }
    QJsonObject answer;
    const QString route = method + u' ' + path;
    if (route == u"GET /__emulator/state"_s) {
        answer = snapshot();
    } else if (route == u"GET /__emulator/requests"_s) {
        QJsonArray entries;
        for (const RequestLogEntry &entry : requestLog())
            entries.append(entry.toJson());
        const EmulatorCounters c = counters();
        answer = QJsonObject{{u"requests"_s, entries},
                             {u"counters"_s, QJsonObject{{u"requests_served"_s, c.requestsServed},
                                                         {u"rate_limited"_s, c.rateLimited},
                                                         {u"faults_injected"_s, c.faultsInjected}}}};
    } else if (route == u"POST /__emulator/faults"_s) {
        QMutexLocker locker(&m_mutex);
        if (request.contains(u"latency_ms"_s))
            m_latencyMs = std::max(0, request.value(u"latency_ms"_s).toInt());
        if (request.contains(u"rate_limit"_s) || request.contains(u"burst"_s))
            m_rateLimiter.configure(request.value(u"rate_limit"_s).toDouble(m_rateLimiter.ratePerSecond()),
                                    request.value(u"burst"_s).toInt(m_rateLimiter.burst()));
        if (request.contains(u"seed"_s))
            m_faults.setSeed(quint32(request.value(u"seed"_s).toInteger()));
        QStringList rejected;
        if (request.contains(u"fault_rate"_s) || request.contains(u"faults"_s)) {
            const QJsonValue kinds = request.value(u"faults"_s);
            const QStringList names = kinds.isString() ? kinds.toString().split(u',', Qt::SkipEmptyParts)
                                                       : kinds.toVariant().toStringList();
            m_faults.configure(request.value(u"fault_rate"_s).toDouble(m_faults.rate()), names, &rejected);
        }
        for (const QString &name : request.value(u"fail_next"_s).toVariant().toStringList()) {
            if (const auto kind = FaultInjector::parseKind(name))
                m_faults.failNext({*kind});
            else
                rejected.append(name);
        }
        answer = settingsLocked();
        answer.insert(u"rejected_faults"_s, QJsonArray::fromStringList(rejected));
    } else if (route == u"POST /__emulator/seed"_s) {
        QString error;
        answer = seed(request, &error);
        if (!error.isEmpty()) {
            outcome.status = 400;
            answer = ApiError::validation(error).toJson(outcome.requestId);
        }
    } else if (route == u"POST /__emulator/reset"_s) {
        reset();
        answer = QJsonObject{{u"reset"_s, true}};
    } else if (route == u"POST /__emulator/tokens"_s) {
        for (const QString &token : request.value(u"add"_s).toVariant().toStringList())
            addToken(token);
        for (const QString &token : request.value(u"revoke"_s).toVariant().toStringList())
            revokeToken(token);
        answer = settings();
    } else if (route == u"GET /__emulator/settings"_s) {
        answer = settings();
    } else {
        outcome.status = 404;
        answer = QJsonObject{{u"object"_s, u"error"_s},
                             {u"status"_s, 404},
                             {u"code"_s, u"unknown_admin_route"_s},
                             {u"message"_s, QString(u"No emulator admin route "_s + route)}};
    }
    outcome.body = jsonBytes(answer);
    return outcome;
}

QJsonObject EmulatorCore::settingsLocked() const {
    return QJsonObject{{u"fault_rate"_s, m_faults.rate()},
                       {u"faults"_s, QJsonArray::fromStringList(m_faults.kindNames())},
                       {u"latency_ms"_s, m_latencyMs},
                       {u"rate_limit"_s, m_rateLimiter.ratePerSecond()},
                       {u"burst"_s, m_rateLimiter.burst()},
                       {u"tokens"_s, int(m_tokens.size())},
                       {u"query_result_limit"_s, m_workspace.queryResultLimit}};
}

QJsonObject EmulatorCore::settings() {
    QMutexLocker locker(&m_mutex);
    return settingsLocked();
}

void EmulatorCore::addToken(const QString &token, const QString &botName) {
    QMutexLocker locker(&m_mutex);
    m_tokens.insert(token, botName.isEmpty() ? u"pgnotion"_s : botName);
    m_workspace.botFor(token, m_tokens.value(token));
}

void EmulatorCore::revokeToken(const QString &token) {
    QMutexLocker locker(&m_mutex);
    m_tokens.remove(token);
}

QString EmulatorCore::botUserId(const QString &token) {
    QMutexLocker locker(&m_mutex);
    return m_workspace.botFor(token, m_tokens.value(token));
}

void EmulatorCore::setRateLimit(double requestsPerSecond, int burst) {
    QMutexLocker locker(&m_mutex);
    m_rateLimiter.configure(requestsPerSecond, burst);
}

void EmulatorCore::setLatencyMs(int latencyMs) {
    QMutexLocker locker(&m_mutex);
    m_latencyMs = std::max(0, latencyMs);
}

QStringList EmulatorCore::setFaults(double rate, const QStringList &kinds) {
    QMutexLocker locker(&m_mutex);
    QStringList rejected;
    m_faults.configure(rate, kinds, &rejected);
    return rejected;
}

void EmulatorCore::setRandomSeed(quint32 seed) {
    QMutexLocker locker(&m_mutex);
    m_faults.setSeed(seed);
}

void EmulatorCore::failNext(const QStringList &kinds) {
    QMutexLocker locker(&m_mutex);
    for (const QString &name : kinds)
        if (const auto kind = FaultInjector::parseKind(name))
            m_faults.failNext({*kind});
}

void EmulatorCore::setQueryResultLimit(int limit) {
    QMutexLocker locker(&m_mutex);
    m_workspace.queryResultLimit = std::max(1, limit);
}

void EmulatorCore::advanceClock(qint64 milliseconds) {
    QMutexLocker locker(&m_mutex);
    m_clockOffsetMs += milliseconds;
}

QJsonObject EmulatorCore::seed(const QJsonObject &seed, QString *error) {
    QMutexLocker locker(&m_mutex);
    try {
        return WorkspaceSeeder::apply(seed, m_workspace);
    } catch (const ApiError &failure) {
        if (error)
            *error = failure.message;
        return {};
    }
}

QJsonObject EmulatorCore::snapshot() {
    QMutexLocker locker(&m_mutex);
    return WorkspaceSnapshot::toJson(m_workspace);
}

bool EmulatorCore::loadSnapshot(const QJsonObject &snapshot) {
    QMutexLocker locker(&m_mutex);
    const bool loaded = WorkspaceSnapshot::load(snapshot, m_workspace);
    m_workspace.defaultPersonId();
    return loaded;
}

void EmulatorCore::reset() {
    QMutexLocker locker(&m_mutex);
    m_workspace.clear();
    m_workspace.defaultPersonId();
    m_log.clear();
    m_counters = {};
    m_rateLimiter.reset();
    m_faults.clearQueued();
}

QList<RequestLogEntry> EmulatorCore::requestLog() {
    QMutexLocker locker(&m_mutex);
    return m_log;
}

void EmulatorCore::clearRequestLog() {
    QMutexLocker locker(&m_mutex);
    m_log.clear();
}

EmulatorCounters EmulatorCore::counters() {
    QMutexLocker locker(&m_mutex);
    return m_counters;
}

bool EmulatorCore::editPageAsPerson(const QString &pageId, const QJsonObject &properties, QString *error) {
    QMutexLocker locker(&m_mutex);
    try {
        PageWriter(m_workspace, QString(), m_workspace.defaultPersonId())
            .update(normalizeNotionId(pageId), QJsonObject{{u"properties"_s, properties}});
        return true;
    } catch (const ApiError &failure) {
        if (error)
            *error = failure.message;
        return false;
    }
}

bool EmulatorCore::setPageInTrash(const QString &pageId, bool inTrash, QString *error) {
    QMutexLocker locker(&m_mutex);
    try {
        PageWriter(m_workspace, QString(), m_workspace.defaultPersonId())
            .update(normalizeNotionId(pageId), QJsonObject{{u"in_trash"_s, inTrash}});
        return true;
    } catch (const ApiError &failure) {
        if (error)
            *error = failure.message;
        return false;
    }
}

int EmulatorCore::countPages(const QString &dataSourceId, bool includeTrashed) {
    QMutexLocker locker(&m_mutex);
    const QString id = normalizeNotionId(dataSourceId);
    int count = 0;
    for (const PageRecord &page : std::as_const(m_workspace.pages))
        count += page.dataSourceId == id && (includeTrashed || !page.inTrash) ? 1 : 0;
    return count;
}

QJsonObject EmulatorCore::renderPage(const QString &pageId) {
    QMutexLocker locker(&m_mutex);
    const QString id = normalizeNotionId(pageId);
    if (!m_workspace.pages.contains(id))
        return {};
    return ObjectRenderer(m_workspace).page(m_workspace.pages.value(id));
}

QString EmulatorCore::personUserId() {
    QMutexLocker locker(&m_mutex);
    return m_workspace.defaultPersonId();
}

} // namespace notionemu
