#pragma once

#include "notion/NotionApi.h"
#include "verify/DriftReport.h"
#include "verify/VerifyFacts.h"

#include <QHash>
#include <QJsonObject>

#include <functional>

namespace pgnotion {

// Compares what a verify gathered, resource by resource: which row has which page (by the page id
// pgnotion stores and by the Postgres ID the pages carry), then every property of each tracked page
// against what the row would send, in canonical forms (never raw JSON: text splitting, key order, time
// offsets and id dashes do not count as drift).
class DriftClassifier {
public:
    // Reads a whole page: a query lists at most 25 relation entries per page; past that the full
    // value is needed before comparing.
    using PageFetcher = std::function<NotionResult<QJsonObject>(const QString &pageId)>;

    DriftClassifier(const QHash<QString, ResourceFacts> &facts, PageFetcher fetchPage);

    // `order`: the resources to report on, in this order.
    DriftReport classify(const QStringList &order);

    // The id property's text of a page (its Postgres key), empty when it has none.
    static QString postgresIdOf(const QJsonObject &page, const QString &idProperty);
    // A canonical form as a person reads it: the value alone ("Tier 2", 42, ["…"], null).
    static QString displayValue(const QString &canonical);

private:
    struct Index {
        QHash<QString, const RowFacts *> rows;                   // key -> row
        QHash<QString, const QJsonObject *> live;                // normalised page id -> page
        QHash<QString, QList<const QJsonObject *>> byPostgresId; // Postgres ID -> pages, oldest first
        QSet<QString> tracked;                                   // page ids rows point at
    };
    void indexResource(const QString &name);
    void classifyRow(const ResourceFacts &facts, const Index &index, const RowFacts &row,
                     DriftReport &report);
    void compareProperties(const ResourceFacts &facts, const RowFacts &row, const QJsonObject &page,
                           DriftReport &report);
    void compareRelation(const ResourceFacts &facts, const RowFacts &row, const PropertyMapping &property,
                         const QString &actual, DriftReport &report);
    QString actualCanonical(const QJsonObject &page, const QString &property, PropertyType type);
    QString whereIsGonePage(const QString &pageId);
    void classifyOrphans(const ResourceFacts &facts, const Index &index, DriftReport &report);

    const QHash<QString, ResourceFacts> &m_facts;
    PageFetcher m_fetchPage;
    QHash<QString, Index> m_indexes;
    QHash<QString, QJsonObject> m_fetched; // pages read whole, by id
    int m_goneLookups = 0;
    static constexpr int kMaxGoneLookups = 25;
};

} // namespace pgnotion
