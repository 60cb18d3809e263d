-- The Resources page shows each row of a mapped table with its sync state: "failed" when the row's newest
-- dead job is newer than its last sync. Waiting and running jobs are found per resource through the
-- unique indexes of 0001; this finds dead ones the same way, so a chunk of a million-row table costs a few
-- index probes per row and never a scan of the queue.
CREATE INDEX sync_queue_dead_by_resource ON pgnotion.sync_queue (coalesce_key, updated_at DESC)
    WHERE status = 'dead';
