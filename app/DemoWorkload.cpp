#include "DemoWorkload.h"

#include "db/DatabaseConnection.h"

#include <QSqlQuery>
#include <QTimer>

namespace pgnotion {

DemoWorkload::DemoWorkload(DatabaseUrl url, QObject *parent)
    : QObject(parent)
    , m_url(std::move(url)) {}

DemoWorkload::~DemoWorkload() = default;

void DemoWorkload::start() {
    m_connection = std::make_unique<DatabaseConnection>(m_url, QStringLiteral("demo-workload"));
    if (auto opened = m_connection->open(); !opened) {
        Q_EMIT failed(opened.error().message);
        return;
    }
    insert(
        QStringLiteral("INSERT INTO tiers (level, name) VALUES (1, 'Starter'), (2, 'Studio'), (3, 'Agency') "
                       "ON CONFLICT DO NOTHING"));
    insert(QStringLiteral("INSERT INTO clients (name, email) SELECT n, lower(n) || '@example.com' FROM "
                          "unnest(ARRAY['Acme', 'Globex', 'Initech', 'Umbrella']) AS n "
                          "WHERE NOT EXISTS (SELECT 1 FROM clients)"));
    m_timer = new QTimer(this);
    m_timer->setInterval(900);
    connect(m_timer, &QTimer::timeout, this, &DemoWorkload::step);
    m_timer->start();
    step();
}

void DemoWorkload::stop() {
    if (m_timer)
        m_timer->stop();
    m_connection.reset();
}

QString DemoWorkload::insert(const QString &sql) {
    QSqlQuery query(m_connection->database());
    if (!query.exec(sql)) {
        Q_EMIT failed(sqlError(query, QStringLiteral("Demo workload")).message);
        return {};
    }
    return query.next() ? query.value(0).toString() : QString();
}

void DemoWorkload::step() {
    static const QStringList names{QStringLiteral("Website"),      QStringLiteral("Brand book"),
                                   QStringLiteral("Shop"),         QStringLiteral("Mobile app"),
                                   QStringLiteral("Launch video"), QStringLiteral("Rebrand")};
    static const QStringList stages{QStringLiteral("Discovery"), QStringLiteral("Design"),
                                    QStringLiteral("Build"), QStringLiteral("Launch")};
    static const QStringList statuses{QStringLiteral("pending"), QStringLiteral("in_progress"),
                                      QStringLiteral("completed")};
    ++m_steps;
    const int dice = m_projects.size() < 3 ? 0 : int(m_random.bounded(100));
    QString what;
    if (dice < 20) {
        const QString name = names.at(m_random.bounded(names.size())) + QStringLiteral(" #%1").arg(m_steps);
        m_projects.append(insert(
            QStringLiteral("INSERT INTO projects (name, tier, status, client_id) VALUES ('%1', %2, "
                           "'active', (SELECT id FROM clients ORDER BY random() LIMIT 1)) RETURNING id")
                .arg(name)
                .arg(1 + m_random.bounded(3))));
        what = QStringLiteral("project created: ") + name;
    } else if (dice < 45) {
        const QString project = m_projects.at(m_random.bounded(m_projects.size()));
        m_milestones.append(
            insert(QStringLiteral("INSERT INTO milestones (project_id, name, status) VALUES ('%1', '%2', "
                                  "'pending') RETURNING id")
                       .arg(project, stages.at(m_random.bounded(stages.size())))));
        what = QStringLiteral("milestone added");
    } else if (dice < 70 && !m_milestones.isEmpty()) {
        const QString milestone = m_milestones.at(m_random.bounded(m_milestones.size()));
        const QString status = statuses.at(m_random.bounded(statuses.size()));
        insert(
            QStringLiteral(
                "UPDATE milestones SET status = '%1', completed_at = CASE WHEN '%1' = 'completed' THEN now() "
                "END WHERE id = '%2'")
                .arg(status, milestone));
        what = QStringLiteral("milestone ") + status;
    } else if (dice < 85) {
        const QString project = m_projects.at(m_random.bounded(m_projects.size()));
        insert(
            QStringLiteral(
                "INSERT INTO deliverables (project_id, name, category, file_url) VALUES ('%1', 'Draft %2', "
                "'Design', 'https://files.example.com/demo/draft-%2.pdf')")
                .arg(project)
                .arg(m_steps));
        what = QStringLiteral("deliverable uploaded");
    } else {
        const QString project = m_projects.at(m_random.bounded(m_projects.size()));
        insert(
            QStringLiteral("INSERT INTO payments (project_id, amount, status, received_at) VALUES ('%1', %2, "
                           "'received', now())")
                .arg(project)
                .arg(100 * (1 + m_random.bounded(50))));
        what = QStringLiteral("payment received");
    }
    Q_EMIT wrote(what);
}

} // namespace pgnotion
