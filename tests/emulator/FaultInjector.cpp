#include "FaultInjector.h"

#include <algorithm>

namespace notionemu {

using namespace Qt::StringLiterals;

std::optional<FaultKind> FaultInjector::parseKind(const QString &name) {
    const QString key = name.trimmed().toLower();
    if (key == u"500"_s)
        return FaultKind::Status500;
    if (key == u"502"_s)
        return FaultKind::Status502;
    if (key == u"503"_s)
        return FaultKind::Status503;
    if (key == u"504"_s)
        return FaultKind::Status504;
    if (key == u"529"_s)
        return FaultKind::Status529;
    if (key == u"reset"_s)
        return FaultKind::Reset;
    if (key == u"apply_then_reset"_s)
        return FaultKind::ApplyThenReset;
    return std::nullopt;
}

QString FaultInjector::kindName(FaultKind kind) {
    switch (kind) {
    case FaultKind::Reset:
        return u"reset"_s;
    case FaultKind::ApplyThenReset:
        return u"apply_then_reset"_s;
    default:
        return QString::number(statusOf(kind));
    }
}

int FaultInjector::statusOf(FaultKind kind) {
    switch (kind) {
    case FaultKind::Status500:
        return 500;
    case FaultKind::Status502:
        return 502;
    case FaultKind::Status503:
        return 503;
    case FaultKind::Status504:
        return 504;
    case FaultKind::Status529:
        return 529;
    case FaultKind::Reset:
    case FaultKind::ApplyThenReset:
        break;
    }
    return 0;
}

void FaultInjector::configure(double rate, const QStringList &kinds, QStringList *rejected) {
    m_rate = std::clamp(rate, 0.0, 1.0);
    QList<FaultKind> parsed;
    for (const QString &name : kinds) {
        if (name.trimmed().isEmpty())
            continue;
        if (const auto kind = parseKind(name))
            parsed.append(*kind);
        else if (rejected)
            rejected->append(name);
    }
    if (!parsed.isEmpty() || kinds.isEmpty())
        m_kinds = parsed.isEmpty() ? m_kinds : parsed;
}

QStringList FaultInjector::kindNames() const {
    QStringList names;
    for (FaultKind kind : m_kinds)
        names.append(kindName(kind));
    return names;
}

std::optional<FaultKind> FaultInjector::next() {
    if (!m_queued.isEmpty())
        return m_queued.takeFirst();
    if (m_rate <= 0 || m_kinds.isEmpty())
        return std::nullopt;
    if (m_random.generateDouble() >= m_rate)
        return std::nullopt;
    return m_kinds.at(int(m_random.bounded(quint32(m_kinds.size()))));
}

} // namespace notionemu
