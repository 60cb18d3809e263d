#pragma once

#include "common/Result.h"
#include "mapping/Mapping.h"

#include <QJsonObject>
#include <QList>
#include <QVariant>

#include <optional>

namespace pgnotion {

// What an inbound rule writes into the row for one Notion value.
struct InboundWrite {
    struct Column {
        QString column;
        QVariant value;   // a null QVariant is SQL NULL
        bool now = false; // the transaction's now() instead of `value`
    };
    QList<Column> columns; // the rule's own column first, then its "also" assignments that apply
};

// Reads a property value of a Notion page (the response shape {"id", "type", "<type>": ...}) the way an
// inbound rule sees it: its canonical form (to compare with sync_state.synced_values) and the columns it
// sets (value map and format undone, then the rule's "also" assignments).
class InboundValues {
public:
    // The canonical form (PropertyValueCodec::canonicalForm), the type taken from the value itself.
    static Result<QString> canonical(const QJsonObject &property);
    // Errors name the property: a type inbound rules cannot write (relation, people, ...), a bad value.
    static Result<InboundWrite> toPostgres(const InboundRule &rule, const QJsonObject &property);
    // column -> value as text (null: NULL), now() as `now`: what a conflict record keeps.
    static QJsonObject describe(const InboundWrite &write, const QString &now);
    // The Postgres ID a page carries in its id property (rich_text), or empty.
    static QString plainText(const QJsonObject &property);
};

} // namespace pgnotion
