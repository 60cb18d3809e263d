#pragma once

#include <QObject>

class QSocketNotifier;

namespace pgnotion {

// Turns SIGTERM and SIGINT into a clean QCoreApplication::quit(), so that what the app started (the
// demo's private PostgreSQL, the workers' leases) is stopped and removed as on a normal exit. The signal
// handler only writes to a pipe; the quit happens in the event loop.
class SignalQuitter : public QObject {
    Q_OBJECT
public:
    explicit SignalQuitter(QObject *parent = nullptr);
    ~SignalQuitter() override;

    // The signal that arrived, or 0.
    int receivedSignal() const { return m_received; }

private:
    void readSignal();

    QSocketNotifier *m_notifier = nullptr;
    int m_received = 0;
};

} // namespace pgnotion
