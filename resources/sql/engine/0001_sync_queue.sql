-- The durable sync queue: one row per sync job, claimed with FOR UPDATE SKIP LOCKED.
-- Engine objects live in their own schema so that they never collide with a user's tables.

CREATE TABLE pgnotion.sync_queue (
    -- bigint instead of the seed's uuid: claims sort and join on it millions of times.
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    resource_type   text        NOT NULL CHECK (resource_type <> ''),
    -- text, not uuid: a user's own tables may have integer or text keys.
    resource_id     text        NOT NULL CHECK (resource_id <> ''),
    direction       text        NOT NULL DEFAULT 'postgres_to_notion'
                    CHECK (direction IN ('postgres_to_notion', 'notion_to_postgres')),
    -- pending: waiting to run; running: claimed under a lease; retrying: waiting for its back-off;
    -- dead: out of attempts or a permanent error; discarded: dropped by an admin; superseded: a newer
    -- job for the same resource took over its work. A completed job leaves the queue: its sync_log row
    -- (outcome 'completed') is its record, and the queue stays as small as the work still to do.
    status          text        NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'running', 'retrying', 'dead', 'discarded', 'superseded')),
    priority        smallint    NOT NULL DEFAULT 0,   -- lower runs first
    run_at          timestamptz NOT NULL DEFAULT now(),
    attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts    integer     NOT NULL DEFAULT 8 CHECK (max_attempts >= 1),
    retry_count     integer     GENERATED ALWAYS AS (greatest(attempts - 1, 0)) STORED,
    locked_by       text,
    locked_until    timestamptz,
    started_at      timestamptz,                      -- start of the current or last attempt
    error_message   text,                             -- the last error, readable
    last_error      jsonb,                            -- the last error, structured
    error_history   jsonb       NOT NULL DEFAULT '[]'::jsonb,
    coalesce_key    text        NOT NULL,
    coalesced_count integer     NOT NULL DEFAULT 1,   -- writes folded into this job
    payload         jsonb,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    processed_at    timestamptz                       -- when it became dead, discarded or superseded
);

-- Every job is updated a few times and then finished: vacuum often, so that claims do not wade through
-- dead index entries, and leave room on each page for updated rows.
ALTER TABLE pgnotion.sync_queue SET (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.02,
                                     autovacuum_vacuum_threshold = 500, autovacuum_vacuum_cost_delay = 0,
                                     autovacuum_analyze_scale_factor = 0.05);

-- At most one waiting job per resource: later writes fold into it.
CREATE UNIQUE INDEX sync_queue_waiting_key ON pgnotion.sync_queue (coalesce_key)
    WHERE status IN ('pending', 'retrying');
-- At most one running job per resource: a resource is never synced by two workers at once.
CREATE UNIQUE INDEX sync_queue_running_key ON pgnotion.sync_queue (coalesce_key)
    WHERE status = 'running';
-- What the claim scans.
CREATE INDEX sync_queue_runnable ON pgnotion.sync_queue (priority, run_at, id)
    WHERE status IN ('pending', 'retrying');
-- What the failed-jobs page scans.
CREATE INDEX sync_queue_dead ON pgnotion.sync_queue (resource_type, processed_at)
    WHERE status = 'dead';

CREATE FUNCTION pgnotion.coalesce_key(p_resource_type text, p_resource_id text, p_direction text)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT p_direction || ':' || p_resource_type || ':' || p_resource_id
$$;

-- Enqueues a job, or folds it into the waiting job of the same resource. Returns the job id.
CREATE FUNCTION pgnotion.enqueue(p_resource_type text, p_resource_id text,
                                 p_direction text DEFAULT 'postgres_to_notion',
                                 p_priority smallint DEFAULT 0,
                                 p_payload jsonb DEFAULT NULL,
                                 p_max_attempts integer DEFAULT 8)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint;
BEGIN
    IF p_resource_type IS NULL OR p_resource_type = '' THEN
        RAISE EXCEPTION 'pgnotion.enqueue: resource type is empty' USING ERRCODE = '22023';
    END IF;
    IF p_resource_id IS NULL OR p_resource_id = '' THEN
        RAISE EXCEPTION 'pgnotion.enqueue: resource id of % is empty', p_resource_type
            USING ERRCODE = '22023';
    END IF;
    INSERT INTO pgnotion.sync_queue AS q
        (resource_type, resource_id, direction, priority, payload, max_attempts, coalesce_key)
    VALUES (p_resource_type, p_resource_id, p_direction, p_priority, p_payload, p_max_attempts,
            pgnotion.coalesce_key(p_resource_type, p_resource_id, p_direction))
    ON CONFLICT (coalesce_key) WHERE status IN ('pending', 'retrying') DO UPDATE
        SET coalesced_count = q.coalesced_count + 1,
            updated_at = now(),
            priority = least(q.priority, EXCLUDED.priority),
            payload = coalesce(EXCLUDED.payload, q.payload)
    RETURNING id INTO v_id;
    PERFORM pg_notify('pgnotion_sync', p_direction);
    RETURN v_id;
END
$$;

-- One row per attempt. Never updated: the dashboard's history and the rollups' source.
CREATE TABLE pgnotion.sync_log (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id            bigint      NOT NULL,           -- no foreign key: old jobs may be pruned
    resource_type     text        NOT NULL,
    resource_id       text        NOT NULL,
    direction         text        NOT NULL,
    attempt           integer     NOT NULL,
    worker            text,
    enqueued_at       timestamptz NOT NULL,
    started_at        timestamptz NOT NULL,
    finished_at       timestamptz NOT NULL,
    queue_latency_ms  double precision
        GENERATED ALWAYS AS (extract(epoch FROM (started_at - enqueued_at)) * 1000) STORED,
    total_latency_ms  double precision
        GENERATED ALWAYS AS (extract(epoch FROM (finished_at - enqueued_at)) * 1000) STORED,
    -- completed; retry (transient failure, back-off); rescheduled (rate limit or Notion unreachable,
    -- no attempt spent); dead (permanent error or out of attempts); lost (lease expired, worker gone)
    outcome           text        NOT NULL
        CHECK (outcome IN ('completed', 'retry', 'rescheduled', 'dead', 'lost')),
    http_status       integer,
    error_code        text,
    error_message     text,
    notion_request_id text
);
CREATE INDEX sync_log_finished ON pgnotion.sync_log (finished_at);
CREATE INDEX sync_log_resource ON pgnotion.sync_log (resource_type, resource_id, finished_at);

-- One row per engine run (a desktop app or a headless worker).
CREATE TABLE pgnotion.sync_workers (
    id           text        PRIMARY KEY,             -- this run: instance/host/pid/random
    instance     text        NOT NULL,                -- stable name of the installation
    host         text        NOT NULL,
    pid          integer     NOT NULL,
    version      text        NOT NULL,
    threads      integer     NOT NULL DEFAULT 0,
    started_at   timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL DEFAULT now(),
    stopped_at   timestamptz
);
CREATE INDEX sync_workers_instance ON pgnotion.sync_workers (instance);
