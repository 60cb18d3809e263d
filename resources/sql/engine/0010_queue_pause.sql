-- Pause and resume for every engine that shares this queue (desktop and headless, on any machine): the
-- flag lives beside the queue and claim_jobs honours it, so no process needs to be told. Running jobs
-- finish; nothing new is claimed until resume, which wakes the listening workers at once.
CREATE TABLE pgnotion.queue_control (
    singleton  boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    paused     boolean     NOT NULL DEFAULT false,
    changed_by text,
    changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO pgnotion.queue_control DEFAULT VALUES;

-- Returns true when the call changed the state (false: it already was so).
CREATE FUNCTION pgnotion.set_queue_paused(p_paused boolean, p_by text)
RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    v_changed boolean;
BEGIN
    UPDATE pgnotion.queue_control SET paused = p_paused, changed_by = p_by, changed_at = now()
    WHERE paused IS DISTINCT FROM p_paused;
    v_changed := FOUND;
    IF v_changed AND NOT p_paused THEN
        PERFORM pg_notify('pgnotion_sync', 'resume');
    END IF;
    RETURN v_changed;
END
$$;

CREATE OR REPLACE FUNCTION pgnotion.claim_jobs(p_worker text, p_limit integer, p_lease_ms bigint,
                                               p_directions text[] DEFAULT NULL)
RETURNS SETOF pgnotion.sync_queue LANGUAGE plpgsql
SET enable_sort = off SET enable_bitmapscan = off SET enable_seqscan = off AS $$
BEGIN
    IF (SELECT c.paused FROM pgnotion.queue_control c WHERE c.singleton) THEN
        RETURN;
    END IF;
    -- PL/pgSQL, not SQL: its plans are cached per connection instead of re-planned on every call.
    RETURN QUERY
    WITH candidates AS (
        SELECT q.id
        FROM pgnotion.sync_queue q
        WHERE q.status IN ('pending', 'retrying') AND q.run_at <= now()
          AND (p_directions IS NULL OR q.direction = ANY (p_directions))
          -- A scalar subquery, not NOT EXISTS: it stays a per-candidate probe of sync_queue_running_key.
          -- As an anti-join the planner scans that whole index, dead entries included, on every claim.
          AND (SELECT r.id FROM pgnotion.sync_queue r
               WHERE r.coalesce_key = q.coalesce_key AND r.status = 'running' LIMIT 1) IS NULL
        ORDER BY q.priority, q.run_at, q.id
        LIMIT p_limit
        FOR UPDATE SKIP LOCKED
    )
    UPDATE pgnotion.sync_queue q
    SET status = 'running', attempts = q.attempts + 1, locked_by = p_worker,
        locked_until = now() + p_lease_ms * interval '1 millisecond', started_at = now(), updated_at = now()
    FROM candidates c
    WHERE q.id = c.id
    RETURNING q.*;
END
$$;
