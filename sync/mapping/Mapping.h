#pragma once

#include "notion/PropertyValueType.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace pgnotion {

// One Notion property of a synced page, and where its value comes from.
struct PropertyMapping {
    QString property;    // the Notion property name ("Payment Status")
    PropertyType type{}; // its Notion type
    QString column;      // the source column in the row (from `table`, or from `query`)
    QString format;      // optional: "Tier {value}" (the value substituted for {value}); empty = as is
    QMap<QString, QString> values; // optional Postgres value -> Notion option name ("completed" -> "Done")
    QString timeZone;              // dates: the zone to show date-times in (IANA name); empty = UTC
    bool dateOnly = false;
    // relation: the column holds the key of a row of `relationResource`; the engine puts that row's
    // Notion page id in the relation (and waits for, or triggers, that row's sync first).
    QString relationResource;
};

// A block created in the page body when the page is created (a deliverable's file block).
struct BlockMapping {
    QString type;   // "file", "image", "bookmark", "paragraph", "heading_2", ...
    QString column; // the column whose value is the URL (file/image/bookmark) or the text
    QString text;   // fixed text instead of a column (paragraph/heading)
};

// "Update another page" rule: a row of this resource sets properties on the page of another resource
// (a milestone sets its project's Current Milestone; a payment sets its project's Payment Status).
struct PageUpdateRule {
    QString resource;  // the resource whose page is updated ("project")
    QString keyColumn; // the column of this row holding that resource's key ("project_id")
    QList<PropertyMapping> properties;
};

// A column an inbound rule sets besides its own, when the rule fires ("completed_at" = now() when the
// status becomes "completed", cleared otherwise).
struct InboundAssignment {
    QString column;
    QStringList when; // the rule column's new Postgres values that select `value`; empty = every value
    // nullopt = NULL; InboundAssignment::now = the transaction's now(); anything else: that text, which
    // Postgres converts to the column's type.
    std::optional<QString> value;
    bool hasOtherwise = false;        // false: the column is left alone when `when` does not match
    std::optional<QString> otherwise; // as `value`
    static QString now() { return QStringLiteral("now()"); }
};

// Notion -> Postgres: a property edited in Notion sets a column of the row (issue 6).
struct InboundRule {
    QString property;              // the Notion property ("Status")
    QString column;                // the column it sets ("status")
    QMap<QString, QString> values; // Notion option name -> Postgres value ("Done" -> "completed")
    QString format;                // the outbound "format" ("Tier {value}"), undone before `values`
    QList<InboundAssignment> also; // more columns set when the rule fires
    // Who wins when both sides changed the property since the last sync.
    enum class Owner { Postgres, Notion };
    Owner owner = Owner::Postgres;
};

// How one resource type (a table) syncs.
struct ResourceMapping {
    QString name;        // the resource type, as in sync_queue.resource_type ("project")
    bool enabled = true; // leads are optional: off unless enabled
    QString table;       // schema-qualified or not ("public.projects")
    QString keyColumn = QStringLiteral("id");
    // Optional: a SELECT returning the row(s) for one key, with `:key` where the key goes, for joins
    // ("SELECT p.*, c.name AS client_name FROM projects p LEFT JOIN clients c ON ... WHERE p.id = :key").
    QString query;
    // Where the engine stores the Notion page id; empty = this resource has no page of its own
    // (payments only update their project's page).
    QString pageIdColumn = QStringLiteral("notion_page_id");
    QString notionDatabase; // a database id or URL (normalised by the loader; may be overridden per run)
    QString databaseTitle;  // the title when the app creates the database ("Projects")
    QString idProperty = QStringLiteral("Postgres ID"); // rich_text holding the key: finds our own pages
    QList<PropertyMapping> properties;
    QList<BlockMapping> blocks;
    QList<PageUpdateRule> updates;
    QList<InboundRule> inbound; // Notion properties that flow back into the row
    enum class MissingPage { Recreate, Report };
    MissingPage onMissingPage = MissingPage::Recreate; // page trashed or deleted in Notion

    bool hasOwnPage() const { return !pageIdColumn.isEmpty(); }
    const PropertyMapping *property(const QString &name) const;
    const InboundRule *inboundRule(const QString &property) const;
};

// The whole mapping: every resource type, by name.
struct Mapping {
    QString sourceFile; // for error messages ("mapping.json: resource project: ...")
    QList<ResourceMapping> resources;

    const ResourceMapping *resource(const QString &name) const;
    // The resources with pages, in dependency order (a resource after those its relations point at).
    QStringList syncOrder() const;
};

} // namespace pgnotion
