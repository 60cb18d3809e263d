#include "DemoWorkload.h"

#include "db/DatabaseConnection.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSqlQuery>
#include <QTimer>

namespace pgnotion {

DemoWorkload::DemoWorkload(DatabaseUrl url, QUrl notionBaseUrl, QString notionToken, QObject *parent)
    : QObject(parent)
    , m_url(std::move(url))
    , m_notionBaseUrl(std::move(notionBaseUrl))
    , m_notionToken(std::move(notionToken)) {}

DemoWorkload::~DemoWorkload() = default;

void DemoWorkload::start() {
    m_connection = std::make_unique<DatabaseConnection>(m_url, QStringLiteral("demo-workload"));
    if (auto opened = m_connection->open(); !opened) {
        Q_EMIT failed(opened.error().message);
        return;
    }
    m_network = new QNetworkAccessManager(this);
    exec(QStringLiteral("INSERT INTO tiers (level, name) VALUES (1, 'Starter'), (2, 'Studio'), (3, 'Agency') "
                        "ON CONFLICT DO NOTHING"));
    exec(QStringLiteral("INSERT INTO clients (name, email) SELECT n, lower(n) || '@example.com' FROM "
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
    delete m_network; // aborts a request in flight
    m_network = nullptr;
    m_connection.reset();
}

QString DemoWorkload::exec(const QString &sql, const QVariantList &values) {
    QSqlQuery query(m_connection->database());
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec()) {
        Q_EMIT failed(sqlError(query, QStringLiteral("Demo workload")).message);
        return {};
    }
    return query.next() ? query.value(0).toString() : QString();
}

void DemoWorkload::step() {
    ++m_steps;
    const int dice = m_projects.size() < 3 ? 0 : int(m_random.bounded(100));
    const QString what = dice >= 92 ? completeTaskInNotion() : writeProjectChange(dice);
    if (!what.isEmpty())
        Q_EMIT wrote(what);
}

QString DemoWorkload::writeProjectChange(int dice) {
    static const QStringList names{QStringLiteral("Website"),      QStringLiteral("Brand book"),
                                   QStringLiteral("Shop"),         QStringLiteral("Mobile app"),
                                   QStringLiteral("Launch video"), QStringLiteral("Rebrand")};
    static const QStringList stages{QStringLiteral("Discovery"), QStringLiteral("Design"),
                                    QStringLiteral("Build"), QStringLiteral("Launch")};
    static const QStringList statuses{QStringLiteral("pending"), QStringLiteral("in_progress"),
                                      QStringLiteral("completed")};
    if (dice < 20) {
        const QString name = names.at(m_random.bounded(names.size())) + QStringLiteral(" #%1").arg(m_steps);
        m_projects.append(exec(
            QStringLiteral("INSERT INTO projects (name, tier, status, client_id) VALUES (?, ?, 'active', "
                           "(SELECT id FROM clients ORDER BY random() LIMIT 1)) RETURNING id"),
            {name, 1 + m_random.bounded(3)}));
        return QStringLiteral("project created: ") + name;
    }
    const QString project = m_projects.at(m_random.bounded(m_projects.size()));
    if (dice < 45) {
        m_milestones.append(exec(QStringLiteral("INSERT INTO milestones (project_id, name, status) VALUES "
                                                "(?::uuid, ?, 'pending') RETURNING id"),
                                 {project, stages.at(m_random.bounded(stages.size()))}));
        return QStringLiteral("milestone added");
    }
    if (dice < 70 && !m_milestones.isEmpty()) {
        const QString status = statuses.at(m_random.bounded(statuses.size()));
        exec(QStringLiteral(
                 "UPDATE milestones SET status = ?, completed_at = CASE WHEN ? = 'completed' THEN now() "
                 "END WHERE id = ?::uuid"),
             {status, status, m_milestones.at(m_random.bounded(m_milestones.size()))});
        return QStringLiteral("milestone ") + status;
    }
    if (dice < 85) {
        exec(QStringLiteral(
                 "INSERT INTO deliverables (project_id, name, category, file_url) VALUES (?::uuid, ?, "
                 "'Design', ?)"),
             {project, QStringLiteral("Draft %1").arg(m_steps),
              QStringLiteral("https://files.example.com/demo/draft-%1.pdf").arg(m_steps)});
        return QStringLiteral("deliverable uploaded");
    }
    exec(QStringLiteral("INSERT INTO payments (project_id, amount, status, received_at) VALUES (?::uuid, ?, "
                        "'received', now())"),
         {project, 100 * (1 + m_random.bounded(50))});
    return QStringLiteral("payment received");
}

// A teammate ticks a task off in Notion: the inbound sync brings it back to Postgres.
QString DemoWorkload::completeTaskInNotion() {
    const QString page =
        exec(QStringLiteral("SELECT notion_page_id FROM milestones WHERE notion_page_id IS NOT "
                            "NULL AND status <> 'completed' ORDER BY random() LIMIT 1"));
    if (page.isEmpty() || !m_network)
        return {};
    QNetworkRequest request(m_notionBaseUrl.resolved(QUrl(QStringLiteral("/v1/pages/") + page)));
    request.setRawHeader("Authorization", "Bearer " + m_notionToken.toUtf8());
    request.setRawHeader("Notion-Version", "2025-09-03");
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    const QJsonObject done{
        {QStringLiteral("status"), QJsonObject{{QStringLiteral("name"), QStringLiteral("Done")}}}};
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("properties"),
                                                       QJsonObject{{QStringLiteral("Status"), done}}}})
                                .toJson(QJsonDocument::Compact);
    QNetworkReply *reply = m_network->sendCustomRequest(request, "PATCH", body);
    connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    return QStringLiteral("task completed in Notion by a teammate");
}

} // namespace pgnotion
