#pragma once

#include "common/Result.h"
#include "queue/JobFailure.h"
#include "queue/SyncJob.h"

#include <QSqlDatabase>

#include <functional>
#include <optional>

namespace pgnotion {

// What a handler says about one job.
struct JobResult {
    std::optional<JobFailure> failure; // empty: the job succeeded
    int httpStatus = 0;
    QString requestId;
    // Writes that must commit together with the job's completion (a page id, the last synced values):
    // the worker runs them and completes the job in one transaction on its own connection. A crash
    // between the two can then never leave one without the other.
    std::function<Result<void>(QSqlDatabase &)> completionWrites;

    static JobResult success(int httpStatus = 0, QString requestId = {}) {
        JobResult result;
        result.httpStatus = httpStatus;
        result.requestId = std::move(requestId);
        return result;
    }
    static JobResult failed(JobFailure failure) {
        JobResult result;
        result.httpStatus = failure.httpStatus;
        result.requestId = failure.requestId;
        result.failure = std::move(failure);
        return result;
    }
    bool succeeded() const { return !failure.has_value(); }
};

// What a worker lends its handler while a job runs.
class JobContext {
public:
    virtual ~JobContext() = default;
    // The worker thread's own connection, opened on first use; an invalid (closed) one when the database
    // cannot be reached.
    virtual QSqlDatabase database() = 0;
};

// Does the work of a job. Each worker thread owns its own handler, so a handler needs no locking of its
// own state; shared resources (the Notion rate limiter) must be thread-safe. Called in the worker's
// thread: a handler may create QObjects there (a Notion client) on first use.
class JobHandler {
public:
    virtual ~JobHandler() = default;
    virtual JobResult handle(const SyncJob &job, JobContext &context) = 0;
};

} // namespace pgnotion
