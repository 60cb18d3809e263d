-- What the engine last wrote to Notion for each resource: its page, the canonical form of every property
-- it sent (so an update sends only what changed, and nothing when nothing did), and whether a page create
-- is in flight with an unknown outcome (then the next attempt looks the page up before creating again).
CREATE TABLE pgnotion.sync_state (
    resource_type  text        NOT NULL,
    resource_id    text        NOT NULL,
    notion_page_id text,
    synced_values  jsonb       NOT NULL DEFAULT '{}'::jsonb,
    create_pending boolean     NOT NULL DEFAULT false,
    synced_at      timestamptz,
    PRIMARY KEY (resource_type, resource_id)
);
CREATE INDEX sync_state_page ON pgnotion.sync_state (notion_page_id);
