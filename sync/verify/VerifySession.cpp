#include "verify/VerifySession.h"

#include "notion/RateLimiter.h"
#include "verify/DriftChecker.h"
#include "verify/DriftRepairer.h"

namespace pgnotion {
namespace {

Error notPrepared() {
    return Error{QStringLiteral("The verify was not prepared (call prepare() first)"),
                 QStringLiteral("not_prepared")};
}

} // namespace

VerifySession::VerifySession(Mapping mapping, NotionClientOptions notion)
    : m_mapping(std::move(mapping))
    , m_notion(std::move(notion))
    , m_limiter(RateLimiter::forToken(m_notion.token, m_notion.requestsPerSecond, m_notion.burst)) {}

VerifySession::~VerifySession() = default;

Result<void> VerifySession::prepare() {
    auto prepared = EngineSetup::prepare(m_mapping, m_notion);
    if (!prepared)
        return prepared.error();
    m_prepared = prepared.value();
    return {};
}

QString VerifySession::integrationName() const {
    return m_prepared ? m_prepared->integrationName : QString();
}

QStringList VerifySession::resources() const {
    return m_prepared ? DriftChecker(*m_prepared->mapping, m_prepared->dataSources, m_notion).resources()
                      : QStringList();
}

Result<DriftReport> VerifySession::check(QSqlDatabase database) {
    if (!m_prepared)
        return notPrepared();
    DriftChecker checker(*m_prepared->mapping, m_prepared->dataSources, m_notion);
    checker.setChunkSize(m_chunkSize);
    checker.setProgress(m_progress);
    return checker.check(database);
}

Result<RepairOutcome> VerifySession::repair(QSqlDatabase database, const DriftReport &report) {
    if (!m_prepared)
        return notPrepared();
    DriftRepairer repairer(*m_prepared->mapping, m_notion);
    return repairer.repair(database, report);
}

} // namespace pgnotion
