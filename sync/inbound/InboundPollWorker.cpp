#include "inbound/InboundPollWorker.h"

#include "db/DatabaseConnection.h"
#include "notion/NotionApi.h"

#include <QTimer>

namespace pgnotion {

InboundPollWorker::InboundPollWorker(DatabaseUrl url, std::shared_ptr<const Mapping> mapping,
                                     QHash<QString, QString> dataSources, NotionClientOptions notion,
                                     std::chrono::milliseconds interval, std::chrono::seconds overlap)
    : m_url(std::move(url))
    , m_notion(std::move(notion))
    , m_interval(interval)
    , m_scanner(std::move(mapping), std::move(dataSources), overlap) {
    // Every engine sharing the queue runs a poller; a data source polled by another within most of an
    // interval is not asked again (timers drift, hence not the whole interval).
    m_scanner.shareWithOtherProcesses(interval * 4 / 5);
}

InboundPollWorker::~InboundPollWorker() = default;

void InboundPollWorker::start() {
    if (!m_timer) {
        m_timer = new QTimer(this);
        m_timer->setInterval(m_interval);
        connect(m_timer, &QTimer::timeout, this, &InboundPollWorker::pollNow);
    }
    m_timer->start();
    pollNow();
}

void InboundPollWorker::pollNow() {
    // The Notion client waits in a local event loop: a timer tick or a pollNow() can arrive during a poll.
    if (m_polling || m_stopped)
        return;
    m_polling = true;
    if (!m_connection || !m_connection->isOpen()) {
        m_connection = std::make_unique<DatabaseConnection>(m_url, QStringLiteral("inbound-poller"));
        if (auto opened = m_connection->open(); !opened) {
            m_connection.reset();
            m_polling = false;
            Q_EMIT errorOccurred(QStringLiteral("Polling Notion: %1").arg(opened.error().message));
            if (m_stopPending)
                finishStop();
            return;
        }
    }
    if (!m_api) {
        m_client = std::make_unique<NotionClient>(m_notion);
        m_api = std::make_unique<NotionApi>(*m_client);
    }
    const InboundPollReport report = m_scanner.poll(*m_api, m_connection->database());
    m_polling = false;
    if (!report.problems.isEmpty()) {
        // A lost connection shows up as a failed statement: reconnect on the next poll, to be safe.
        m_connection.reset();
        Q_EMIT errorOccurred(
            QStringLiteral("Polling Notion: %1").arg(report.problems.join(QStringLiteral("; "))));
    }
    Q_EMIT polled(report);
    if (m_stopPending)
        finishStop();
}

void InboundPollWorker::stop() {
    if (m_stopped)
        return;
    m_stopPending = true;
    if (m_timer)
        m_timer->stop();
    if (!m_polling)
        finishStop();
}

void InboundPollWorker::finishStop() {
    if (m_stopped)
        return;
    m_stopped = true;
    m_api.reset();
    m_client.reset();
    m_connection.reset();
    Q_EMIT stopped();
}

} // namespace pgnotion
