#pragma once

#include "queue/JobHandler.h"

#include <QHash>
#include <QPair>

#include <functional>

namespace pgnotion {

// Sends each job to the handler of its resource type and direction. A job nobody handles is not lost:
// it fails permanently with a message that says what to do, and stays in the queue for the admin.
class JobRouter : public JobHandler {
public:
    using Handler = std::function<JobResult(const SyncJob &, JobContext &)>;

    void route(const QString &resourceType, const QString &direction, Handler handler);
    JobResult handle(const SyncJob &job, JobContext &context) override;

private:
    QHash<QPair<QString, QString>, Handler> m_handlers;
};

} // namespace pgnotion
