#pragma once

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

#include <fuzzer/FuzzedDataProvider.h>

namespace pgnotion::fuzz {

// Builds a JSON value out of any bytes. Qt's JSON parser is not instrumented, so libFuzzer sees no
// coverage inside it and seldom mutates valid JSON into other valid JSON; built this way, every input is
// a JSON value and the mutations explore the code behind the parser. Keys and strings come mostly from
// the words the parsed code looks for (Notion's fields and types, the mapping's keys), so that the
// shapes it expects are found, then broken.
class FuzzJson {
public:
    explicit FuzzJson(FuzzedDataProvider &input)
        : m_input(input) {}

    QJsonValue value(int depth = 0) {
        switch (m_input.ConsumeIntegralInRange<int>(0, depth >= maxDepth ? 3 : 5)) {
        case 0:
            return QJsonValue(QJsonValue::Null);
        case 1:
            return m_input.ConsumeBool();
        case 2:
            return m_input.ConsumeBool() ? QJsonValue(double(m_input.ConsumeIntegral<int16_t>()))
                                         : QJsonValue(m_input.ConsumeFloatingPoint<double>());
        case 3:
            return text();
        case 4: {
            QJsonArray array;
            const int size = m_input.ConsumeIntegralInRange<int>(0, 4);
            for (int i = 0; i < size && m_input.remaining_bytes() > 0; ++i)
                array.append(value(depth + 1));
            return array;
        }
        default:
            return object(depth);
        }
    }

    QJsonObject object(int depth = 0) {
        QJsonObject object;
        const int size = m_input.ConsumeIntegralInRange<int>(0, 6);
        for (int i = 0; i < size && m_input.remaining_bytes() > 0; ++i) {
            const QString key = text();
            object.insert(key, value(depth + 1));
        }
        return object;
    }

    QString text() {
        const QStringList &words = vocabulary();
        if (m_input.ConsumeIntegralInRange<int>(0, 7) > 0)
            return words.at(m_input.ConsumeIntegralInRange<qsizetype>(0, words.size() - 1));
        return QString::fromUtf8(m_input.ConsumeRandomLengthString(64));
    }

private:
    static constexpr int maxDepth = 6;

    static const QStringList &vocabulary() {
        static const QStringList words = {
            // Notion objects and property types
            QStringLiteral("object"),
            QStringLiteral("id"),
            QStringLiteral("type"),
            QStringLiteral("properties"),
            QStringLiteral("results"),
            QStringLiteral("has_more"),
            QStringLiteral("next_cursor"),
            QStringLiteral("request_status"),
            QStringLiteral("incomplete_reason"),
            QStringLiteral("query_result_limit_reached"),
            QStringLiteral("data_sources"),
            QStringLiteral("data_source_id"),
            QStringLiteral("database_id"),
            QStringLiteral("parent"),
            QStringLiteral("title"),
            QStringLiteral("plain_text"),
            QStringLiteral("rich_text"),
            QStringLiteral("text"),
            QStringLiteral("content"),
            QStringLiteral("number"),
            QStringLiteral("select"),
            QStringLiteral("multi_select"),
            QStringLiteral("status"),
            QStringLiteral("date"),
            QStringLiteral("start"),
            QStringLiteral("end"),
            QStringLiteral("time_zone"),
            QStringLiteral("checkbox"),
            QStringLiteral("url"),
            QStringLiteral("email"),
            QStringLiteral("phone_number"),
            QStringLiteral("relation"),
            QStringLiteral("people"),
            QStringLiteral("name"),
            QStringLiteral("options"),
            QStringLiteral("created_time"),
            QStringLiteral("code"),
            QStringLiteral("message"),
            QStringLiteral("request_id"),
            QStringLiteral("bot"),
            QStringLiteral("workspace_name"),
            QStringLiteral("page"),
            QStringLiteral("user"),
            QStringLiteral("2025-01-31"),
            QStringLiteral("2025-01-31T12:30:00.000+02:00"),
            QStringLiteral("2025-01-31T12:30:00Z"),
            QStringLiteral("2025-02-31"),
            QStringLiteral("0000-00-00"),
            QStringLiteral("9999-12-31T23:59:59.999-14:00"),
            QStringLiteral("Europe/Berlin"),
            QStringLiteral("0123456789abcdef0123456789abcdef"),
            QStringLiteral("01234567-89ab-cdef-0123-456789abcdef"),
            QStringLiteral("https://www.notion.so/x"),
            QStringLiteral(""),
            QStringLiteral(" "),
            QStringLiteral(","),
            QStringLiteral("\u0000"),
            // webhook events
            QStringLiteral("verification_token"),
            QStringLiteral("timestamp"),
            QStringLiteral("2026-01-01T00:00:00.000Z"),
            QStringLiteral("2025-12-31T23:58:00.000Z"),
            QStringLiteral("entity"),
            QStringLiteral("page.properties_updated"),
            QStringLiteral("page.created"),
            QStringLiteral("page.deleted"),
            QStringLiteral("data"),
            QStringLiteral("updated_properties"),
            QStringLiteral("authors"),
            // the mapping file
            QStringLiteral("version"),
            QStringLiteral("resources"),
            QStringLiteral("enabled"),
            QStringLiteral("table"),
            QStringLiteral("key_column"),
            QStringLiteral("query"),
            QStringLiteral("page_id_column"),
            QStringLiteral("notion_database"),
            QStringLiteral("database_title"),
            QStringLiteral("id_property"),
            QStringLiteral("column"),
            QStringLiteral("format"),
            QStringLiteral("{value}"),
            QStringLiteral("values"),
            QStringLiteral("resource"),
            QStringLiteral("date_only"),
            QStringLiteral("blocks"),
            QStringLiteral("updates"),
            QStringLiteral("inbound"),
            QStringLiteral("owner"),
            QStringLiteral("also"),
            QStringLiteral("when"),
            QStringLiteral("otherwise"),
            QStringLiteral("now()"),
            QStringLiteral("on_missing_page"),
            QStringLiteral("notion"),
            QStringLiteral("postgres"),
            QStringLiteral("property"),
            QStringLiteral("value"),
            QStringLiteral("key"),
            QStringLiteral("recreate"),
            QStringLiteral("report"),
            QStringLiteral("paragraph"),
            QStringLiteral("heading_2"),
            QStringLiteral("file"),
            QStringLiteral("bookmark"),
            QStringLiteral("project"),
            QStringLiteral("milestone"),
            QStringLiteral("public.projects"),
            QStringLiteral("project_id"),
            QStringLiteral("SELECT * FROM projects WHERE id = :key"),
        };
        return words;
    }

    FuzzedDataProvider &m_input;
};

// The input as a JSON object: parsed when it is one (the seeds and their gentle mutations), otherwise
// built from its bytes by FuzzJson.
inline QJsonObject objectOf(const uint8_t *data, size_t size) {
    const QJsonDocument document = QJsonDocument::fromJson(
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (document.isObject())
        return document.object();
    FuzzedDataProvider input(data, size);
    return FuzzJson(input).object();
}

// The input as JSON text: itself when it parses, otherwise the object FuzzJson builds from it.
inline QByteArray jsonTextOf(const uint8_t *data, size_t size) {
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    if (!QJsonDocument::fromJson(bytes).isNull())
        return bytes;
    return QJsonDocument(objectOf(data, size)).toJson(QJsonDocument::Compact);
}

} // namespace pgnotion::fuzz
