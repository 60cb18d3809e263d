#pragma once

#include <QList>
#include <QRandomGenerator>
#include <QString>
#include <QStringList>

#include <optional>

namespace notionemu {

enum class FaultKind { Status500, Status502, Status503, Status504, Status529, Reset, ApplyThenReset };

// Decides which API requests fail and how. Random failures follow `rate` over the enabled kinds with a
// seedable generator (reproducible runs); `failNext` queues exact faults for tests that need certainty.
class FaultInjector {
public:
    static std::optional<FaultKind> parseKind(const QString &name);
    static QString kindName(FaultKind kind);
    static int statusOf(FaultKind kind); // 0 for the connection-dropping kinds

    // Unknown kind names are ignored and returned in `rejected` (when given).
    void configure(double rate, const QStringList &kinds, QStringList *rejected = nullptr);
    void setSeed(quint32 seed) { m_random.seed(seed); }
    void failNext(const QList<FaultKind> &kinds) { m_queued.append(kinds); }
    void clearQueued() { m_queued.clear(); }

    double rate() const { return m_rate; }
    QStringList kindNames() const;

    std::optional<FaultKind> next();

private:
    double m_rate = 0;
    QList<FaultKind> m_kinds{FaultKind::Status500, FaultKind::Status502, FaultKind::Status503,
                             FaultKind::Status504, FaultKind::Status529};
    QList<FaultKind> m_queued;
    QRandomGenerator m_random{20250903};
};

} // namespace notionemu
