#include "queue/JobFailure.h"

namespace pgnotion {

QString failureKindName(FailureKind kind) {
    switch (kind) {
    case FailureKind::Transient:
        return QStringLiteral("transient");
    case FailureKind::RateLimited:
        return QStringLiteral("rate_limited");
    case FailureKind::Unreachable:
        return QStringLiteral("unreachable");
    case FailureKind::Auth:
        return QStringLiteral("auth");
    case FailureKind::Permanent:
        return QStringLiteral("permanent");
    case FailureKind::Deferred:
        return QStringLiteral("deferred");
    }
    return QStringLiteral("transient");
}

} // namespace pgnotion
