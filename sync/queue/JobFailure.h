#pragma once

#include <QString>

#include <chrono>

namespace pgnotion {

// Why an attempt failed. The kind decides what the queue does next.
enum class FailureKind {
    Transient,   // 5xx, timeout, reset: retry with back-off, spending an attempt
    RateLimited, // 429: reschedule after Retry-After, no attempt spent
    Unreachable, // Notion or the network is down: reschedule, no attempt spent
    Auth,        // 401/403: no attempt spent; the engine pauses and tells the admin
    Permanent,   // validation, not found, unknown resource type: dead at once
    Deferred,    // waits for another resource first (a project's page): run again soon, no attempt spent
};

QString failureKindName(FailureKind kind);

struct JobFailure {
    FailureKind kind = FailureKind::Transient;
    QString message; // what an admin reads: what happened and what to do
    QString code;    // a Notion error code or pgnotion's own ("unknown_resource_type")
    int httpStatus = 0;
    QString requestId; // Notion's request id, for support
    std::chrono::milliseconds retryAfter{0};
};

} // namespace pgnotion
