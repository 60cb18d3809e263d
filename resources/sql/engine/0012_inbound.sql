-- Notion -> Postgres (issue 6): where each data source's polling left off, what the poller has already
-- handed to the queue, and the conflicts between edits made on both sides.

-- One cursor per mapped resource and data source: pages edited on or after (cursor - overlap) are read
-- on the next poll. Notion rounds last_edited_time down to the minute, so the cursor is such a minute.
-- Keyed by the data source too: pointing a resource at another database starts that one from scratch.
CREATE TABLE pgnotion.inbound_cursors (
    resource_type  text        NOT NULL,
    data_source_id text        NOT NULL,
    last_edited    timestamptz,          -- the newest last_edited_time seen; NULL = read everything
    polled_at      timestamptz,
    pages_seen     bigint      NOT NULL DEFAULT 0,
    changes_found  bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (resource_type, data_source_id)
);

-- De-duplication by page and values: the signature covers the inbound properties' values in Notion and
-- the synced values they were compared with. A page read again in the overlap, or a change whose job
-- failed, is not queued a second time; the same Notion value after pgnotion wrote another one is.
CREATE TABLE pgnotion.inbound_pages (
    resource_type text        NOT NULL,
    page_id       text        NOT NULL,
    resource_id   text        NOT NULL,
    signature     text        NOT NULL,
    last_edited   timestamptz,
    queued_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (resource_type, page_id)
);

-- A property changed on both sides since the last sync. The owner of the field won; the other side was
-- (or will be, on its next sync) overwritten. Kept so that the dashboard can show it and undo it.
CREATE TABLE pgnotion.sync_conflicts (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    resource_type    text        NOT NULL,
    resource_id      text        NOT NULL,
    property         text        NOT NULL,
    base_value       text,                -- canonical forms (PropertyValueCodec): the last synced value,
    postgres_value   text,                -- Postgres's value as it would be in Notion,
    notion_value     text,                -- and Notion's
    -- What each side's value means for the row, column -> value as text (NULL = SQL NULL): undoing puts
    -- the losing side's columns back.
    postgres_columns jsonb       NOT NULL DEFAULT '{}'::jsonb,
    notion_columns   jsonb       NOT NULL DEFAULT '{}'::jsonb,
    winner           text        NOT NULL CHECK (winner IN ('postgres', 'notion')),
    detected_at      timestamptz NOT NULL DEFAULT now(),
    resolved_at      timestamptz,         -- acknowledged by an admin (the winner stays)
    resolved_by      text,
    undone_at        timestamptz,         -- the losing value was applied instead
    undone_by        text
);
CREATE INDEX sync_conflicts_open ON pgnotion.sync_conflicts (detected_at DESC)
    WHERE resolved_at IS NULL AND undone_at IS NULL;
CREATE INDEX sync_conflicts_resource ON pgnotion.sync_conflicts (resource_type, resource_id);
