#include "QueryEngine.h"

#include "ApiError.h"
#include "JsonText.h"
#include "NotionIds.h"
#include "RichText.h"

#include <QJsonArray>

#include <algorithm>

namespace notionemu {

using namespace Qt::StringLiterals;

namespace {

[[noreturn]] void invalid(const QString &path, const QString &expectation, const QJsonValue &actual) {
    throw ApiError::validation(u"body failed validation: "_s + path + u" should be "_s + expectation +
                               u", instead was `"_s + describeJson(actual) + u"`."_s);
}

bool isTextType(const QString &type) {
    return type == u"title"_s || type == u"rich_text"_s || type == u"url"_s || type == u"email"_s ||
           type == u"phone_number"_s;
}

bool isDateType(const QString &type) {
    return type == u"date"_s || type == u"created_time"_s || type == u"last_edited_time"_s;
}

QString textOf(const QJsonObject &value) {
    const QJsonValue inner = value.value(value.value(u"type"_s).toString());
    return inner.isArray() ? RichText::plainText(inner.toArray()) : inner.toString();
}

// The moment a date value starts, and whether it carries a time.
QDateTime momentOf(const QString &text, bool *dateOnly = nullptr) {
    if (dateOnly)
        *dateOnly = text.size() == 10;
    if (text.size() == 10)
        return QDateTime(QDate::fromString(text, u"yyyy-MM-dd"_s), QTime(0, 0), Qt::UTC);
    return QDateTime::fromString(text, Qt::ISODateWithMs).toUTC();
}

QString dateTextOf(const QJsonObject &value) {
    const QJsonValue inner = value.value(value.value(u"type"_s).toString());
    return inner.isObject() ? inner.toObject().value(u"start"_s).toString() : inner.toString();
}

int compareDates(const QString &valueText, const QString &filterText) {
    bool filterIsDate = false;
    const QDateTime filterMoment = momentOf(filterText, &filterIsDate);
    const QDateTime valueMoment = momentOf(valueText);
    if (filterIsDate) {
        const QDate a = valueMoment.date(), b = filterMoment.date();
        return a < b ? -1 : (a > b ? 1 : 0);
    }
    return valueMoment < filterMoment ? -1 : (valueMoment > filterMoment ? 1 : 0);
}

} // namespace

QueryEngine::QueryEngine(const Workspace &workspace, const DataSourceRecord &dataSource)
    : m_workspace(workspace)
    , m_dataSource(dataSource)
    , m_renderer(workspace) {}

QStringList QueryEngine::run(const QJsonValue &filter, const QJsonValue &sorts, bool inTrash) const {
    if (!filter.isUndefined() && !filter.isNull() && !filter.isObject())
        invalid(u"body.filter"_s, u"an object"_s, filter);
    if (!sorts.isUndefined() && !sorts.isArray())
        invalid(u"body.sorts"_s, u"an array"_s, sorts);
    QList<const PageRecord *> selected;
    for (const QString &id : m_workspace.pageOrder) {
        const PageRecord &page = *m_workspace.pages.constFind(id);
        if (page.dataSourceId != m_dataSource.id || page.inTrash != inTrash)
            continue;
        if (filter.isObject() && !matches(page, filter.toObject(), u"body.filter"_s, 0))
            continue;
        selected.append(&page);
    }
    const QJsonArray sortList = sorts.toArray();
    for (qsizetype i = 0; i < sortList.size(); ++i) {
        // Checked before any comparison, so that a bad sort fails even on an empty data source.
        const QJsonObject sort = sortList.at(i).toObject();
        const QString path = u"body.sorts["_s + QString::number(i) + u']';
        if (!sort.contains(u"timestamp"_s) && !m_dataSource.find(sort.value(u"property"_s).toString()))
            throw ApiError::validation(u"Could not find sort property with name or id: "_s +
                                       sort.value(u"property"_s).toString());
        const QString direction = sort.value(u"direction"_s).toString();
        if (direction != u"ascending"_s && direction != u"descending"_s)
            invalid(path + u".direction"_s, u"`\"ascending\"` or `\"descending\"`"_s,
                    sort.value(u"direction"_s));
        if (!m_workspace.pages.isEmpty())
            valueFor(*m_workspace.pages.constBegin(), sort, path);
    }
    if (!sortList.isEmpty())
        std::stable_sort(selected.begin(), selected.end(),
                         [&](const PageRecord *left, const PageRecord *right) {
                             return compare(*left, *right, sortList) < 0;
                         });
    QStringList ids;
    for (const PageRecord *page : selected)
        ids.append(page->id);
    return ids;
}

QJsonObject QueryEngine::valueFor(const PageRecord &page, const QJsonObject &sortOrFilter,
                                  const QString &path) const {
    if (sortOrFilter.contains(u"timestamp"_s)) {
        const QString timestamp = sortOrFilter.value(u"timestamp"_s).toString();
        if (timestamp != u"created_time"_s && timestamp != u"last_edited_time"_s)
            invalid(path + u".timestamp"_s, u"`\"created_time\"` or `\"last_edited_time\"`"_s,
                    sortOrFilter.value(u"timestamp"_s));
        const QDateTime moment = timestamp == u"created_time"_s ? page.created : page.edited;
        return QJsonObject{{u"type"_s, timestamp}, {timestamp, notionTimestamp(floorToMinute(moment))}};
    }
    const QString name = sortOrFilter.value(u"property"_s).toString();
    const PropertyConfig *property = m_dataSource.find(name);
    if (!property)
        // Notion's wording for a filter or sort on an unknown property.
        throw ApiError::validation(u"Could not find property with name or id: "_s + name);
    return m_renderer.propertyValue(page, *property);
}

bool QueryEngine::matches(const PageRecord &page, const QJsonObject &filter, const QString &path,
                          int depth) const {
    for (const QString &compound : {u"and"_s, u"or"_s}) {
        if (!filter.contains(compound))
            continue;
        if (depth >= 2)
            invalid(path + u'.' + compound, u"not present (compound filters nest at most two levels)"_s,
                    filter.value(compound));
        const QJsonArray parts = filter.value(compound).toArray();
        if (parts.size() > 100)
            throw ApiError::tooLong(path + u'.' + compound + u".length"_s, 100, parts.size());
        bool result = compound == u"and"_s;
        for (qsizetype i = 0; i < parts.size(); ++i) {
            const bool part = matches(page, parts.at(i).toObject(),
                                      path + u'.' + compound + u'[' + QString::number(i) + u']', depth + 1);
            result = compound == u"and"_s ? (result && part) : (result || part);
        }
        return result;
    }
    const QJsonObject value = valueFor(page, filter, path);
    const QString type = value.value(u"type"_s).toString();
    QString conditionKey = filter.contains(u"timestamp"_s) ? type : QString();
    if (conditionKey.isEmpty()) {
        for (auto it = filter.begin(); it != filter.end(); ++it)
            if (it.key() != u"property"_s && it.key() != u"type"_s)
                conditionKey = it.key();
    }
    const bool compatible = conditionKey == type || (isTextType(type) && conditionKey == u"rich_text"_s) ||
                            (isDateType(type) && conditionKey == u"date"_s);
    if (!compatible)
        throw ApiError::validation(u"body failed validation: "_s + path + u'.' + conditionKey +
                                   u" does not match the type of property \""_s +
                                   filter.value(u"property"_s).toString() + u"\" ("_s + type + u")."_s);
    return matchesCondition(value, type, filter.value(conditionKey).toObject(), path + u'.' + conditionKey);
}

bool QueryEngine::matchesCondition(const QJsonObject &value, const QString &type,
                                   const QJsonObject &condition, const QString &path) const {
    if (condition.size() != 1)
        invalid(path, u"an object with exactly one condition"_s, condition);
    const QString op = condition.begin().key();
    const QJsonValue operand = condition.begin().value();
    const QJsonValue inner = value.value(type);
    if (op == u"is_empty"_s || op == u"is_not_empty"_s) {
        const bool empty = inner.isNull() || (inner.isArray() && inner.toArray().isEmpty()) ||
                           (inner.isString() && inner.toString().isEmpty());
        return op == u"is_empty"_s ? empty : !empty;
    }
    if (isTextType(type)) {
        const QString text = textOf(value), wanted = operand.toString();
        if (op == u"equals"_s)
            return text == wanted;
        if (op == u"does_not_equal"_s)
            return text != wanted;
        if (op == u"contains"_s)
            return text.contains(wanted, Qt::CaseInsensitive);
        if (op == u"does_not_contain"_s)
            return !text.contains(wanted, Qt::CaseInsensitive);
        if (op == u"starts_with"_s)
            return text.startsWith(wanted, Qt::CaseInsensitive);
        if (op == u"ends_with"_s)
            return text.endsWith(wanted, Qt::CaseInsensitive);
    } else if (type == u"number"_s) {
        if (!operand.isDouble())
            invalid(path + u'.' + op, u"a number"_s, operand);
        if (inner.isNull())
            return op == u"does_not_equal"_s;
        const double number = inner.toDouble(), wanted = operand.toDouble();
        if (op == u"equals"_s)
            return number == wanted;
        if (op == u"does_not_equal"_s)
            return number != wanted;
        if (op == u"greater_than"_s)
            return number > wanted;
        if (op == u"less_than"_s)
            return number < wanted;
        if (op == u"greater_than_or_equal_to"_s)
            return number >= wanted;
        if (op == u"less_than_or_equal_to"_s)
            return number <= wanted;
    } else if (type == u"checkbox"_s) {
        if (op == u"equals"_s)
            return inner.toBool() == operand.toBool();
        if (op == u"does_not_equal"_s)
            return inner.toBool() != operand.toBool();
    } else if (type == u"select"_s || type == u"status"_s) {
        const QString name = inner.toObject().value(u"name"_s).toString();
        if (op == u"equals"_s)
            return !inner.isNull() && name == operand.toString();
        if (op == u"does_not_equal"_s)
            return inner.isNull() || name != operand.toString();
    } else if (type == u"multi_select"_s || type == u"relation"_s || type == u"people"_s) {
        const QString key = type == u"multi_select"_s ? u"name"_s : u"id"_s;
        const QString wanted =
            type == u"multi_select"_s ? operand.toString() : normalizeNotionId(operand.toString());
        bool found = false;
        for (const QJsonValue &item : inner.toArray())
            found = found || item.toObject().value(key).toString() == wanted;
        if (op == u"contains"_s)
            return found;
        if (op == u"does_not_contain"_s)
            return !found;
    } else if (isDateType(type)) {
        const QString text = dateTextOf(value);
        if (!operand.isString() || !momentOf(operand.toString()).isValid())
            invalid(path + u'.' + op, u"a valid ISO 8601 date string"_s, operand);
        if (text.isEmpty())
            return false;
        const int order = compareDates(text, operand.toString());
        if (op == u"equals"_s)
            return order == 0;
        if (op == u"before"_s)
            return order < 0;
        if (op == u"after"_s)
            return order > 0;
        if (op == u"on_or_before"_s)
            return order <= 0;
        if (op == u"on_or_after"_s)
            return order >= 0;
    }
    // Written in Notion's style: the condition is not one the emulator knows for this property type.
    throw ApiError::validation(u"body failed validation: "_s + path + u'.' + op +
                               u" should be not present."_s);
}

int QueryEngine::compare(const PageRecord &left, const PageRecord &right, const QJsonArray &sorts) const {
    for (const QJsonValue &sortValue : sorts) {
        const QJsonObject sort = sortValue.toObject();
        const QJsonObject a = valueFor(left, sort, {}), b = valueFor(right, sort, {});
        const QString type = a.value(u"type"_s).toString();
        const QJsonValue x = a.value(type), y = b.value(type);
        int order = 0;
        const bool xEmpty = x.isNull() || textOf(a).isEmpty(), yEmpty = y.isNull() || textOf(b).isEmpty();
        if (type == u"number"_s && !x.isNull() && !y.isNull())
            order = x.toDouble() < y.toDouble() ? -1 : (x.toDouble() > y.toDouble() ? 1 : 0);
        else if (type == u"checkbox"_s)
            order = int(x.toBool()) - int(y.toBool());
        else if (isDateType(type))
            order = dateTextOf(a).isEmpty() || dateTextOf(b).isEmpty()
                        ? 0
                        : (momentOf(dateTextOf(a)) < momentOf(dateTextOf(b))
                               ? -1
                               : (momentOf(dateTextOf(a)) > momentOf(dateTextOf(b)) ? 1 : 0));
        else if (type == u"select"_s || type == u"status"_s)
            order = QString::compare(x.toObject().value(u"name"_s).toString(),
                                     y.toObject().value(u"name"_s).toString(), Qt::CaseInsensitive);
        else if (isTextType(type))
            order = QString::compare(textOf(a), textOf(b), Qt::CaseInsensitive);
        if (order == 0 && isTextType(type) && xEmpty != yEmpty)
            return xEmpty ? 1 : -1; // empty values last, whatever the direction
        if (order == 0 && (type == u"number"_s || isDateType(type)) && x.isNull() != y.isNull())
            return x.isNull() ? 1 : -1;
        if (order != 0)
            return sort.value(u"direction"_s).toString() == u"descending"_s ? -order : order;
    }
    return 0;
}

} // namespace notionemu
