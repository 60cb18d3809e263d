#include "inbound/InboundGuard.h"

#include "inbound/InboundValues.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace pgnotion {

using namespace std::chrono_literals;

NotionResult<bool> InboundGuard::notionEditPending(NotionApi &api, const ResourceMapping &resource,
                                                   const QString &pageId, const QStringList &changed,
                                                   const QMap<QString, QString> &synced,
                                                   const QMap<QString, QString> &sending) {
    QStringList guarded;
    for (const QString &property : changed) {
        if (resource.inboundRule(property) && synced.contains(property))
            guarded.append(property);
    }
    if (guarded.isEmpty())
        return false;
    auto page = api.retrievePage(pageId);
    if (!page)
        return page.error();
    const QJsonObject properties = page.value().value(QStringLiteral("properties")).toObject();
    for (const QString &property : std::as_const(guarded)) {
        if (!properties.contains(property))
            continue;
        auto canonical = InboundValues::canonical(properties.value(property).toObject());
        if (canonical && canonical.value() != synced.value(property) &&
            canonical.value() != sending.value(property))
            return true;
    }
    return false;
}

std::optional<JobResult> InboundGuard::deferOutbound(QSqlDatabase database, const QString &resource,
                                                     const QString &key, const QString &pageId) {
    auto failed = [](FailureKind kind, const QString &code, const QString &message) {
        return JobResult::failed(JobFailure{kind, message, code, 0, {}, 2s});
    };
    QSqlQuery query(database);
    query.prepare(QStringLiteral(
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM pgnotion.sync_queue WHERE coalesce_key = "
        "pgnotion.coalesce_key(?, ?, 'notion_to_postgres') AND status = 'dead') THEN NULL ELSE "
        "pgnotion.enqueue(?, ?, 'notion_to_postgres', (-1)::smallint, ?::jsonb) END"));
    query.addBindValue(resource);
    query.addBindValue(key);
    query.addBindValue(resource);
    query.addBindValue(key);
    query.addBindValue(QString::fromUtf8(
        QJsonDocument(
            QJsonObject{{QStringLiteral("page_id"), pageId},
                        {QStringLiteral("reason"), QStringLiteral("edited in Notion before an update")}})
            .toJson(QJsonDocument::Compact)));
    if (!query.exec() || !query.next())
        return failed(FailureKind::Transient, QStringLiteral("database_error"), query.lastError().text());
    if (query.isNull(0))
        return std::nullopt;
    return failed(FailureKind::Deferred, QStringLiteral("waiting_for_inbound"),
                  QStringLiteral("%1 %2 was edited in Notion too: its Notion edit is compared first")
                      .arg(resource, key));
}

} // namespace pgnotion
