#pragma once

#include <QJsonArray>
#include <QString>
#include <QStringList>

namespace pgnotion {

// Text rules of Notion property values. Every length here is counted as JavaScript counts it, in UTF-16
// code units (an emoji outside the BMP counts 2), which is also QString's unit: Notion validates lengths
// in JavaScript.
class PropertyValueText {
public:
    static constexpr qsizetype maxTextContent = 2000;  // text.content of one rich text object
    static constexpr qsizetype maxRichTextItems = 100; // any array in a request
    static constexpr qsizetype maxOptionName = 100;    // select / multi_select option names
    // Option names may not contain commas ("Invalid select option, commas not allowed"). A comma is
    // replaced by U+201A SINGLE LOW-9 QUOTATION MARK, which looks the same in Notion's UI; reading maps
    // it back (see fromOptionName).
    static constexpr char16_t commaLookAlike = u'\u201A';

    // `text` as rich text request objects of at most maxTextContent units each, never splitting a
    // surrogate pair; beyond maxRichTextItems objects the text is cut and a warning added. Empty text
    // gives an empty array (Notion's way of clearing a title or rich_text).
    static QJsonArray toRichText(const QString &text, QStringList &warnings);
    // The text of rich text objects, response (`plain_text`) or request (`text.content`, equation) shape.
    static QString plainText(const QJsonArray &items);

    // At most `length` UTF-16 units of `text`; one less when the cut would separate a surrogate pair.
    static QString truncated(const QString &text, qsizetype length);

    // `text` shortened for a warning or error message: a 100,000-character value would drown the log.
    static QString forMessage(const QString &text);

    // An option name Notion accepts: commas replaced, cut to maxOptionName, with a warning per change.
    static QString toOptionName(const QString &name, QStringList &warnings);
    // The Postgres value of an option name read from Notion: the comma look-alike back to a comma, so
    // that a value with commas round-trips. (A U+201A typed in Notion therefore reads as a comma.)
    static QString fromOptionName(const QString &name);
};

} // namespace pgnotion
