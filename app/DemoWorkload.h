#pragma once

#include "db/DatabaseUrl.h"

#include <QObject>
#include <QRandomGenerator>
#include <QStringList>

#include <memory>

class QTimer;

namespace pgnotion {

class DatabaseConnection;

// The demo's pretend application: every second or so a new project, a milestone moving on, a deliverable
// uploaded, a payment received — written to Postgres like any app would, so that the triggers, the
// queue, the engine and Notion (the emulator) all have something to show. Lives in its own thread.
class DemoWorkload : public QObject {
    Q_OBJECT
public:
    explicit DemoWorkload(DatabaseUrl url, QObject *parent = nullptr);
    ~DemoWorkload() override;

public Q_SLOTS:
    void start();
    void stop();

Q_SIGNALS:
    void wrote(const QString &what);
    void failed(const QString &message);

private:
    void step();
    QString insert(const QString &sql);

    DatabaseUrl m_url;
    std::unique_ptr<DatabaseConnection> m_connection;
    QTimer *m_timer = nullptr;
    QRandomGenerator m_random{20261125};
    QStringList m_projects;
    QStringList m_milestones;
    int m_steps = 0;
};

} // namespace pgnotion
