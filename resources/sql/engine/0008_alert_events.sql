-- Alerts raised and cleared, as the dashboard's Alerts page lists them: the history survives restarts,
-- and a dashboard that starts again knows which of its alerts were still raised (no second notification).
-- The dashboard keeps the newest 1,000 events when it writes one: a small table, never pruned by age.
CREATE TABLE pgnotion.alert_events (
    id       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id text        NOT NULL CHECK (alert_id <> ''), -- failure_rate, latency, queue_depth, ...
    raised   boolean     NOT NULL,                        -- false: cleared
    message  text        NOT NULL,
    at       timestamptz NOT NULL DEFAULT now(),
    source   text        NOT NULL DEFAULT ''              -- the dashboard that saw it (user@host)
);
-- Each dashboard restores the latest state of each of its alerts on start.
CREATE INDEX alert_events_latest ON pgnotion.alert_events (source, alert_id, id DESC);
