#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QVariantList>

namespace pgnotion {

// Which jobs an admin action or a dashboard table applies to: everything matching, not just what a page
// of a table shows. The table and "Retry all matching" use the same clauses, so they never disagree.
struct JobFilter {
    QStringList statuses{QStringLiteral("dead")};
    QString resourceType;
    QString direction;
    QString errorCode;
    QString text; // found in the resource id or the last error message (wildcards taken literally)
    QDateTime updatedAfter;
    QDateTime updatedBefore;

    // The WHERE clauses over pgnotion.sync_queue, each value appended to `values` as a bound parameter.
    QStringList whereClauses(QVariantList &values) const;
};

} // namespace pgnotion
