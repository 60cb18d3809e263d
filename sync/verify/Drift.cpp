#include "verify/Drift.h"

namespace pgnotion {

QString Drift::kindName(DriftKind kind) {
    switch (kind) {
    case DriftKind::MissingPage:
        return QStringLiteral("missing_page");
    case DriftKind::PageGone:
        return QStringLiteral("page_gone");
    case DriftKind::UnlinkedPage:
        return QStringLiteral("unlinked_page");
    case DriftKind::DuplicatePage:
        return QStringLiteral("duplicate_page");
    case DriftKind::OrphanPage:
        return QStringLiteral("orphan_page");
    case DriftKind::PropertyDiffers:
        return QStringLiteral("property_differs");
    case DriftKind::BrokenRelation:
        return QStringLiteral("broken_relation");
    case DriftKind::RowError:
        return QStringLiteral("row_error");
    }
    return QString();
}

} // namespace pgnotion
