-- Notion limits requests per integration, not per process. Engine runs record the integration (its bot
-- user id, which is not a secret) so that every run can count the live runs sharing it and keep to its
-- share of the rate: many workers on many machines together stay under Notion's limit.
ALTER TABLE pgnotion.sync_workers ADD COLUMN notion_integration text;
CREATE INDEX sync_workers_live_integration ON pgnotion.sync_workers (notion_integration)
    WHERE stopped_at IS NULL;
