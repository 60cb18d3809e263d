#include "webhooks/WebhookInboundBridge.h"

#include "db/DatabaseConnection.h"

#include <QDateTime>
#include <QFutureWatcher>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QPromise>
#include <QSqlQuery>
#include <QThreadPool>

namespace pgnotion {
namespace {

Q_LOGGING_CATEGORY(lcBridge, "pgnotion.webhooks.bridge")

// Notion writes a page id with dashes, a hand-made or older one may come without: both spellings are
// looked up, each through sync_state's page index.
QString bareId(const QString &id) {
    return QString(id).remove(QLatin1Char('-')).toLower();
}

QString dashedId(const QString &id) {
    const QString bare = bareId(id);
    if (bare.size() != 32)
        return id;
    return QStringList{bare.mid(0, 8), bare.mid(8, 4), bare.mid(12, 4), bare.mid(16, 4), bare.mid(20)}.join(
        QLatin1Char('-'));
}

} // namespace

WebhookInboundBridge::WebhookInboundBridge(QString databaseUrl, std::shared_ptr<const Mapping> mapping,
                                           QObject *parent)
    : QObject(parent)
    , m_databaseUrl(std::move(databaseUrl))
    , m_mapping(std::move(mapping)) {}

void WebhookInboundBridge::onPageChanged(const QString &pageId, const QString &parentId,
                                         const QString &eventType) {
    if (eventType == QLatin1String("page.deleted")) {
        // Deletions do not flow back to Postgres (yet): the row stays, verify reports the missing page.
        qCInfo(lcBridge) << "page" << pageId << "deleted in Notion; deletions are not applied to Postgres";
        Q_EMIT ignored(pageId, QStringLiteral("deletions do not flow back"));
        return;
    }
    if (!m_mapping || pageId.isEmpty())
        return;
    qCDebug(lcBridge) << eventType << "on page" << pageId << "parent" << parentId;
    ++m_pending;
    using Answer = Result<Outcome>;
    auto promise = std::make_shared<QPromise<Answer>>();
    // The watcher belongs to this bridge: an answer arriving after it is gone is dropped.
    auto *watcher = new QFutureWatcher<Answer>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, pageId] {
        const Answer answer = watcher->result();
        watcher->deleteLater();
        --m_pending;
        if (!answer) {
            qCWarning(lcBridge) << "page" << pageId << ":" << answer.error().message;
            Q_EMIT errorOccurred(
                tr("Queueing the webhook change of page %1: %2").arg(pageId, answer.error().message));
            return;
        }
        const Outcome &outcome = answer.value();
        if (outcome.resourceType.isEmpty()) {
            qCDebug(lcBridge) << "page" << pageId << "ignored:" << outcome.reason;
            Q_EMIT ignored(pageId, outcome.reason);
            return;
        }
        Q_EMIT queued(outcome.resourceType, outcome.key);
    });
    watcher->setFuture(promise->future());
    promise->start();
    QThreadPool::globalInstance()->start([promise, url = m_databaseUrl, mapping = m_mapping, pageId] {
        promise->addResult(withConnection(url, QStringLiteral("webhooks"), [&](QSqlDatabase database) {
            return enqueue(database, *mapping, pageId);
        }));
        promise->finish();
    });
}

Result<WebhookInboundBridge::Outcome>
WebhookInboundBridge::enqueue(QSqlDatabase database, const Mapping &mapping, const QString &pageId) {
    QSqlQuery find(database);
    find.setForwardOnly(true);
    find.prepare(QStringLiteral("SELECT resource_type, resource_id FROM pgnotion.sync_state "
                                "WHERE notion_page_id IN (?, ?) ORDER BY resource_type"));
    find.addBindValue(dashedId(pageId));
    find.addBindValue(bareId(pageId));
    if (!find.exec())
        return sqlError(find, QStringLiteral("Looking up the Notion page %1").arg(pageId));
    Outcome outcome;
    outcome.reason = QStringLiteral("not a page pgnotion has synced (polling reads new pages)");
    while (find.next()) {
        const QString type = find.value(0).toString();
        const ResourceMapping *resource = mapping.resource(type);
        if (!resource || !resource->enabled || resource->inbound.isEmpty()) {
            outcome.reason = QStringLiteral("%1 has no inbound rules").arg(type);
            continue;
        }
        outcome.resourceType = type;
        outcome.key = find.value(1).toString();
        break;
    }
    if (outcome.resourceType.isEmpty())
        return outcome;
    // As the poller queues it: same function, direction and priority, so the queue coalesces a webhook
    // job with a waiting polled one (and with the next delivery about the same page).
    const QJsonObject payload{{QStringLiteral("page_id"), pageId},
                              {QStringLiteral("source"), QStringLiteral("webhook")}};
    QSqlQuery enqueue(database);
    enqueue.prepare(
        QStringLiteral("SELECT pgnotion.enqueue(?, ?, 'notion_to_postgres', (-1)::smallint, ?::jsonb)"));
    enqueue.addBindValue(outcome.resourceType);
    enqueue.addBindValue(outcome.key);
    enqueue.addBindValue(QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact)));
    if (!enqueue.exec())
        return sqlError(
            enqueue,
            QStringLiteral("Queueing the Notion change of %1 %2").arg(outcome.resourceType, outcome.key));
    return outcome;
}

} // namespace pgnotion
