#include "verify/DriftClassifier.h"

#include "notion/PropertyValueCodec.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace pgnotion {
namespace {

QString idOf(const QJsonObject &page) {
    return NotionApi::normalizeId(page.value(QStringLiteral("id")).toString());
}

QString idList(const QList<const QJsonObject *> &pages) {
    QStringList ids;
    for (const QJsonObject *page : pages)
        ids.append(idOf(*page));
    return ids.join(QStringLiteral(", "));
}

} // namespace

DriftClassifier::DriftClassifier(const QHash<QString, ResourceFacts> &facts, PageFetcher fetchPage)
    : m_facts(facts)
    , m_fetchPage(std::move(fetchPage)) {}

QString DriftClassifier::postgresIdOf(const QJsonObject &page, const QString &idProperty) {
    const QJsonObject property =
        page.value(QStringLiteral("properties")).toObject().value(idProperty).toObject();
    auto decoded = PropertyValueCodec::fromNotion(PropertyType::RichText, property);
    return decoded ? decoded.value().value.toString().trimmed() : QString();
}

QString DriftClassifier::displayValue(const QString &canonical) {
    const QJsonObject form = QJsonDocument::fromJson(canonical.toUtf8()).object();
    if (!form.contains(QStringLiteral("value")))
        return canonical; // not a canonical form: an error message, shown as it is
    const QByteArray json =
        QJsonDocument(QJsonArray{form.value(QStringLiteral("value"))}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

void DriftClassifier::indexResource(const QString &name) {
    const ResourceFacts &facts = m_facts.constFind(name).value();
    Index &index = m_indexes[name];
    for (const RowFacts &row : facts.rows) {
        index.rows.insert(row.key, &row);
        if (!row.pageId.isEmpty())
            index.tracked.insert(row.pageId);
    }
    for (const QJsonObject &page : facts.pages) {
        index.live.insert(idOf(page), &page);
        index.byPostgresId[postgresIdOf(page, facts.mapping->idProperty)].append(&page);
    }
}

DriftReport DriftClassifier::classify(const QStringList &order) {
    for (auto it = m_facts.cbegin(); it != m_facts.cend(); ++it)
        indexResource(it.key());
    DriftReport report;
    for (const QString &name : order) {
        if (!m_facts.contains(name))
            continue;
        // References into the hashes: nothing is inserted into them from here on.
        const ResourceFacts &facts = m_facts.constFind(name).value();
        const Index &index = m_indexes.constFind(name).value();
        report.resources.append({name, int(facts.rows.size()), int(facts.pages.size())});
        for (const RowFacts &row : facts.rows)
            classifyRow(facts, index, row, report);
        classifyOrphans(facts, index, report);
    }
    return report;
}

void DriftClassifier::classifyRow(const ResourceFacts &facts, const Index &index, const RowFacts &row,
                                  DriftReport &report) {
    Drift base;
    base.resource = facts.mapping->name;
    base.key = row.key;
    base.syncQueued = facts.queued.contains(row.key);
    // The pages carrying the row's key, except those another row tracks (that row's id property is
    // what differs there; adopting or trashing its page would break it).
    QList<const QJsonObject *> carriers;
    for (const QJsonObject *page : index.byPostgresId.value(row.key)) {
        if (idOf(*page) == row.pageId || !index.tracked.contains(idOf(*page)))
            carriers.append(page);
    }
    if (!row.error.isEmpty()) {
        Drift drift = base;
        drift.kind = DriftKind::RowError;
        drift.pageId = row.pageId;
        drift.detail = row.error;
        report.drifts.append(drift);
    }
    if (row.pageId.isEmpty()) {
        Drift drift = base;
        if (carriers.isEmpty()) {
            drift.kind = DriftKind::MissingPage;
            drift.detail =
                QStringLiteral("no page id stored and no page carries its %1").arg(facts.mapping->idProperty);
        } else {
            drift.kind = DriftKind::UnlinkedPage;
            drift.pageId = idOf(*carriers.first());
            drift.detail = QStringLiteral("pgnotion stores no page id for the row");
            if (carriers.size() > 1)
                drift.detail += QStringLiteral("; %1 pages carry its %2: %3")
                                    .arg(carriers.size())
                                    .arg(facts.mapping->idProperty, idList(carriers));
        }
        report.drifts.append(drift);
        return;
    }
    const QJsonObject *page = index.live.value(row.pageId);
    if (!page) {
        Drift drift = base;
        drift.kind = DriftKind::PageGone;
        drift.pageId = row.pageId;
        drift.detail = whereIsGonePage(row.pageId);
        if (!carriers.isEmpty())
            drift.detail += QStringLiteral("; untracked page(s) carrying its %1: %2")
                                .arg(facts.mapping->idProperty, idList(carriers));
        report.drifts.append(drift);
        return;
    }
    for (const QJsonObject *carrier : carriers) {
        if (idOf(*carrier) == row.pageId)
            continue;
        Drift drift = base;
        drift.kind = DriftKind::DuplicatePage;
        drift.pageId = idOf(*carrier);
        drift.detail =
            QStringLiteral("same %1; pgnotion tracks page %2").arg(facts.mapping->idProperty, row.pageId);
        report.drifts.append(drift);
    }
    if (row.error.isEmpty())
        compareProperties(facts, row, *page, report);
}

QString DriftClassifier::whereIsGonePage(const QString &pageId) {
    // One request per gone page says what an admin can do about it, up to a cap: a mass trashing must
    // not turn a verify into thousands of requests.
    if (!m_fetchPage || m_goneLookups >= kMaxGoneLookups)
        return QStringLiteral("not a live page of the data source: trashed or deleted in Notion");
    ++m_goneLookups;
    auto page = m_fetchPage(pageId);
    if (page && (page.value().value(QStringLiteral("in_trash")).toBool() ||
                 page.value().value(QStringLiteral("archived")).toBool()))
        return QStringLiteral("in Notion's trash (it can be restored there)");
    if (page)
        return QStringLiteral("the page exists but is not in the resource's data source (moved?)");
    if (page.error().code == QLatin1String("object_not_found"))
        return QStringLiteral("not found in Notion: deleted, or no longer shared with the integration");
    return QStringLiteral("not a live page of the data source (looking it up failed: %1)")
        .arg(page.error().describe());
}

QString DriftClassifier::actualCanonical(const QJsonObject &page, const QString &property,
                                         PropertyType type) {
    const QJsonObject properties = page.value(QStringLiteral("properties")).toObject();
    if (!properties.contains(property))
        return QStringLiteral("(the page has no such property)");
    auto canonical = PropertyValueCodec::canonicalForm(type, properties.value(property).toObject());
    if (!canonical && canonical.error().code == QLatin1String("incomplete_value") && m_fetchPage) {
        // More than 25 relation entries: the query listed only the first ones. Read the page whole once.
        const QString id = idOf(page);
        if (!m_fetched.contains(id)) {
            auto whole = m_fetchPage(id);
            m_fetched.insert(id, whole ? whole.value() : QJsonObject());
        }
        const QJsonObject wholeProperties =
            m_fetched.value(id).value(QStringLiteral("properties")).toObject();
        canonical = PropertyValueCodec::canonicalForm(type, wholeProperties.value(property).toObject());
    }
    return canonical ? canonical.value() : QStringLiteral("(unreadable: %1)").arg(canonical.error().message);
}

void DriftClassifier::compareProperties(const ResourceFacts &facts, const RowFacts &row,
                                        const QJsonObject &page, DriftReport &report) {
    QList<PropertyMapping> checked = facts.mapping->properties;
    PropertyMapping idProperty;
    idProperty.property = facts.mapping->idProperty;
    idProperty.type = PropertyType::RichText;
    checked.append(idProperty); // a tracked page that carries another row's key is drift too
    for (const PropertyMapping &property : std::as_const(checked)) {
        const QString actual = actualCanonical(page, property.property, property.type);
        if (property.type == PropertyType::Relation) {
            compareRelation(facts, row, property, actual, report);
            continue;
        }
        const QString expected = row.expected.value(property.property);
        if (expected == actual)
            continue;
        Drift drift;
        drift.resource = facts.mapping->name;
        drift.key = row.key;
        drift.pageId = row.pageId;
        drift.kind = DriftKind::PropertyDiffers;
        drift.property = property.property;
        drift.expected = displayValue(expected);
        drift.actual = displayValue(actual);
        drift.syncQueued = facts.queued.contains(row.key);
        if (facts.mapping->inboundRule(property.property) && row.synced.contains(property.property) &&
            row.synced.value(property.property) != actual) {
            drift.notionEdit = true;
            drift.detail =
                QStringLiteral("edited in Notion since the last sync: the inbound rule brings it to "
                               "Postgres");
        }
        report.drifts.append(drift);
    }
}

void DriftClassifier::compareRelation(const ResourceFacts &facts, const RowFacts &row,
                                      const PropertyMapping &property, const QString &actual,
                                      DriftReport &report) {
    Drift drift;
    drift.resource = facts.mapping->name;
    drift.key = row.key;
    drift.pageId = row.pageId;
    drift.kind = DriftKind::BrokenRelation;
    drift.property = property.property;
    drift.actual = displayValue(actual);
    drift.syncQueued = facts.queued.contains(row.key);
    const QString relatedKey = row.relations.value(property.property);
    const QString related = property.relationResource;
    static const Index kNoRows;
    const auto found = m_indexes.constFind(related);
    const Index &relatedIndex = found != m_indexes.cend() ? found.value() : kNoRows;
    QString relatedPage;
    if (!relatedKey.isEmpty()) {
        const RowFacts *relatedRow = relatedIndex.rows.value(relatedKey);
        relatedPage = relatedRow ? relatedRow->pageId : QString();
        if (relatedPage.isEmpty()) {
            drift.expected = QStringLiteral("the page of %1 %2").arg(related, relatedKey);
            drift.detail = QStringLiteral("%1 %2 has no page yet").arg(related, relatedKey);
            report.drifts.append(drift);
            return;
        }
    }
    const QStringList target = relatedPage.isEmpty() ? QStringList() : QStringList{relatedPage};
    auto expected = PropertyValueCodec::canonicalForm(PropertyType::Relation, QVariant(target));
    drift.expected = expected ? displayValue(expected.value()) : expected.error().message;
    if (expected && expected.value() != actual) {
        if (!relatedKey.isEmpty())
            drift.detail = QStringLiteral("should point at the page of %1 %2").arg(related, relatedKey);
        report.drifts.append(drift);
    } else if (!relatedPage.isEmpty() && !relatedIndex.live.contains(relatedPage)) {
        drift.detail =
            QStringLiteral("the page of %1 %2 is trashed or deleted in Notion").arg(related, relatedKey);
        report.drifts.append(drift);
    }
}

void DriftClassifier::classifyOrphans(const ResourceFacts &facts, const Index &index, DriftReport &report) {
    for (const QJsonObject &page : facts.pages) {
        const QString id = idOf(page);
        const QString key = postgresIdOf(page, facts.mapping->idProperty);
        if (index.tracked.contains(id) || (!key.isEmpty() && index.rows.contains(key)))
            continue;
        Drift drift;
        drift.resource = facts.mapping->name;
        drift.key = key;
        drift.pageId = id;
        drift.kind = DriftKind::OrphanPage;
        drift.rowDeleted = !key.isEmpty() && facts.syncedPages.contains(key);
        drift.syncQueued = !key.isEmpty() && facts.queued.contains(key);
        if (key.isEmpty())
            drift.detail = QStringLiteral("the page has no %1: made in Notion, not by pgnotion")
                               .arg(facts.mapping->idProperty);
        else if (drift.rowDeleted)
            drift.detail = QStringLiteral("the row was deleted after pgnotion synced it");
        else
            drift.detail = QStringLiteral("no row has this key");
        report.drifts.append(drift);
    }
}

} // namespace pgnotion
