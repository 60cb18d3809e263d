#pragma once

#include "common/Result.h"
#include "engine/EngineSetup.h"
#include "mapping/Mapping.h"
#include "notion/NotionClientOptions.h"
#include "verify/DriftReport.h"
#include "verify/RepairOutcome.h"

#include <QSqlDatabase>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace pgnotion {

class RateLimiter;

// One verify (and optional repair) from start to end, for `pgnotion --verify` and a dashboard action:
//   VerifySession session(mapping, notion);
//   if (auto ready = session.prepare(); !ready) ...      // token, databases, live schemas: configuration
//   auto report = session.check(db);                     // DriftChecker
//   auto repaired = session.repair(db, report.value());  // DriftRepairer
// Keeps one rate limiter for the whole session: each step makes its own Notion client, and a limiter
// made afresh would start with a full burst that Notion has already counted (a 429, then half the rate).
// Blocks: run it on a worker thread (with withConnection) or headless, never on the GUI thread.
class VerifySession {
public:
    VerifySession(Mapping mapping, NotionClientOptions notion);
    ~VerifySession();

    // EngineSetup::prepare: the error is a configuration problem (token, database, mapping vs. schema).
    Result<void> prepare();
    QString integrationName() const;
    QStringList resources() const; // after prepare: what check() covers, in dependency order

    void setProgress(std::function<void(const QString &line)> progress) { m_progress = std::move(progress); }
    void setChunkSize(int rows) { m_chunkSize = rows; }

    Result<DriftReport> check(QSqlDatabase database);
    Result<RepairOutcome> repair(QSqlDatabase database, const DriftReport &report);

private:
    Mapping m_mapping;
    NotionClientOptions m_notion;
    std::shared_ptr<RateLimiter> m_limiter;
    std::optional<PreparedEngine> m_prepared;
    std::function<void(const QString &)> m_progress;
    int m_chunkSize = 500;
};

} // namespace pgnotion
