#include "verify/RepairOutcome.h"

namespace pgnotion {

QString RepairOutcome::toText() const {
    QStringList lines;
    for (const QString &action : actions)
        lines.append(QStringLiteral("repair: ") + action);
    for (const QString &line : left)
        lines.append(QStringLiteral("left as is: ") + line);
    lines.append(
        QStringLiteral("repair: %1 resync(s) enqueued (%2 with a look-up by Postgres ID first, %3 gone "
                       "page id(s) cleared), %4 duplicate page(s) moved to the trash, %5 drift(s) left "
                       "as is")
            .arg(resyncs)
            .arg(lookups)
            .arg(cleared)
            .arg(trashed)
            .arg(left.size()));
    if (resyncs > 0)
        lines.append(QStringLiteral("repair: the engine applies the resyncs (a running worker, or pgnotion "
                                    "--headless --exit-when-idle); verify again afterwards"));
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace pgnotion
