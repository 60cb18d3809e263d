#pragma once

#include "db/DatabaseUrl.h"

#include <QObject>
#include <QRandomGenerator>
#include <QStringList>
#include <QUrl>
#include <QVariantList>

#include <memory>

class QNetworkAccessManager;
class QTimer;

namespace pgnotion {

class DatabaseConnection;

// The demo's pretend application and team: every second or so a new project, a milestone moving on, a
// deliverable uploaded, a payment received — written to Postgres like any app would — and now and then a
// teammate completing a task in Notion (the emulator), so that the triggers, the queue, the engine in
// both directions and every dashboard page have something to show. Lives in its own thread.
class DemoWorkload : public QObject {
    Q_OBJECT
public:
    DemoWorkload(DatabaseUrl url, QUrl notionBaseUrl, QString notionToken, QObject *parent = nullptr);
    ~DemoWorkload() override;

public Q_SLOTS:
    void start();
    void stop();

Q_SIGNALS:
    void wrote(const QString &what);
    void failed(const QString &message);

private:
    void step();
    QString writeProjectChange(int dice);
    QString completeTaskInNotion();
    // Runs one parameterised statement; the first column of its first row (RETURNING id), if any.
    QString exec(const QString &sql, const QVariantList &values = {});

    DatabaseUrl m_url;
    QUrl m_notionBaseUrl;
    QString m_notionToken;
    std::unique_ptr<DatabaseConnection> m_connection;
    QNetworkAccessManager *m_network = nullptr;
    QTimer *m_timer = nullptr;
    QRandomGenerator m_random{20261125};
    QStringList m_projects;
    QStringList m_milestones;
    int m_steps = 0;
};

} // namespace pgnotion
