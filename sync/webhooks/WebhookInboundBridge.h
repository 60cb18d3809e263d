#pragma once

#include "common/Result.h"
#include "mapping/Mapping.h"

#include <QObject>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <memory>

namespace pgnotion {

// Turns a webhook's page change into the same notion_to_postgres job the inbound poller queues, so that an
// edit made in Notion reaches Postgres within seconds instead of at the next poll. Only pages pgnotion
// already knows (sync_state.notion_page_id) of a resource with inbound rules are queued; an unknown page
// is left to polling, which also reads its Postgres ID. The queue's coalescing keeps one waiting job per
// row however often Notion delivers, and the job's handler fetches the page itself, so the event's
// payload needs nothing but the page id.
//
// Each event runs on a pool thread with a connection of its own; the receiver's thread never waits on the
// database.
//
//   auto bridge = new WebhookInboundBridge(databaseUrl, mapping, this);
//   connect(receiver, &NotionWebhookReceiver::pageChanged, bridge, &WebhookInboundBridge::onPageChanged);
class WebhookInboundBridge : public QObject {
    Q_OBJECT
public:
    WebhookInboundBridge(QString databaseUrl, std::shared_ptr<const Mapping> mapping,
                         QObject *parent = nullptr);

    // Events handed to the pool and not finished yet (tests wait for 0).
    int pendingEvents() const { return m_pending; }

public Q_SLOTS:
    void onPageChanged(const QString &pageId, const QString &parentId, const QString &eventType);

Q_SIGNALS:
    // A notion_to_postgres job waits for this row (new, or the waiting one coalesced).
    void queued(const QString &resourceType, const QString &key);
    // An event handled without queueing anything (unknown page, no inbound rules, deletion).
    void ignored(const QString &pageId, const QString &reason);
    void errorOccurred(const QString &message);

private:
    struct Outcome {
        QString resourceType; // empty: nothing queued, `reason` says why
        QString key;
        QString reason;
    };
    static Result<Outcome> enqueue(QSqlDatabase database, const Mapping &mapping, const QString &pageId);

    const QString m_databaseUrl;
    const std::shared_ptr<const Mapping> m_mapping;
    int m_pending = 0;
};

} // namespace pgnotion
