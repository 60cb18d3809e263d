#include "migration/ImportReport.h"

namespace pgnotion {

int ImportReport::total(int ResourceImportReport::*field) const {
    int sum = 0;
    for (const ResourceImportReport &resource : resources)
        sum += resource.*field;
    return sum;
}

bool ImportReport::hasProblems() const {
    for (const ResourceImportReport &resource : resources) {
        if (!resource.unmatched.isEmpty() || !resource.ambiguous.isEmpty() || !resource.errors.isEmpty())
            return true;
    }
    return false;
}

QString ImportReport::toText() const {
    QStringList lines;
    if (dryRun)
        lines.append(QStringLiteral("Dry run: nothing was written. A real import would:"));
    const QString link = dryRun ? QStringLiteral("would link") : QStringLiteral("linked");
    for (const ResourceImportReport &resource : resources) {
        lines.append(
            QStringLiteral("%1: %2 pages read, %3 skipped (done earlier), %4 matched by Postgres ID, "
                           "%5 by title, %6 %7, %8 already linked, %9 rows created, %10 unmatched, "
                           "%11 ambiguous, %12 queued for a full sync")
                .arg(resource.resource)
                .arg(resource.pagesRead)
                .arg(resource.pagesSkipped)
                .arg(resource.matchedById)
                .arg(resource.matchedByTitle)
                .arg(link)
                .arg(resource.linked)
                .arg(resource.alreadyLinked)
                .arg(resource.rowsCreated)
                .arg(resource.unmatched.size())
                .arg(resource.ambiguous.size())
                .arg(resource.resyncQueued));
        for (const auto &page : resource.ambiguous)
            lines.append(
                QStringLiteral("  ambiguous %1 \"%2\": %3").arg(page.pageId, page.title, page.reason));
        for (const auto &page : resource.unmatched)
            lines.append(
                QStringLiteral("  unmatched %1 \"%2\": %3").arg(page.pageId, page.title, page.reason));
        for (const QString &error : resource.errors)
            lines.append(QStringLiteral("  error: %1").arg(error));
    }
    if (interrupted)
        lines.append(QStringLiteral("Interrupted: run the import again to resume where it stopped."));
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace pgnotion
