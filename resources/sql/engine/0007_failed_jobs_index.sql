-- The Failed syncs page lists dead and retrying jobs newest change first, a chunk at a time (keyset on
-- updated_at, id): this index serves each chunk without sorting every failed job.
CREATE INDEX sync_queue_failed_recent ON pgnotion.sync_queue (updated_at DESC, id DESC)
    WHERE status IN ('dead', 'retrying');
