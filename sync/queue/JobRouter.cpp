#include "queue/JobRouter.h"

namespace pgnotion {

void JobRouter::route(const QString &resourceType, const QString &direction, Handler handler) {
    m_handlers.insert({resourceType, direction}, std::move(handler));
}

JobResult JobRouter::handle(const SyncJob &job, JobContext &context) {
    const auto handler = m_handlers.constFind({job.resourceType, job.direction});
    if (handler == m_handlers.constEnd()) {
        JobFailure failure;
        failure.kind = FailureKind::Permanent;
        failure.code = QStringLiteral("unknown_resource_type");
        failure.message = QStringLiteral("No mapping handles resource type \"%1\" (%2, %3 %4): add it to the "
                                         "mapping file and retry the job, or discard it")
                              .arg(job.resourceType, job.direction, job.resourceType, job.resourceId);
        return JobResult::failed(failure);
    }
    return (*handler)(job, context);
}

} // namespace pgnotion
