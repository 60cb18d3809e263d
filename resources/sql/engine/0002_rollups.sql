-- Per-minute rollups of the sync log, kept by a statement-level trigger, so that dashboard charts read a
-- few hundred rows instead of scanning a log of millions.

-- Upper bounds (ms) of the latency histogram buckets; the last bucket is open-ended.
CREATE FUNCTION pgnotion.latency_bucket_bounds() RETURNS double precision[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY[10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000]::double precision[]
$$;

-- 1-based bucket index of a latency: 1 for < 10 ms ... 13 for >= 60 s.
CREATE FUNCTION pgnotion.latency_bucket(p_ms double precision) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT width_bucket(greatest(p_ms, 0), pgnotion.latency_bucket_bounds()) + 1
$$;

CREATE FUNCTION pgnotion.int_array_add(a integer[], b integer[]) RETURNS integer[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT array_agg(coalesce(x, 0) + coalesce(y, 0) ORDER BY i)
    FROM unnest(a, b) WITH ORDINALITY AS u(x, y, i)
$$;

-- The latency (ms) under which a fraction p_quantile of the histogram falls: the upper bound of the
-- bucket that holds that quantile (the last bound for the open-ended bucket); NULL when empty.
CREATE FUNCTION pgnotion.histogram_quantile(p_buckets integer[], p_quantile double precision)
RETURNS double precision LANGUAGE sql IMMUTABLE AS $$
    WITH b AS (
        SELECT i, sum(c) OVER (ORDER BY i) AS running, sum(c) OVER () AS total
        FROM unnest(p_buckets) WITH ORDINALITY AS u(c, i)
    )
    SELECT (pgnotion.latency_bucket_bounds())[least(i, 12)]
    FROM b WHERE total > 0 AND running >= p_quantile * total
    ORDER BY i LIMIT 1
$$;

CREATE TABLE pgnotion.sync_stats_minute (
    minute               timestamptz      NOT NULL,
    resource_type        text             NOT NULL,
    direction            text             NOT NULL,
    outcome              text             NOT NULL,
    error_code           text             NOT NULL DEFAULT '',
    attempts             integer          NOT NULL,
    total_latency_ms_sum double precision NOT NULL,
    total_latency_ms_max double precision NOT NULL,
    queue_latency_ms_sum double precision NOT NULL,
    latency_buckets      integer[]        NOT NULL,
    PRIMARY KEY (minute, resource_type, direction, outcome, error_code)
);

CREATE FUNCTION pgnotion.roll_up_sync_log() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- One pass over the inserted rows: this runs in every completion's transaction.
    INSERT INTO pgnotion.sync_stats_minute AS s
        (minute, resource_type, direction, outcome, error_code, attempts, total_latency_ms_sum,
         total_latency_ms_max, queue_latency_ms_sum, latency_buckets)
    SELECT date_trunc('minute', finished_at), resource_type, direction, outcome, coalesce(error_code, ''),
           count(*), sum(total_latency_ms), max(total_latency_ms), sum(queue_latency_ms),
           ARRAY[
                 count(*) FILTER (WHERE bucket = 1),
                 count(*) FILTER (WHERE bucket = 2),
                 count(*) FILTER (WHERE bucket = 3),
                 count(*) FILTER (WHERE bucket = 4),
                 count(*) FILTER (WHERE bucket = 5),
                 count(*) FILTER (WHERE bucket = 6),
                 count(*) FILTER (WHERE bucket = 7),
                 count(*) FILTER (WHERE bucket = 8),
                 count(*) FILTER (WHERE bucket = 9),
                 count(*) FILTER (WHERE bucket = 10),
                 count(*) FILTER (WHERE bucket = 11),
                 count(*) FILTER (WHERE bucket = 12),
                 count(*) FILTER (WHERE bucket = 13)
           ]::integer[]
    FROM (SELECT *, pgnotion.latency_bucket(total_latency_ms) AS bucket FROM new_rows) AS r
    GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (minute, resource_type, direction, outcome, error_code) DO UPDATE
        SET attempts = s.attempts + EXCLUDED.attempts,
            total_latency_ms_sum = s.total_latency_ms_sum + EXCLUDED.total_latency_ms_sum,
            total_latency_ms_max = greatest(s.total_latency_ms_max, EXCLUDED.total_latency_ms_max),
            queue_latency_ms_sum = s.queue_latency_ms_sum + EXCLUDED.queue_latency_ms_sum,
            latency_buckets = pgnotion.int_array_add(s.latency_buckets, EXCLUDED.latency_buckets);
    RETURN NULL;
END
$$;

CREATE TRIGGER sync_log_rollup AFTER INSERT ON pgnotion.sync_log
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION pgnotion.roll_up_sync_log();

-- Queue depth by minute: the engine records a snapshot each minute (the latest in a minute wins).
CREATE TABLE pgnotion.sync_depth_minute (
    minute                timestamptz NOT NULL,
    resource_type         text        NOT NULL,
    pending               integer     NOT NULL,
    retrying              integer     NOT NULL,
    running               integer     NOT NULL,
    dead                  integer     NOT NULL,
    oldest_waiting_age_ms double precision,
    PRIMARY KEY (minute, resource_type)
);

CREATE FUNCTION pgnotion.snapshot_queue_depth() RETURNS integer LANGUAGE sql AS $$
    WITH snapshot AS (
        INSERT INTO pgnotion.sync_depth_minute AS d
            (minute, resource_type, pending, retrying, running, dead, oldest_waiting_age_ms)
        SELECT date_trunc('minute', now()), resource_type,
               count(*) FILTER (WHERE status = 'pending'),
               count(*) FILTER (WHERE status = 'retrying'),
               count(*) FILTER (WHERE status = 'running'),
               count(*) FILTER (WHERE status = 'dead'),
               extract(epoch FROM now() - min(created_at)
                       FILTER (WHERE status IN ('pending', 'retrying'))) * 1000
        FROM pgnotion.sync_queue
        WHERE status IN ('pending', 'retrying', 'running', 'dead')
        GROUP BY resource_type
        ON CONFLICT (minute, resource_type) DO UPDATE
            SET pending = EXCLUDED.pending, retrying = EXCLUDED.retrying,
                running = EXCLUDED.running, dead = EXCLUDED.dead,
                oldest_waiting_age_ms = EXCLUDED.oldest_waiting_age_ms
        RETURNING 1
    )
    SELECT count(*)::integer FROM snapshot
$$;

-- Retention: discarded and superseded jobs and log rows older than p_keep go; rollups stay (they are
-- small), and so do dead jobs (an admin decides about those).
CREATE FUNCTION pgnotion.prune(p_keep interval) RETURNS bigint LANGUAGE sql AS $$
    WITH jobs AS (
        DELETE FROM pgnotion.sync_queue
        WHERE status IN ('discarded', 'superseded') AND processed_at < now() - p_keep
        RETURNING 1
    ), logs AS (
        DELETE FROM pgnotion.sync_log WHERE finished_at < now() - p_keep RETURNING 1
    )
    SELECT (SELECT count(*) FROM jobs) + (SELECT count(*) FROM logs)
$$;
