#include "verify/DriftReport.h"

#include <QStringList>

namespace pgnotion {
namespace {

const QList<DriftKind> kAllKinds{DriftKind::MissingPage,    DriftKind::PageGone,   DriftKind::UnlinkedPage,
                                 DriftKind::DuplicatePage,  DriftKind::OrphanPage, DriftKind::PropertyDiffers,
                                 DriftKind::BrokenRelation, DriftKind::RowError};

} // namespace

int DriftReport::count(const QString &resource, DriftKind kind) const {
    int n = 0;
    for (const Drift &drift : drifts)
        n += drift.resource == resource && drift.kind == kind ? 1 : 0;
    return n;
}

int DriftReport::rowCount() const {
    int n = 0;
    for (const ResourceCheck &check : resources)
        n += check.rows;
    return n;
}

int DriftReport::pageCount() const {
    int n = 0;
    for (const ResourceCheck &check : resources)
        n += check.pages;
    return n;
}

QString DriftReport::line(const Drift &drift) {
    QString text =
        QStringLiteral("%1 %2: %3")
            .arg(drift.resource, drift.key.isEmpty() ? QStringLiteral("(no Postgres ID)") : drift.key,
                 Drift::kindName(drift.kind));
    if (!drift.pageId.isEmpty())
        text += QStringLiteral(", page %1").arg(drift.pageId);
    if (!drift.property.isEmpty())
        text += QStringLiteral(", property \"%1\": expected %2, actual %3")
                    .arg(drift.property, drift.expected, drift.actual);
    if (!drift.detail.isEmpty())
        text += QStringLiteral(" (%1)").arg(drift.detail);
    if (drift.syncQueued)
        text += QStringLiteral(" [a sync job of this row is queued: it may resolve by itself]");
    return text;
}

QString DriftReport::toText() const {
    QStringList lines;
    for (const Drift &drift : drifts)
        lines.append(line(drift));
    QStringList resourcesWithDrift;
    for (const ResourceCheck &check : resources) {
        QStringList counts;
        for (DriftKind kind : kAllKinds) {
            if (const int n = count(check.resource, kind); n > 0)
                counts.append(QStringLiteral("%1 %2").arg(n).arg(Drift::kindName(kind)));
        }
        if (!counts.isEmpty())
            resourcesWithDrift.append(check.resource);
        lines.append(
            QStringLiteral("%1: %2 rows, %3 pages: %4")
                .arg(check.resource)
                .arg(check.rows)
                .arg(check.pages)
                .arg(counts.isEmpty() ? QStringLiteral("in sync") : counts.join(QStringLiteral(", "))));
    }
    if (hasDrift())
        lines.append(QStringLiteral("verify: %1 drift(s) in %2 of %3 resource(s)")
                         .arg(drifts.size())
                         .arg(resourcesWithDrift.size())
                         .arg(resources.size()));
    else
        lines.append(QStringLiteral("verify: no drift (%1 rows, %2 pages)").arg(rowCount()).arg(pageCount()));
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace pgnotion
