#include "notion/PropertyValueCodec.h"
#include "notion/PropertyValueList.h"
#include "notion/PropertyValueText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace pgnotion;

namespace {

QString compact(const QJsonValue &value) {
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    // Scalars: through a one-element array, so that null, true and numbers print as JSON does.
    const QString wrapped =
        QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact));
    return wrapped.mid(1, wrapped.size() - 2);
}

QJsonObject parsed(const char *json) {
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray(json), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", json);
    return document.object();
}

// What Notion echoes in a page for a request value: the response shapes of common.d.ts
// (RichTextItemResponse, PartialSelectPropertyValueResponse, DateResponse, ...). Sent through JSON text, so
// that nothing survives that the wire would not carry.
QJsonObject echoed(PropertyType type, const QJsonValue &request) {
    const QString name = notionName(type);
    QJsonValue value = request.toObject().value(name);
    const QJsonObject annotations{
        {QStringLiteral("bold"), false},          {QStringLiteral("italic"), false},
        {QStringLiteral("strikethrough"), false}, {QStringLiteral("underline"), false},
        {QStringLiteral("code"), false},          {QStringLiteral("color"), QStringLiteral("default")}};
    QJsonObject property{{QStringLiteral("id"), QStringLiteral("a%3Db")}, {QStringLiteral("type"), name}};
    switch (type) {
    case PropertyType::Title:
    case PropertyType::RichText: {
        QJsonArray items;
        for (const QJsonValue &item : value.toArray()) {
            const QString content = item[QStringLiteral("text")][QStringLiteral("content")].toString();
            items.append(
                QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                            {QStringLiteral("text"), QJsonObject{{QStringLiteral("content"), content},
                                                                 {QStringLiteral("link"), QJsonValue()}}},
                            {QStringLiteral("annotations"), annotations},
                            {QStringLiteral("plain_text"), content},
                            {QStringLiteral("href"), QJsonValue()}});
        }
        value = items;
        break;
    }
    case PropertyType::Select:
    case PropertyType::Status:
        if (value.isObject())
            value = QJsonObject{{QStringLiteral("id"), QStringLiteral("xYz1")},
                                {QStringLiteral("name"), value[QStringLiteral("name")]},
                                {QStringLiteral("color"), QStringLiteral("green")}};
        break;
    case PropertyType::MultiSelect: {
        QJsonArray options;
        for (const QJsonValue &option : value.toArray())
            options.append(QJsonObject{{QStringLiteral("id"), QStringLiteral("o1")},
                                       {QStringLiteral("name"), option[QStringLiteral("name")]},
                                       {QStringLiteral("color"), QStringLiteral("blue")}});
        value = options;
        break;
    }
    case PropertyType::Date:
        if (value.isObject()) {
            // The API always answers with an offset and time_zone null, also when time_zone was sent.
            QJsonObject date = value.toObject();
            const QString zone = date[QStringLiteral("time_zone")].toString();
            for (const QString &key : {QStringLiteral("start"), QStringLiteral("end")}) {
                const QString text = date[key].toString();
                if (!zone.isEmpty() && !text.isEmpty()) {
                    QDateTime local = QDateTime::fromString(text, Qt::ISODateWithMs);
                    local = QDateTime(local.date(), local.time(), QTimeZone(zone.toUtf8()));
                    const QDateTime withOffset = local.toOffsetFromUtc(local.offsetFromUtc());
                    date[key] = withOffset.toString(Qt::ISODateWithMs);
                }
            }
            date[QStringLiteral("time_zone")] = QJsonValue();
            value = date;
        }
        break;
    case PropertyType::People: {
        QJsonArray people;
        for (const QJsonValue &person : value.toArray())
            people.append(QJsonObject{{QStringLiteral("object"), QStringLiteral("user")},
                                      {QStringLiteral("id"), person[QStringLiteral("id")]}});
        value = people;
        break;
    }
    case PropertyType::Relation:
        property.insert(QStringLiteral("has_more"), false);
        break;
    default:
        break;
    }
    property.insert(name, value);
    return QJsonDocument::fromJson(QJsonDocument(property).toJson()).object();
}

QDateTime utc(int year, int month, int day, int hour, int minute, int second = 0, int ms = 0) {
    return QDateTime(QDate(year, month, day), QTime(hour, minute, second, ms), Qt::UTC);
}

const QString kEmoji = QStringLiteral("\U0001F600"); // 😀: two UTF-16 units, as JavaScript counts it
const QString kId1 = QStringLiteral("1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d");
const QString kId2 = QStringLiteral("00000000-0000-4000-8000-000000000002");

} // namespace

Q_DECLARE_METATYPE(PropertyType)

class TestPropertyCodec : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void typeNamesBothWays() {
        const QList<PropertyType> all{PropertyType::Title,  PropertyType::RichText,    PropertyType::Number,
                                      PropertyType::Select, PropertyType::MultiSelect, PropertyType::Status,
                                      PropertyType::Date,   PropertyType::Checkbox,    PropertyType::Url,
                                      PropertyType::Email,  PropertyType::PhoneNumber, PropertyType::Relation,
                                      PropertyType::People};
        for (PropertyType type : all)
            QCOMPARE(propertyTypeFromNotionName(notionName(type)), std::optional<PropertyType>(type));
        QCOMPARE(notionName(PropertyType::RichText), QStringLiteral("rich_text"));
        QCOMPARE(notionName(PropertyType::PhoneNumber), QStringLiteral("phone_number"));
        QVERIFY(!propertyTypeFromNotionName(QStringLiteral("formula")));
        QVERIFY(!propertyTypeFromNotionName(QStringLiteral("Title")));
    }

    // NULL clears each type the way pages.d.ts (UpdatePageBodyParameters) allows: arrays for title,
    // rich_text, multi_select, people, relation (not nullable there); null for the nullable ones.
    void nullClears_data() {
        QTest::addColumn<PropertyType>("type");
        QTest::addColumn<QString>("json");
        QTest::newRow("title") << PropertyType::Title << QStringLiteral(R"({"title":[]})");
        QTest::newRow("rich_text") << PropertyType::RichText << QStringLiteral(R"({"rich_text":[]})");
        QTest::newRow("number") << PropertyType::Number << QStringLiteral(R"({"number":null})");
        QTest::newRow("select") << PropertyType::Select << QStringLiteral(R"({"select":null})");
        QTest::newRow("multi_select")
            << PropertyType::MultiSelect << QStringLiteral(R"({"multi_select":[]})");
        QTest::newRow("status") << PropertyType::Status << QStringLiteral(R"({"status":null})");
        QTest::newRow("date") << PropertyType::Date << QStringLiteral(R"({"date":null})");
        QTest::newRow("checkbox") << PropertyType::Checkbox << QStringLiteral(R"({"checkbox":false})");
        QTest::newRow("url") << PropertyType::Url << QStringLiteral(R"({"url":null})");
        QTest::newRow("email") << PropertyType::Email << QStringLiteral(R"({"email":null})");
        QTest::newRow("phone_number")
            << PropertyType::PhoneNumber << QStringLiteral(R"({"phone_number":null})");
        QTest::newRow("relation") << PropertyType::Relation << QStringLiteral(R"({"relation":[]})");
        QTest::newRow("people") << PropertyType::People << QStringLiteral(R"({"people":[]})");
    }
    void nullClears() {
        QFETCH(PropertyType, type);
        QFETCH(QString, json);
        const auto result = PropertyValueCodec::toNotion(type, QVariant());
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
        QCOMPARE(compact(result.value().value), json);
        QVERIFY(result.value().warnings.isEmpty());
        // A typed null from QPSQL (QVariant(QMetaType(QMetaType::QString))) is NULL as well.
        const auto typedNull = PropertyValueCodec::toNotion(type, QVariant(QMetaType(QMetaType::QString)));
        QVERIFY(typedNull.ok());
        QCOMPARE(compact(typedNull.value().value), json);
    }

    void titleIsOneTextObject() {
        const auto result =
            PropertyValueCodec::toNotion(PropertyType::Title, QStringLiteral("Quarterly plan"));
        QVERIFY(result.ok());
        QCOMPARE(compact(result.value().value),
                 QStringLiteral(R"({"title":[{"text":{"content":"Quarterly plan"},"type":"text"}]})"));
        // Other scalar columns become their text.
        QCOMPARE(compact(PropertyValueCodec::toNotion(PropertyType::RichText, 2.5).value().value),
                 QStringLiteral(R"({"rich_text":[{"text":{"content":"2.5"},"type":"text"}]})"));
        QCOMPARE(
            compact(PropertyValueCodec::toNotion(PropertyType::RichText, QDate(2026, 1, 2)).value().value),
            QStringLiteral(R"({"rich_text":[{"text":{"content":"2026-01-02"},"type":"text"}]})"));
        QCOMPARE(
            PropertyValueCodec::toNotion(PropertyType::Title, QStringList{QStringLiteral("a")}).error().code,
            QStringLiteral("unsupported_value"));
    }

    void longTextIsSplitAt2000() {
        const QString text = QString(2000, u'a') + QString(2000, u'b') + QString(500, u'c');
        const auto result = PropertyValueCodec::toNotion(PropertyType::RichText, text);
        QVERIFY(result.ok());
        QVERIFY(result.value().warnings.isEmpty());
        const QJsonArray items = result.value().value[QStringLiteral("rich_text")].toArray();
        QCOMPARE(items.size(), 3);
        QCOMPARE(items[0][QStringLiteral("text")][QStringLiteral("content")].toString(), QString(2000, u'a'));
        QCOMPARE(items[1][QStringLiteral("text")][QStringLiteral("content")].toString(), QString(2000, u'b'));
        QCOMPARE(items[2][QStringLiteral("text")][QStringLiteral("content")].toString(), QString(500, u'c'));
        QCOMPARE(PropertyValueText::plainText(items), text);
        // Exactly 2,000 is one object.
        QCOMPARE(PropertyValueCodec::toNotion(PropertyType::Title, QString(2000, u'x'))
                     .value()
                     .value[QStringLiteral("title")]
                     .toArray()
                     .size(),
                 1);
    }

    void splittingKeepsSurrogatePairsWhole() {
        // The emoji occupies units 1999 and 2000: a cut at 2000 would separate its halves.
        const QString text = QString(1999, u'a') + kEmoji + QString(10, u'b');
        const auto result = PropertyValueCodec::toNotion(PropertyType::RichText, text);
        QVERIFY(result.ok());
        const QJsonArray items = result.value().value[QStringLiteral("rich_text")].toArray();
        QCOMPARE(items.size(), 2);
        const QString first = items[0][QStringLiteral("text")][QStringLiteral("content")].toString();
        const QString second = items[1][QStringLiteral("text")][QStringLiteral("content")].toString();
        QCOMPARE(first, QString(1999, u'a'));
        QCOMPARE(second, kEmoji + QString(10, u'b'));
        // A text of emoji only: every piece is ≤ 2,000 units and starts and ends on whole characters.
        const QString emojis = kEmoji.repeated(2500);
        const QJsonArray pieces = PropertyValueCodec::toNotion(PropertyType::Title, emojis)
                                      .value()
                                      .value[QStringLiteral("title")]
                                      .toArray();
        QCOMPARE(pieces.size(), 3);
        for (const QJsonValue &piece : pieces) {
            const QString content = piece[QStringLiteral("text")][QStringLiteral("content")].toString();
            QVERIFY(content.size() <= 2000);
            QVERIFY(content.front().isHighSurrogate());
            QVERIFY(content.back().isLowSurrogate());
        }
        QCOMPARE(PropertyValueText::plainText(pieces), emojis);
    }

    void textBeyond100ObjectsIsCutWithAWarning() {
        const QString full = QString(200000, u'z');
        const auto exact = PropertyValueCodec::toNotion(PropertyType::RichText, full);
        QCOMPARE(exact.value().value[QStringLiteral("rich_text")].toArray().size(), 100);
        QVERIFY(exact.value().warnings.isEmpty());

        const auto over =
            PropertyValueCodec::toNotion(PropertyType::RichText, QString(full + QStringLiteral("!")));
        QVERIFY(over.ok());
        const QJsonArray items = over.value().value[QStringLiteral("rich_text")].toArray();
        QCOMPARE(items.size(), 100);
        QCOMPARE(PropertyValueText::plainText(items), full);
        QCOMPARE(over.value().warnings.size(), 1);
        QVERIFY(over.value().warnings.first().contains(QStringLiteral("200001")));
    }

    void unicodeSurvivesTheWire() {
        const QString text =
            QStringLiteral("Grüße — 日本語 👩‍👩‍👧 \"quoted\" \\ tab\t new\nline ") +
            kEmoji;
        const auto request = PropertyValueCodec::toNotion(PropertyType::Title, text);
        const auto back = PropertyValueCodec::fromNotion(PropertyType::Title,
                                                         echoed(PropertyType::Title, request.value().value));
        QVERIFY(back.ok());
        QCOMPARE(back.value().value.toString(), text);
    }

    void selectOptionNamesAreMadeAcceptable() {
        const auto plain = PropertyValueCodec::toNotion(PropertyType::Select, QStringLiteral("Done"));
        QCOMPARE(compact(plain.value().value), QStringLiteral(R"({"select":{"name":"Done"}})"));
        QVERIFY(plain.value().warnings.isEmpty());

        const auto comma = PropertyValueCodec::toNotion(PropertyType::Select, QStringLiteral("Smith, John"));
        QCOMPARE(compact(comma.value().value), QStringLiteral(R"({"select":{"name":"Smith‚ John"}})"));
        QVERIFY(
            !comma.value().value[QStringLiteral("select")][QStringLiteral("name")].toString().contains(u','));
        QCOMPARE(comma.value().warnings.size(), 1);

        const QString longName = QString(150, u'n');
        const auto cut = PropertyValueCodec::toNotion(PropertyType::Select, longName);
        QCOMPARE(cut.value().value[QStringLiteral("select")][QStringLiteral("name")].toString(),
                 QString(100, u'n'));
        QCOMPARE(cut.value().warnings.size(), 1);

        // Cutting at 100 would split the emoji at units 99-100: the name keeps 99 units.
        const auto emoji =
            PropertyValueCodec::toNotion(PropertyType::Select, QString(QString(99, u'e') + kEmoji));
        QCOMPARE(emoji.value().value[QStringLiteral("select")][QStringLiteral("name")].toString(),
                 QString(99, u'e'));

        QCOMPARE(compact(PropertyValueCodec::toNotion(PropertyType::Select, QString()).value().value),
                 QStringLiteral(R"({"select":null})"));
    }

    void statusIsSentAsNamed() {
        const auto status = PropertyValueCodec::toNotion(PropertyType::Status, QStringLiteral("In progress"));
        QCOMPARE(compact(status.value().value), QStringLiteral(R"({"status":{"name":"In progress"}})"));
        QVERIFY(status.value().warnings.isEmpty());
    }

    void multiSelectFromArrays_data() {
        QTest::addColumn<QVariant>("input");
        QTest::addColumn<QString>("json");
        QTest::addColumn<int>("warnings");
        QTest::newRow("literal") << QVariant(QStringLiteral(R"({a,b,"c d",a})"))
                                 << QStringLiteral(
                                        R"({"multi_select":[{"name":"a"},{"name":"b"},{"name":"c d"}]})")
                                 << 0;
        QTest::newRow("string list") << QVariant(QStringList{QStringLiteral("x"), QStringLiteral("y")})
                                     << QStringLiteral(R"({"multi_select":[{"name":"x"},{"name":"y"}]})")
                                     << 0;
        QTest::newRow("variant list")
            << QVariant(QVariantList{QStringLiteral("x"), QVariant(), QStringLiteral("x")})
            << QStringLiteral(R"({"multi_select":[{"name":"x"}]})") << 1;
        QTest::newRow("comma in element") << QVariant(QStringLiteral(R"({"x,y"})"))
                                          << QStringLiteral(R"({"multi_select":[{"name":"x‚y"}]})") << 1;
        QTest::newRow("NULL element") << QVariant(QStringLiteral("{a,NULL}"))
                                      << QStringLiteral(R"({"multi_select":[{"name":"a"}]})") << 1;
        QTest::newRow("empty array") << QVariant(QStringLiteral("{}"))
                                     << QStringLiteral(R"({"multi_select":[]})") << 0;
        QTest::newRow("scalar") << QVariant(QStringLiteral("solo"))
                                << QStringLiteral(R"({"multi_select":[{"name":"solo"}]})") << 0;
        QTest::newRow("same after the comma rule")
            << QVariant(QStringLiteral(R"({"a,b","a‚b"})"))
            << QStringLiteral(R"({"multi_select":[{"name":"a‚b"}]})") << 1;
    }
    void multiSelectFromArrays() {
        QFETCH(QVariant, input);
        QFETCH(QString, json);
        QFETCH(int, warnings);
        const auto result = PropertyValueCodec::toNotion(PropertyType::MultiSelect, input);
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
        QCOMPARE(compact(result.value().value), json);
        QCOMPARE(result.value().warnings.size(), warnings);
    }

    void multiSelectRefusesMoreThan100Options() {
        QStringList options;
        for (int i = 0; i < 100; ++i)
            options.append(QStringLiteral("o%1").arg(i));
        QVERIFY(PropertyValueCodec::toNotion(PropertyType::MultiSelect, options).ok());
        options.append(QStringLiteral("o0")); // a duplicate does not count
        QVERIFY(PropertyValueCodec::toNotion(PropertyType::MultiSelect, options).ok());
        options.append(QStringLiteral("one too many"));
        const auto over = PropertyValueCodec::toNotion(PropertyType::MultiSelect, options);
        QVERIFY(!over.ok());
        QCOMPARE(over.error().code, QStringLiteral("too_many_items"));
        QVERIFY(over.error().message.contains(QStringLiteral("100")));
    }

    void arrayLiterals_data() {
        QTest::addColumn<QString>("literal");
        QTest::addColumn<QStringList>("elements"); // "<NULL>" stands for a NULL element
        QTest::addColumn<bool>("valid");
        const QStringList none;
        QTest::newRow("empty") << QStringLiteral("{}") << none << true;
        QTest::newRow("one") << QStringLiteral("{a}") << QStringList{QStringLiteral("a")} << true;
        QTest::newRow("spaces") << QStringLiteral(" { a b , c } ")
                                << QStringList{QStringLiteral("a b"), QStringLiteral("c")} << true;
        QTest::newRow("quoted") << QStringLiteral("{\"c d\",\"e,f\",\"g\\\"h\",\"i\\\\j\",\"\"}")
                                << QStringList{QStringLiteral("c d"), QStringLiteral("e,f"),
                                               QStringLiteral("g\"h"), QStringLiteral("i\\j"), QString()}
                                << true;
        QTest::newRow("escaped unquoted")
            << QStringLiteral("{a\\,b}") << QStringList{QStringLiteral("a,b")} << true;
        QTest::newRow("NULL") << QStringLiteral(R"({NULL,null,"NULL"})")
                              << QStringList{QStringLiteral("<NULL>"), QStringLiteral("<NULL>"),
                                             QStringLiteral("NULL")}
                              << true;
        QTest::newRow("bounds") << QStringLiteral("[0:1]={x,y}")
                                << QStringList{QStringLiteral("x"), QStringLiteral("y")} << true;
        QTest::newRow("unicode") << QStringLiteral("{日本,") + kEmoji + QStringLiteral("}")
                                 << QStringList{QStringLiteral("日本"), kEmoji} << true;
        QTest::newRow("unclosed") << QStringLiteral("{a") << none << false;
        QTest::newRow("unterminated quote") << QStringLiteral("{\"a}") << none << false;
        QTest::newRow("nested") << QStringLiteral("{{a},{b}}") << none << false;
        QTest::newRow("no brace") << QStringLiteral("a}") << none << false;
        QTest::newRow("trailing text") << QStringLiteral("{a}b") << none << false;
        QTest::newRow("empty element") << QStringLiteral("{a,,b}") << none << false;
    }
    void arrayLiterals() {
        QFETCH(QString, literal);
        QFETCH(QStringList, elements);
        QFETCH(bool, valid);
        const auto result = PropertyValueList::parseArrayLiteral(literal);
        QCOMPARE(result.ok(), valid);
        if (!valid) {
            QCOMPARE(result.error().code, QStringLiteral("bad_array"));
            return;
        }
        QStringList got;
        for (const auto &element : result.value())
            got.append(element ? *element : QStringLiteral("<NULL>"));
        QCOMPARE(got, elements);
    }

    void numbers_data() {
        QTest::addColumn<QVariant>("input");
        QTest::addColumn<QString>("json"); // empty: an error
        QTest::addColumn<int>("warnings");
        QTest::newRow("int") << QVariant(42) << QStringLiteral(R"({"number":42})") << 0;
        QTest::newRow("negative longlong")
            << QVariant(qlonglong(-9000000000)) << QStringLiteral(R"({"number":-9000000000})") << 0;
        QTest::newRow("double") << QVariant(3.25) << QStringLiteral(R"({"number":3.25})") << 0;
        QTest::newRow("numeric text")
            << QVariant(QStringLiteral("123.4500")) << QStringLiteral(R"({"number":123.45})") << 0;
        QTest::newRow("integral text")
            << QVariant(QStringLiteral(" 7 ")) << QStringLiteral(R"({"number":7})") << 0;
        QTest::newRow("exponent") << QVariant(QStringLiteral("-1e-3"))
                                  << QStringLiteral(R"({"number":-0.001})") << 0;
        QTest::newRow("bytes") << QVariant(QByteArray("0.5")) << QStringLiteral(R"({"number":0.5})") << 0;
        QTest::newRow("empty text") << QVariant(QString()) << QStringLiteral(R"({"number":null})") << 0;
        QTest::newRow("beyond 2^53") << QVariant(qlonglong(9007199254740993))
                                     << QStringLiteral(R"({"number":9007199254740993})") << 1;
        QTest::newRow("too precise") << QVariant(QStringLiteral("0.12345678901234567"))
                                     << QStringLiteral(R"({"number":0.12345678901234566})") << 1;
        QTest::newRow("NaN") << QVariant(std::numeric_limits<double>::quiet_NaN()) << QString() << 0;
        QTest::newRow("infinity") << QVariant(std::numeric_limits<double>::infinity()) << QString() << 0;
        QTest::newRow("NaN text") << QVariant(QStringLiteral("NaN")) << QString() << 0;
        QTest::newRow("Infinity text") << QVariant(QStringLiteral("-Infinity")) << QString() << 0;
        QTest::newRow("overflow text") << QVariant(QStringLiteral("1e400")) << QString() << 0;
        QTest::newRow("words") << QVariant(QStringLiteral("twelve")) << QString() << 0;
        QTest::newRow("hex") << QVariant(QStringLiteral("0x10")) << QString() << 0;
        QTest::newRow("bool") << QVariant(true) << QString() << 0;
    }
    void numbers() {
        QFETCH(QVariant, input);
        QFETCH(QString, json);
        QFETCH(int, warnings);
        const auto result = PropertyValueCodec::toNotion(PropertyType::Number, input);
        if (json.isEmpty()) {
            QVERIFY(!result.ok());
            QCOMPARE(result.error().code, QStringLiteral("not_a_number"));
            return;
        }
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
        QCOMPARE(compact(result.value().value), json);
        QCOMPARE(result.value().warnings.size(), warnings);
    }

    void checkboxes_data() {
        QTest::addColumn<QVariant>("input");
        QTest::addColumn<int>("expected"); // 1 true, 0 false, -1 error
        QTest::newRow("true") << QVariant(true) << 1;
        QTest::newRow("false") << QVariant(false) << 0;
        QTest::newRow("t") << QVariant(QStringLiteral("t")) << 1;
        QTest::newRow("f") << QVariant(QStringLiteral("f")) << 0;
        QTest::newRow("TRUE") << QVariant(QStringLiteral("TRUE")) << 1;
        QTest::newRow("false text") << QVariant(QStringLiteral("false")) << 0;
        QTest::newRow("yes") << QVariant(QStringLiteral(" yes ")) << 1;
        QTest::newRow("1") << QVariant(1) << 1;
        QTest::newRow("0") << QVariant(0) << 0;
        QTest::newRow("1 text") << QVariant(QStringLiteral("1")) << 1;
        QTest::newRow("NULL") << QVariant() << 0;
        QTest::newRow("2") << QVariant(2) << -1;
        QTest::newRow("0.5") << QVariant(0.5) << -1;
        QTest::newRow("maybe") << QVariant(QStringLiteral("maybe")) << -1;
    }
    void checkboxes() {
        QFETCH(QVariant, input);
        QFETCH(int, expected);
        const auto result = PropertyValueCodec::toNotion(PropertyType::Checkbox, input);
        if (expected < 0) {
            QVERIFY(!result.ok());
            QCOMPARE(result.error().code, QStringLiteral("not_a_boolean"));
            return;
        }
        QVERIFY(result.ok());
        QCOMPARE(compact(result.value().value),
                 expected ? QStringLiteral(R"({"checkbox":true})") : QStringLiteral(R"({"checkbox":false})"));
    }

    void stringLimits_data() {
        QTest::addColumn<PropertyType>("type");
        QTest::addColumn<int>("limit");
        QTest::newRow("url") << PropertyType::Url << 2000;
        QTest::newRow("email") << PropertyType::Email << 200;
        QTest::newRow("phone_number") << PropertyType::PhoneNumber << 200;
    }
    void stringLimits() {
        QFETCH(PropertyType, type);
        QFETCH(int, limit);
        const QString atLimit = QString(limit, u'1');
        const auto ok = PropertyValueCodec::toNotion(type, atLimit);
        QVERIFY(ok.ok());
        QCOMPARE(ok.value().value[notionName(type)].toString(), atLimit);
        const auto over = PropertyValueCodec::toNotion(type, QString(atLimit + u'1'));
        QVERIFY(!over.ok());
        QCOMPARE(over.error().code, QStringLiteral("value_too_long"));
        QVERIFY(over.error().message.contains(QString::number(limit)));
        QCOMPARE(compact(PropertyValueCodec::toNotion(type, QStringLiteral("")).value().value),
                 QStringLiteral("{\"%1\":null}").arg(notionName(type)));
    }

    void urlEmailPhoneAsIs() {
        QCOMPARE(compact(PropertyValueCodec::toNotion(PropertyType::Url,
                                                      QStringLiteral("https://example.com/a?b=c"))
                             .value()
                             .value),
                 QStringLiteral("{\"url\":\"https://example.com/a?b=c\"}"));
        QCOMPARE(compact(PropertyValueCodec::toNotion(PropertyType::Email, QStringLiteral("ada@example.com"))
                             .value()
                             .value),
                 QStringLiteral(R"({"email":"ada@example.com"})"));
        QCOMPARE(
            compact(PropertyValueCodec::toNotion(PropertyType::PhoneNumber, QStringLiteral("+49 30 1234567"))
                        .value()
                        .value),
            QStringLiteral(R"({"phone_number":"+49 30 1234567"})"));
    }

    void relationsAndPeople() {
        const auto relation = PropertyValueCodec::toNotion(
            PropertyType::Relation,
            QStringLiteral("{1A2B3C4D5E6F4A1B8C2D3E4F5A6B7C8D,%1,%2}").arg(kId2, kId1));
        QVERIFY(relation.ok());
        QCOMPARE(compact(relation.value().value),
                 QStringLiteral(R"({"relation":[{"id":"%1"},{"id":"%2"}]})").arg(kId1, kId2));
        const auto people = PropertyValueCodec::toNotion(PropertyType::People, QStringList{kId1});
        QCOMPARE(compact(people.value().value), QStringLiteral(R"({"people":[{"id":"%1"}]})").arg(kId1));
        const auto single = PropertyValueCodec::toNotion(PropertyType::Relation, kId2);
        QCOMPARE(compact(single.value().value), QStringLiteral(R"({"relation":[{"id":"%1"}]})").arg(kId2));

        const auto bad = PropertyValueCodec::toNotion(PropertyType::Relation, QStringLiteral("{not-an-id}"));
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().code, QStringLiteral("bad_id"));
        QVERIFY(!PropertyValueCodec::toNotion(PropertyType::People, QStringLiteral("{1a2b}")).ok());
    }

    void relationsRefuseMoreThan100() {
        QStringList ids;
        for (int i = 0; i < 101; ++i)
            ids.append(QStringLiteral("%1").arg(i, 32, 16, QLatin1Char('0')));
        const auto over = PropertyValueCodec::toNotion(PropertyType::Relation, ids);
        QVERIFY(!over.ok());
        QCOMPARE(over.error().code, QStringLiteral("too_many_items"));
        QVERIFY(over.error().message.contains(QStringLiteral("at most 100")));
        ids.removeLast();
        const auto exact = PropertyValueCodec::toNotion(PropertyType::People, ids);
        QVERIFY(exact.ok());
        QCOMPARE(exact.value().value[QStringLiteral("people")].toArray().size(), 100);
    }

    void dates_data() {
        QTest::addColumn<QVariant>("input");
        QTest::addColumn<QString>("zone");
        QTest::addColumn<bool>("dateOnly");
        QTest::addColumn<QString>("start");
        const QString none;
        QTest::newRow("day") << QVariant(QDate(2026, 11, 25)) << none << false
                             << QStringLiteral("2026-11-25");
        QTest::newRow("day in a zone") << QVariant(QDate(2026, 11, 25)) << QStringLiteral("Europe/Berlin")
                                       << false << QStringLiteral("2026-11-25");
        QTest::newRow("utc instant") << QVariant(utc(2026, 11, 25, 9, 0)) << none << false
                                     << QStringLiteral("2026-11-25T09:00:00.000+00:00");
        QTest::newRow("milliseconds") << QVariant(utc(2026, 11, 25, 9, 0, 5, 7)) << none << false
                                      << QStringLiteral("2026-11-25T09:00:05.007+00:00");
        QTest::newRow("berlin winter") << QVariant(utc(2026, 11, 25, 9, 0)) << QStringLiteral("Europe/Berlin")
                                       << false << QStringLiteral("2026-11-25T10:00:00.000+01:00");
        QTest::newRow("berlin summer") << QVariant(utc(2026, 7, 1, 9, 0)) << QStringLiteral("Europe/Berlin")
                                       << false << QStringLiteral("2026-07-01T11:00:00.000+02:00");
        // 2026-03-29 01:00 UTC: Berlin springs from 02:00 +01:00 to 03:00 +02:00.
        QTest::newRow("before spring forward")
            << QVariant(utc(2026, 3, 29, 0, 59, 59, 999)) << QStringLiteral("Europe/Berlin") << false
            << QStringLiteral("2026-03-29T01:59:59.999+01:00");
        QTest::newRow("after spring forward")
            << QVariant(utc(2026, 3, 29, 1, 0)) << QStringLiteral("Europe/Berlin") << false
            << QStringLiteral("2026-03-29T03:00:00.000+02:00");
        // 2026-10-25 01:00 UTC: 02:30 happens twice, told apart by the offset.
        QTest::newRow("fall back, first")
            << QVariant(utc(2026, 10, 25, 0, 30)) << QStringLiteral("Europe/Berlin") << false
            << QStringLiteral("2026-10-25T02:30:00.000+02:00");
        QTest::newRow("fall back, second")
            << QVariant(utc(2026, 10, 25, 1, 30)) << QStringLiteral("Europe/Berlin") << false
            << QStringLiteral("2026-10-25T02:30:00.000+01:00");
        QTest::newRow("new york") << QVariant(utc(2026, 11, 25, 15, 0)) << QStringLiteral("America/New_York")
                                  << false << QStringLiteral("2026-11-25T10:00:00.000-05:00");
        QTest::newRow("half hour offset")
            << QVariant(utc(2026, 11, 25, 0, 0)) << QStringLiteral("Asia/Kolkata") << false
            << QStringLiteral("2026-11-25T05:30:00.000+05:30");
        QTest::newRow("offset kept") << QVariant(QDateTime(QDate(2026, 11, 25), QTime(10, 0),
                                                           Qt::OffsetFromUTC, -3600 * 3))
                                     << none << false << QStringLiteral("2026-11-25T10:00:00.000-03:00");
        QTest::newRow("wall clock, no zone")
            << QVariant(QDateTime(QDate(2026, 11, 25), QTime(10, 0), Qt::LocalTime)) << none << false
            << QStringLiteral("2026-11-25T10:00:00.000+00:00");
        QTest::newRow("wall clock in zone")
            << QVariant(QDateTime(QDate(2026, 7, 1), QTime(10, 0), Qt::LocalTime))
            << QStringLiteral("Europe/Berlin") << false << QStringLiteral("2026-07-01T10:00:00.000+02:00");
        QTest::newRow("postgres text") << QVariant(QStringLiteral("2026-11-25 10:00:00.123456+01")) << none
                                       << false << QStringLiteral("2026-11-25T10:00:00.123+01:00");
        QTest::newRow("postgres text to zone")
            << QVariant(QStringLiteral("2026-11-25 10:00:00+00")) << QStringLiteral("Asia/Tokyo") << false
            << QStringLiteral("2026-11-25T19:00:00.000+09:00");
        QTest::newRow("postgres date text")
            << QVariant(QStringLiteral("2026-02-28")) << none << false << QStringLiteral("2026-02-28");
        QTest::newRow("date only, next day in zone")
            << QVariant(utc(2026, 11, 25, 23, 30)) << QStringLiteral("Europe/Berlin") << true
            << QStringLiteral("2026-11-26");
        QTest::newRow("date only, utc")
            << QVariant(utc(2026, 11, 25, 23, 30)) << none << true << QStringLiteral("2026-11-25");
    }
    void dates() {
        QFETCH(QVariant, input);
        QFETCH(QString, zone);
        QFETCH(bool, dateOnly);
        QFETCH(QString, start);
        const auto result =
            PropertyValueCodec::toNotion(PropertyType::Date, input, DateOptions{zone, dateOnly, false});
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
        QCOMPARE(compact(result.value().value),
                 QStringLiteral(R"({"date":{"end":null,"start":"%1","time_zone":null}})").arg(start));
        // What Notion echoes reads back as the same day or instant.
        const auto back = PropertyValueCodec::fromNotion(PropertyType::Date,
                                                         echoed(PropertyType::Date, result.value().value));
        QVERIFY(back.ok());
        if (start.size() == 10) {
            QCOMPARE(back.value().value.metaType().id(), int(QMetaType::QDate));
            QCOMPARE(back.value().value.toDate().toString(Qt::ISODate), start);
        } else {
            QCOMPARE(back.value().value.metaType().id(), int(QMetaType::QDateTime));
            const QDateTime moment = back.value().value.toDateTime();
            if (input.metaType().id() == QMetaType::QDateTime &&
                input.toDateTime().timeSpec() != Qt::LocalTime)
                QCOMPARE(moment, input.toDateTime()); // the same instant
            QCOMPARE(moment.toString(Qt::ISODateWithMs), start.endsWith(QStringLiteral("+00:00"))
                                                             ? start.left(23) + u'Z'
                                                             : start); // and the offset that was sent
        }
    }

    void dateWithTimeZoneName() {
        const auto result =
            PropertyValueCodec::toNotion(PropertyType::Date, utc(2026, 7, 1, 9, 0),
                                         DateOptions{QStringLiteral("Europe/Berlin"), false, true});
        QVERIFY(result.ok());
        QCOMPARE(
            compact(result.value().value),
            QStringLiteral(
                R"({"date":{"end":null,"start":"2026-07-01T11:00:00.000","time_zone":"Europe/Berlin"}})"));
        // A day cannot carry a time zone name (Notion refuses it).
        QCOMPARE(
            compact(PropertyValueCodec::toNotion(PropertyType::Date, QDate(2026, 7, 1),
                                                 DateOptions{QStringLiteral("Europe/Berlin"), false, true})
                        .value()
                        .value),
            QStringLiteral(R"({"date":{"end":null,"start":"2026-07-01","time_zone":null}})"));
        // A request value read directly (canonical form of what was sent) is the same instant.
        const auto read = PropertyValueCodec::fromNotion(PropertyType::Date, result.value().value.toObject());
        QCOMPARE(read.value().value.toDateTime(), utc(2026, 7, 1, 9, 0));
        QVERIFY(!PropertyValueCodec::toNotion(PropertyType::Date, utc(2026, 7, 1, 9, 0),
                                              DateOptions{{}, false, true})
                     .ok());
    }

    void dateErrors_data() {
        QTest::addColumn<QVariant>("input");
        QTest::addColumn<QString>("zone");
        QTest::addColumn<QString>("code");
        QTest::newRow("time of day") << QVariant(QTime(10, 0)) << QString() << QStringLiteral("bad_date");
        QTest::newRow("infinity") << QVariant(QStringLiteral("infinity")) << QString()
                                  << QStringLiteral("bad_date");
        QTest::newRow("garbage") << QVariant(QStringLiteral("25.11.2026")) << QString()
                                 << QStringLiteral("bad_date");
        QTest::newRow("invalid day") << QVariant(QStringLiteral("2026-02-30")) << QString()
                                     << QStringLiteral("bad_date");
        QTest::newRow("number") << QVariant(20261125) << QString() << QStringLiteral("bad_date");
        QTest::newRow("unknown zone") << QVariant(utc(2026, 1, 1, 0, 0)) << QStringLiteral("Mars/Olympus")
                                      << QStringLiteral("bad_time_zone");
    }
    void dateErrors() {
        QFETCH(QVariant, input);
        QFETCH(QString, zone);
        QFETCH(QString, code);
        const auto result =
            PropertyValueCodec::toNotion(PropertyType::Date, input, DateOptions{zone, false, false});
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, code);
    }

    void dateRanges() {
        const auto range = PropertyValueCodec::dateRangeToNotion(
            DateRange{utc(2026, 11, 25, 9, 0), utc(2026, 11, 25, 17, 30)},
            DateOptions{QStringLiteral("Europe/Berlin")});
        QVERIFY(range.ok());
        QCOMPARE(
            compact(range.value().value),
            QStringLiteral(
                R"({"date":{"end":"2026-11-25T18:30:00.000+01:00","start":"2026-11-25T10:00:00.000+01:00","time_zone":null}})"));
        const auto back =
            PropertyValueCodec::dateRangeFromNotion(echoed(PropertyType::Date, range.value().value));
        QVERIFY(back.ok());
        QCOMPARE(back.value().start.toDateTime(), utc(2026, 11, 25, 9, 0));
        QCOMPARE(back.value().end.toDateTime(), utc(2026, 11, 25, 17, 30));
        // fromNotion reads the start and says that the end was left out.
        const auto start = PropertyValueCodec::fromNotion(PropertyType::Date,
                                                          echoed(PropertyType::Date, range.value().value));
        QCOMPARE(start.value().value.toDateTime(), utc(2026, 11, 25, 9, 0));
        QCOMPARE(start.value().warnings.size(), 1);

        const auto days =
            PropertyValueCodec::dateRangeToNotion(DateRange{QDate(2026, 1, 1), QDate(2026, 1, 5)});
        QCOMPARE(compact(days.value().value),
                 QStringLiteral(R"({"date":{"end":"2026-01-05","start":"2026-01-01","time_zone":null}})"));
        QCOMPARE(compact(PropertyValueCodec::dateRangeToNotion(DateRange{}).value().value),
                 QStringLiteral(R"({"date":null})"));

        const auto reversed =
            PropertyValueCodec::dateRangeToNotion(DateRange{QDate(2026, 1, 5), QDate(2026, 1, 1)});
        QCOMPARE(reversed.error().code, QStringLiteral("bad_date_range"));
        const auto mixed =
            PropertyValueCodec::dateRangeToNotion(DateRange{QDate(2026, 1, 1), utc(2026, 1, 2, 0, 0)});
        QCOMPARE(mixed.error().code, QStringLiteral("bad_date_range"));
        const auto endOnly = PropertyValueCodec::dateRangeToNotion(DateRange{QVariant(), QDate(2026, 1, 1)});
        QCOMPARE(endOnly.error().code, QStringLiteral("bad_date_range"));
    }

    // Response shapes as a retrieved page holds them (PageObjectResponse.properties in common.d.ts).
    void readsResponseShapes() {
        const auto title = PropertyValueCodec::fromNotion(PropertyType::Title,
                                                          parsed(R"({"id":"title","type":"title","title":[
            {"type":"text","text":{"content":"Meet ","link":null},"annotations":{"bold":false},"plain_text":"Meet ","href":null},
            {"type":"mention","mention":{"type":"user","user":{"object":"user","id":"u1"}},"plain_text":"@Ada","href":null},
            {"type":"equation","equation":{"expression":"E=mc^2"},"plain_text":"E=mc^2","href":null}]})"));
        QCOMPARE(title.value().value, QVariant(QStringLiteral("Meet @AdaE=mc^2")));
        const auto empty = PropertyValueCodec::fromNotion(
            PropertyType::RichText, parsed(R"({"id":"x","type":"rich_text","rich_text":[]})"));
        QVERIFY(empty.value().value.isNull());

        QCOMPARE(PropertyValueCodec::fromNotion(PropertyType::Number,
                                                parsed(R"({"id":"n","type":"number","number":42})"))
                     .value()
                     .value,
                 QVariant(qlonglong(42)));
        QCOMPARE(PropertyValueCodec::fromNotion(PropertyType::Number,
                                                parsed(R"({"id":"n","type":"number","number":1.5})"))
                     .value()
                     .value,
                 QVariant(1.5));
        QVERIFY(PropertyValueCodec::fromNotion(PropertyType::Number,
                                               parsed(R"({"id":"n","type":"number","number":null})"))
                    .value()
                    .value.isNull());

        QCOMPARE(
            PropertyValueCodec::fromNotion(
                PropertyType::Select,
                parsed(R"({"id":"s","type":"select","select":{"id":"1","name":"Done","color":"green"}})"))
                .value()
                .value,
            QVariant(QStringLiteral("Done")));
        QVERIFY(PropertyValueCodec::fromNotion(PropertyType::Status,
                                               parsed(R"({"id":"s","type":"status","status":null})"))
                    .value()
                    .value.isNull());
        QCOMPARE(
            PropertyValueCodec::fromNotion(
                PropertyType::MultiSelect,
                parsed(
                    R"({"id":"m","type":"multi_select","multi_select":[{"id":"1","name":"a","color":"red"},{"id":"2","name":"b‚c","color":"red"}]})"))
                .value()
                .value,
            QVariant(QStringList{QStringLiteral("a"), QStringLiteral("b,c")}));
        QCOMPARE(PropertyValueCodec::fromNotion(PropertyType::Checkbox,
                                                parsed(R"({"id":"c","type":"checkbox","checkbox":true})"))
                     .value()
                     .value,
                 QVariant(true));
        QVERIFY(
            PropertyValueCodec::fromNotion(PropertyType::Url, parsed(R"({"id":"u","type":"url","url":null})"))
                .value()
                .value.isNull());
        const auto people = PropertyValueCodec::fromNotion(PropertyType::People,
                                                           parsed(R"({"id":"p","type":"people","people":[
            {"object":"user","id":"1A2B3C4D5E6F4A1B8C2D3E4F5A6B7C8D","name":"Ada","type":"person","person":{}},
            {"object":"group","id":"00000000-0000-4000-8000-000000000002","name":"Team"}]})"));
        QCOMPARE(people.value().value, QVariant(QStringList{kId1, kId2}));

        const auto date = PropertyValueCodec::fromNotion(
            PropertyType::Date,
            parsed(
                R"({"id":"d","type":"date","date":{"start":"2026-11-25T10:00:00.000+01:00","end":null,"time_zone":null}})"));
        const QDateTime moment = date.value().value.toDateTime();
        QCOMPARE(moment, utc(2026, 11, 25, 9, 0));
        QCOMPARE(moment.offsetFromUtc(), 3600);
        QVERIFY(date.value().warnings.isEmpty());
        QCOMPARE(
            PropertyValueCodec::fromNotion(
                PropertyType::Date,
                parsed(
                    R"({"id":"d","type":"date","date":{"start":"2026-11-25","end":null,"time_zone":null}})"))
                .value()
                .value,
            QVariant(QDate(2026, 11, 25)));
    }

    void truncatedRelationsAreMarked() {
        const QJsonObject page = parsed(
            R"({"id":"r","type":"relation","relation":[{"id":"1a2b3c4d5e6f4a1b8c2d3e4f5a6b7c8d"}],"has_more":true})");
        const auto decoded = PropertyValueCodec::fromNotion(PropertyType::Relation, page);
        QVERIFY(decoded.ok());
        QVERIFY(!decoded.value().complete);
        QCOMPARE(decoded.value().warnings.size(), 1);
        QCOMPARE(decoded.value().value, QVariant(QStringList{kId1}));
        const auto canonical = PropertyValueCodec::canonicalForm(PropertyType::Relation, page);
        QVERIFY(!canonical.ok());
        QCOMPARE(canonical.error().code, QStringLiteral("incomplete_value"));
    }

    void readingRejectsWrongShapes() {
        const auto mismatch = PropertyValueCodec::fromNotion(
            PropertyType::Select, parsed(R"({"id":"s","type":"status","status":null})"));
        QCOMPARE(mismatch.error().code, QStringLiteral("type_mismatch"));
        const auto missing = PropertyValueCodec::fromNotion(PropertyType::Select, parsed(R"({"id":"s"})"));
        QCOMPARE(missing.error().code, QStringLiteral("missing_value"));
        const auto malformed =
            PropertyValueCodec::fromNotion(PropertyType::Number, parsed(R"({"number":"12"})"));
        QCOMPARE(malformed.error().code, QStringLiteral("malformed_value"));
        const auto badDate =
            PropertyValueCodec::fromNotion(PropertyType::Date, parsed(R"({"date":{"start":"soon"}})"));
        QCOMPARE(badDate.error().code, QStringLiteral("bad_date"));
    }

    // Postgres → request → Notion's echo → Postgres gives the value back, and both sides have one
    // canonical form.
    void roundTrips_data() {
        QTest::addColumn<PropertyType>("type");
        QTest::addColumn<QVariant>("input");
        QTest::addColumn<QString>("zone");
        QTest::addColumn<QVariant>("expected");
        const QString none;
        const QString longText = QStringLiteral("é") + kEmoji.repeated(1100) + QString(3000, u'x') + kEmoji;
        QTest::newRow("title") << PropertyType::Title << QVariant(QStringLiteral("Hello")) << none
                               << QVariant(QStringLiteral("Hello"));
        QTest::newRow("title empty is NULL")
            << PropertyType::Title << QVariant(QString()) << none << QVariant();
        QTest::newRow("rich_text long with emoji")
            << PropertyType::RichText << QVariant(longText) << none << QVariant(longText);
        QTest::newRow("number int") << PropertyType::Number << QVariant(qlonglong(-17)) << none
                                    << QVariant(qlonglong(-17));
        QTest::newRow("number numeric")
            << PropertyType::Number << QVariant(QStringLiteral("123.4500")) << none << QVariant(123.45);
        QTest::newRow("number NULL") << PropertyType::Number << QVariant() << none << QVariant();
        QTest::newRow("select") << PropertyType::Select << QVariant(QStringLiteral("Ünïcode 🎉")) << none
                                << QVariant(QStringLiteral("Ünïcode 🎉"));
        QTest::newRow("select with comma") << PropertyType::Select << QVariant(QStringLiteral("Smith, John"))
                                           << none << QVariant(QStringLiteral("Smith, John"));
        QTest::newRow("select NULL") << PropertyType::Select << QVariant() << none << QVariant();
        QTest::newRow("multi_select")
            << PropertyType::MultiSelect << QVariant(QStringLiteral(R"({b,"a, c",b})")) << none
            << QVariant(QStringList{QStringLiteral("b"), QStringLiteral("a, c")});
        QTest::newRow("multi_select empty")
            << PropertyType::MultiSelect << QVariant() << none << QVariant(QStringList());
        QTest::newRow("status") << PropertyType::Status << QVariant(QStringLiteral("Done")) << none
                                << QVariant(QStringLiteral("Done"));
        QTest::newRow("date") << PropertyType::Date << QVariant(QDate(2026, 2, 28)) << none
                              << QVariant(QDate(2026, 2, 28));
        QTest::newRow("date time") << PropertyType::Date << QVariant(utc(2026, 10, 25, 1, 30, 15, 250))
                                   << QStringLiteral("Europe/Berlin")
                                   << QVariant(utc(2026, 10, 25, 1, 30, 15, 250));
        QTest::newRow("date NULL") << PropertyType::Date << QVariant() << none << QVariant();
        QTest::newRow("checkbox") << PropertyType::Checkbox << QVariant(true) << none << QVariant(true);
        QTest::newRow("checkbox NULL is false")
            << PropertyType::Checkbox << QVariant() << none << QVariant(false);
        QTest::newRow("url") << PropertyType::Url << QVariant(QStringLiteral("https://example.com/ä?q=1,2"))
                             << none << QVariant(QStringLiteral("https://example.com/ä?q=1,2"));
        QTest::newRow("url long") << PropertyType::Url
                                  << QVariant(QStringLiteral("https://x.io/") + QString(1987, u'p')) << none
                                  << QVariant(QStringLiteral("https://x.io/") + QString(1987, u'p'));
        QTest::newRow("email") << PropertyType::Email << QVariant(QStringLiteral("ada@example.com")) << none
                               << QVariant(QStringLiteral("ada@example.com"));
        QTest::newRow("phone") << PropertyType::PhoneNumber << QVariant(QStringLiteral("+1 (555) 010-9999"))
                               << none << QVariant(QStringLiteral("+1 (555) 010-9999"));
        QTest::newRow("relation") << PropertyType::Relation
                                  << QVariant(QStringLiteral("{%1,%2}").arg(kId1, kId2)) << none
                                  << QVariant(QStringList{kId1, kId2});
        QTest::newRow("relation undashed")
            << PropertyType::Relation << QVariant(QStringList{QString(kId1).remove(u'-').toUpper()}) << none
            << QVariant(QStringList{kId1});
        QTest::newRow("people") << PropertyType::People << QVariant(QStringList{kId2}) << none
                                << QVariant(QStringList{kId2});
        QTest::newRow("people empty")
            << PropertyType::People << QVariant(QStringLiteral("{}")) << none << QVariant(QStringList());
    }
    void roundTrips() {
        QFETCH(PropertyType, type);
        QFETCH(QVariant, input);
        QFETCH(QString, zone);
        QFETCH(QVariant, expected);
        const auto request = PropertyValueCodec::toNotion(type, input, DateOptions{zone});
        QVERIFY2(request.ok(), qPrintable(request.ok() ? QString() : request.error().message));
        const QJsonObject response = echoed(type, request.value().value);
        const auto back = PropertyValueCodec::fromNotion(type, response);
        QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().message));
        QVERIFY(back.value().complete);
        QCOMPARE(back.value().value.isNull(), expected.isNull());
        QCOMPARE(back.value().value, expected);
        if (expected.metaType().id() != QMetaType::UnknownType && !expected.isNull())
            QCOMPARE(back.value().value.metaType(), expected.metaType());

        const auto fromPostgres = PropertyValueCodec::canonicalForm(type, input, DateOptions{zone});
        const auto fromNotion = PropertyValueCodec::canonicalForm(type, response);
        QVERIFY(fromPostgres.ok() && fromNotion.ok());
        QCOMPARE(fromNotion.value(), fromPostgres.value());
        // And a second trip changes nothing: the value Postgres got back is stable.
        QCOMPARE(PropertyValueCodec::canonicalForm(type, back.value().value, DateOptions{zone}).value(),
                 fromPostgres.value());
    }

    void truncatedValuesSettleAfterOneTrip() {
        const QString longName = QString(120, u'q');
        const auto once = PropertyValueCodec::fromNotion(
            PropertyType::Select,
            echoed(PropertyType::Select,
                   PropertyValueCodec::toNotion(PropertyType::Select, longName).value().value));
        QCOMPARE(once.value().value.toString(), QString(100, u'q'));
        const auto twice = PropertyValueCodec::toNotion(PropertyType::Select, once.value().value);
        QVERIFY(twice.value().warnings.isEmpty());
        QCOMPARE(PropertyValueCodec::canonicalForm(PropertyType::Select, longName).value(),
                 PropertyValueCodec::canonicalForm(PropertyType::Select, once.value().value).value());
    }

    void canonicalFormIgnoresPresentation() {
        const auto form = [](PropertyType type, const char *json) {
            return PropertyValueCodec::canonicalForm(type, parsed(json)).value();
        };
        QCOMPARE(
            form(PropertyType::Select, R"({"type":"select","select":{"name":"a‚b","id":"1","color":"red"}})"),
            QStringLiteral(R"({"type":"select","value":"a,b"})"));
        // Key order and splitting of text.
        QCOMPARE(
            form(
                PropertyType::Title,
                R"({"title":[{"plain_text":"Hello world","type":"text","text":{"content":"Hello world"}}],"type":"title"})"),
            form(
                PropertyType::Title,
                R"({"type":"title","title":[{"type":"text","text":{"content":"Hello "}},{"text":{"content":"world"}}]})"));
        QCOMPARE(form(PropertyType::Title, R"({"title":[]})"),
                 QStringLiteral(R"({"type":"title","value":null})"));
        // The same instant in two offsets; a day.
        QCOMPARE(
            form(PropertyType::Date,
                 R"({"date":{"start":"2026-11-25T10:00:00.000+01:00","end":null,"time_zone":null}})"),
            QStringLiteral(R"({"type":"date","value":{"end":null,"start":"2026-11-25T09:00:00.000Z"}})"));
        QCOMPARE(form(PropertyType::Date, R"({"date":{"start":"2026-11-25T09:00:00Z"}})"),
                 form(PropertyType::Date,
                      R"({"date":{"start":"2026-11-25T10:00:00.000+01:00","end":null,"time_zone":null}})"));
        QCOMPARE(form(PropertyType::Date, R"({"date":{"start":"2026-11-25","end":"2026-11-27"}})"),
                 QStringLiteral(R"({"type":"date","value":{"end":"2026-11-27","start":"2026-11-25"}})"));
        // Ids: dashes, case and order do not matter.
        QCOMPARE(
            form(
                PropertyType::Relation,
                R"({"relation":[{"id":"00000000000040008000000000000002"},{"id":"1A2B3C4D-5E6F-4A1B-8C2D-3E4F5A6B7C8D"}],"has_more":false})"),
            form(
                PropertyType::Relation,
                R"({"relation":[{"id":"1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d"},{"id":"00000000-0000-4000-8000-000000000002"}]})"));
        // Numbers: 42 and 42.0 are equal; 42 and 42.5 are not.
        QCOMPARE(form(PropertyType::Number, R"({"number":42})"),
                 form(PropertyType::Number, R"({"number":42.0})"));
        QVERIFY(form(PropertyType::Number, R"({"number":42})") !=
                form(PropertyType::Number, R"({"number":42.5})"));
        // Real differences show.
        QVERIFY(form(PropertyType::MultiSelect, R"({"multi_select":[{"name":"a"},{"name":"b"}]})") !=
                form(PropertyType::MultiSelect, R"({"multi_select":[{"name":"a"}]})"));
        QVERIFY(form(PropertyType::Checkbox, R"({"checkbox":true})") !=
                form(PropertyType::Checkbox, R"({"checkbox":false})"));
        QVERIFY(form(PropertyType::Url, "{\"url\":\"https://a\"}") !=
                form(PropertyType::Url, R"({"url":null})"));
        QVERIFY(form(PropertyType::Date, R"({"date":{"start":"2026-11-25"}})") !=
                form(PropertyType::Date, R"({"date":{"start":"2026-11-25","end":"2026-11-26"}})"));
        // The type is part of the form: a select and a status of the same name differ.
        QVERIFY(form(PropertyType::Select, R"({"select":{"name":"x"}})") !=
                form(PropertyType::Status, R"({"status":{"name":"x"}})"));
    }
};

QTEST_GUILESS_MAIN(TestPropertyCodec)
#include "tst_propertycodec.moc"
