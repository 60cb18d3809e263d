#pragma once

#include "queue/JobFailure.h"
#include "queue/SyncJob.h"

#include <optional>

namespace pgnotion {

// What a handler says about one job.
struct JobResult {
    std::optional<JobFailure> failure; // empty: the job succeeded
    int httpStatus = 0;
    QString requestId;

    static JobResult success(int httpStatus = 0, QString requestId = {}) {
        return JobResult{std::nullopt, httpStatus, std::move(requestId)};
    }
    static JobResult failed(JobFailure failure) {
        const int status = failure.httpStatus;
        QString request = failure.requestId;
        return JobResult{std::move(failure), status, std::move(request)};
    }
    bool succeeded() const { return !failure.has_value(); }
};

// Does the work of a job. Each worker thread owns its own handler, so a handler needs no locking of its
// own state; shared resources (the Notion rate limiter) must be thread-safe.
class JobHandler {
public:
    virtual ~JobHandler() = default;
    virtual JobResult handle(const SyncJob &job) = 0;
};

} // namespace pgnotion
