#include "inbound/InboundScanner.h"

#include "db/DatabaseConnection.h"
#include "inbound/InboundCursors.h"
#include "inbound/InboundValues.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace pgnotion {

namespace {

QDateTime notionTime(const QJsonObject &page) {
    QDateTime time =
        QDateTime::fromString(page.value(QStringLiteral("last_edited_time")).toString(), Qt::ISODateWithMs);
    return time.toUTC();
}

struct Candidate {
    QString pageId;
    QString key;
    QDateTime lastEdited;
    QJsonObject properties;            // the inbound properties, as the page has them
    QHash<QString, QString> canonical; // property -> canonical form
};

} // namespace

InboundScanner::InboundScanner(std::shared_ptr<const Mapping> mapping, QHash<QString, QString> dataSources,
                               std::chrono::seconds overlap)
    : m_mapping(std::move(mapping))
    , m_dataSources(std::move(dataSources))
    , m_overlap(overlap) {}

InboundPollReport InboundScanner::poll(NotionApi &api, QSqlDatabase database) {
    InboundPollReport report;
    for (const ResourceMapping &resource : m_mapping->resources) {
        if (!resource.enabled || !resource.hasOwnPage() || resource.inbound.isEmpty())
            continue;
        const QString dataSource = m_dataSources.value(resource.name);
        if (dataSource.isEmpty()) {
            report.problems.append(
                QStringLiteral("%1: no Notion data source resolved for it").arg(resource.name));
            continue;
        }
        if (m_sharedGap.count() > 0) {
            auto claimed = InboundCursors::claimPoll(database, resource.name, dataSource, m_sharedGap);
            if (!claimed) {
                report.problems.append(QStringLiteral("%1: %2").arg(resource.name, claimed.error().message));
                continue;
            }
            if (!claimed.value()) {
                ++report.polledElsewhere;
                continue;
            }
        }
        auto counts = pollResource(resource, dataSource, api, database);
        if (!counts) {
            report.problems.append(QStringLiteral("%1: %2").arg(resource.name, counts.error().message));
            continue;
        }
        ++report.dataSources;
        report.pagesSeen += counts.value().pages;
        report.changesQueued += counts.value().queued;
    }
    report.finishedAt = QDateTime::currentDateTimeUtc();
    return report;
}

Result<InboundScanner::Counts> InboundScanner::pollResource(const ResourceMapping &resource,
                                                            const QString &dataSourceId, NotionApi &api,
                                                            QSqlDatabase database) {
    auto cursor = InboundCursors::load(database, resource.name, dataSourceId);
    if (!cursor)
        return cursor.error();
    QJsonObject filter;
    if (cursor.value()) {
        const QDateTime from = cursor.value()->addSecs(-qint64(m_overlap.count()));
        filter =
            QJsonObject{{QStringLiteral("timestamp"), QStringLiteral("last_edited_time")},
                        {QStringLiteral("last_edited_time"),
                         QJsonObject{{QStringLiteral("on_or_after"), from.toString(Qt::ISODateWithMs)}}}};
    }
    const QJsonArray sorts{QJsonObject{{QStringLiteral("timestamp"), QStringLiteral("last_edited_time")},
                                       {QStringLiteral("direction"), QStringLiteral("ascending")}}};
    auto pages = api.queryAll(dataSourceId, filter, sorts);
    if (!pages)
        return Error{
            QStringLiteral("querying data source %1: %2").arg(dataSourceId, pages.error().describe()),
            pages.error().code};

    Counts counts;
    std::optional<QDateTime> newest = cursor.value();
    QList<Candidate> candidates;
    for (const QJsonObject &page : pages.value()) {
        ++counts.pages;
        const QDateTime edited = notionTime(page);
        if (edited.isValid() && (!newest || edited > *newest))
            newest = edited;
        if (page.value(QStringLiteral("in_trash")).toBool() ||
            page.value(QStringLiteral("archived")).toBool())
            continue;
        const QJsonObject properties = page.value(QStringLiteral("properties")).toObject();
        Candidate candidate;
        candidate.pageId = page.value(QStringLiteral("id")).toString();
        candidate.key = InboundValues::plainText(properties.value(resource.idProperty).toObject());
        candidate.lastEdited = edited;
        if (candidate.key.isEmpty())
            continue; // not one of pgnotion's pages (no Postgres ID): nothing to write it to
        for (const InboundRule &rule : resource.inbound) {
            if (!properties.contains(rule.property))
                continue;
            const QJsonObject value = properties.value(rule.property).toObject();
            auto canonical = InboundValues::canonical(value);
            if (!canonical)
                continue; // the handler reports it if the page ever needs writing
            candidate.properties.insert(rule.property, value);
            candidate.canonical.insert(rule.property, canonical.value());
        }
        if (!candidate.properties.isEmpty())
            candidates.append(candidate);
    }

    QStringList keys;
    QStringList pageIds;
    for (const Candidate &candidate : std::as_const(candidates)) {
        keys.append(candidate.key);
        pageIds.append(candidate.pageId);
    }
    auto synced = InboundCursors::syncedValues(database, resource.name, keys);
    if (!synced)
        return synced.error();
    auto queued = InboundCursors::signatures(database, resource.name, pageIds);
    if (!queued)
        return queued.error();

    if (!database.transaction())
        return Error{database.lastError().text(), database.lastError().nativeErrorCode()};
    auto fail = [&database](const Error &error) -> Result<Counts> {
        database.rollback();
        return error;
    };
    for (const Candidate &candidate : std::as_const(candidates)) {
        const QHash<QString, QString> base = synced.value().value(candidate.key);
        QJsonObject signature;
        bool differs = false;
        for (auto it = candidate.canonical.cbegin(); it != candidate.canonical.cend(); ++it) {
            differs = differs || base.value(it.key()) != it.value();
            signature.insert(it.key(), QJsonArray{it.value(), base.value(it.key())});
        }
        if (!differs)
            continue; // as last synced: the integration's own write, or an edit already applied
        const QString hash = QString::fromLatin1(
            QCryptographicHash::hash(QJsonDocument(signature).toJson(QJsonDocument::Compact),
                                     QCryptographicHash::Sha256)
                .toHex());
        if (queued.value().value(candidate.pageId) == hash)
            continue; // queued with these very values already (the overlap, or a job that failed)
        const QJsonObject payload{
            {QStringLiteral("page_id"), candidate.pageId},
            {QStringLiteral("last_edited_time"), candidate.lastEdited.toString(Qt::ISODate)},
            {QStringLiteral("properties"), candidate.properties}};
        QSqlQuery enqueue(database);
        enqueue.prepare(
            QStringLiteral("SELECT pgnotion.enqueue(?, ?, 'notion_to_postgres', (-1)::smallint, ?::jsonb)"));
        enqueue.addBindValue(resource.name);
        enqueue.addBindValue(candidate.key);
        enqueue.addBindValue(QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact)));
        if (!enqueue.exec())
            return fail(sqlError(
                enqueue,
                QStringLiteral("Queueing the Notion change of %1 %2").arg(resource.name, candidate.key)));
        if (auto remembered = InboundCursors::remember(database, resource.name, candidate.pageId,
                                                       candidate.key, hash, candidate.lastEdited);
            !remembered)
            return fail(remembered.error());
        ++counts.queued;
    }
    if (auto saved =
            InboundCursors::save(database, resource.name, dataSourceId, newest, counts.pages, counts.queued);
        !saved)
        return fail(saved.error());
    if (!database.commit())
        return fail(Error{database.lastError().text(), database.lastError().nativeErrorCode()});
    return counts;
}

} // namespace pgnotion
