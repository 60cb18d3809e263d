-- Hourly rollups beside the per-minute ones: the Overview's 24-hour and 7-day windows read a few hundred
-- hour rows instead of ten thousand minute rows (measured with `pgnotion-bench dashboard` on a million-row
-- log: the 7-day read took 214 ms from the minute rows).
CREATE TABLE pgnotion.sync_stats_hour (LIKE pgnotion.sync_stats_minute INCLUDING ALL);
ALTER TABLE pgnotion.sync_stats_hour RENAME COLUMN minute TO hour;

CREATE TABLE pgnotion.sync_depth_hour (LIKE pgnotion.sync_depth_minute INCLUDING ALL);
ALTER TABLE pgnotion.sync_depth_hour RENAME COLUMN minute TO hour;

INSERT INTO pgnotion.sync_stats_hour
SELECT date_trunc('hour', minute), resource_type, direction, outcome, error_code, sum(attempts),
       sum(total_latency_ms_sum), max(total_latency_ms_max), sum(queue_latency_ms_sum),
       ARRAY[sum(latency_buckets[1]), sum(latency_buckets[2]), sum(latency_buckets[3]), sum(latency_buckets[4]),
             sum(latency_buckets[5]), sum(latency_buckets[6]), sum(latency_buckets[7]), sum(latency_buckets[8]),
             sum(latency_buckets[9]), sum(latency_buckets[10]), sum(latency_buckets[11]),
             sum(latency_buckets[12]), sum(latency_buckets[13])]::integer[]
FROM pgnotion.sync_stats_minute GROUP BY 1, 2, 3, 4, 5;

INSERT INTO pgnotion.sync_depth_hour
SELECT DISTINCT ON (date_trunc('hour', minute), resource_type) date_trunc('hour', minute), resource_type,
       pending, retrying, running, dead, oldest_waiting_age_ms
FROM pgnotion.sync_depth_minute ORDER BY date_trunc('hour', minute), resource_type, minute DESC;

CREATE OR REPLACE FUNCTION pgnotion.roll_up_sync_log() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- One pass over the inserted rows (this runs in every completion's transaction); the hour rows
    -- take the same minute groups.
    WITH grouped AS (
        SELECT date_trunc('minute', finished_at) AS minute, resource_type, direction, outcome,
               coalesce(error_code, '') AS error_code, count(*)::integer AS attempts,
               sum(total_latency_ms) AS total_sum, max(total_latency_ms) AS total_max,
               sum(queue_latency_ms) AS queue_sum,
               ARRAY[count(*) FILTER (WHERE bucket = 1), count(*) FILTER (WHERE bucket = 2),
                     count(*) FILTER (WHERE bucket = 3), count(*) FILTER (WHERE bucket = 4),
                     count(*) FILTER (WHERE bucket = 5), count(*) FILTER (WHERE bucket = 6),
                     count(*) FILTER (WHERE bucket = 7), count(*) FILTER (WHERE bucket = 8),
                     count(*) FILTER (WHERE bucket = 9), count(*) FILTER (WHERE bucket = 10),
                     count(*) FILTER (WHERE bucket = 11), count(*) FILTER (WHERE bucket = 12),
                     count(*) FILTER (WHERE bucket = 13)]::integer[] AS buckets
        FROM (SELECT *, pgnotion.latency_bucket(total_latency_ms) AS bucket FROM new_rows) AS r
        GROUP BY 1, 2, 3, 4, 5
    ), by_minute AS (
        INSERT INTO pgnotion.sync_stats_minute AS s
            (minute, resource_type, direction, outcome, error_code, attempts, total_latency_ms_sum,
             total_latency_ms_max, queue_latency_ms_sum, latency_buckets)
        SELECT * FROM grouped
        ON CONFLICT (minute, resource_type, direction, outcome, error_code) DO UPDATE
            SET attempts = s.attempts + EXCLUDED.attempts,
                total_latency_ms_sum = s.total_latency_ms_sum + EXCLUDED.total_latency_ms_sum,
                total_latency_ms_max = greatest(s.total_latency_ms_max, EXCLUDED.total_latency_ms_max),
                queue_latency_ms_sum = s.queue_latency_ms_sum + EXCLUDED.queue_latency_ms_sum,
                latency_buckets = pgnotion.int_array_add(s.latency_buckets, EXCLUDED.latency_buckets)
    )
    INSERT INTO pgnotion.sync_stats_hour AS s
        (hour, resource_type, direction, outcome, error_code, attempts, total_latency_ms_sum,
         total_latency_ms_max, queue_latency_ms_sum, latency_buckets)
    SELECT date_trunc('hour', minute), resource_type, direction, outcome, error_code, sum(attempts),
           sum(total_sum), max(total_max), sum(queue_sum),
           ARRAY[sum(buckets[1]), sum(buckets[2]), sum(buckets[3]), sum(buckets[4]), sum(buckets[5]),
                 sum(buckets[6]), sum(buckets[7]), sum(buckets[8]), sum(buckets[9]), sum(buckets[10]),
                 sum(buckets[11]), sum(buckets[12]), sum(buckets[13])]::integer[]
    FROM grouped GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (hour, resource_type, direction, outcome, error_code) DO UPDATE
        SET attempts = s.attempts + EXCLUDED.attempts,
            total_latency_ms_sum = s.total_latency_ms_sum + EXCLUDED.total_latency_ms_sum,
            total_latency_ms_max = greatest(s.total_latency_ms_max, EXCLUDED.total_latency_ms_max),
            queue_latency_ms_sum = s.queue_latency_ms_sum + EXCLUDED.queue_latency_ms_sum,
            latency_buckets = pgnotion.int_array_add(s.latency_buckets, EXCLUDED.latency_buckets);
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION pgnotion.snapshot_queue_depth() RETURNS integer LANGUAGE sql AS $$
    WITH counts AS (
        SELECT resource_type,
               count(*) FILTER (WHERE status = 'pending') AS pending,
               count(*) FILTER (WHERE status = 'retrying') AS retrying,
               count(*) FILTER (WHERE status = 'running') AS running,
               count(*) FILTER (WHERE status = 'dead') AS dead,
               extract(epoch FROM now() - min(created_at)
                       FILTER (WHERE status IN ('pending', 'retrying'))) * 1000 AS oldest
        FROM pgnotion.sync_queue
        WHERE status IN ('pending', 'retrying', 'running', 'dead')
        GROUP BY resource_type
    ), by_hour AS (
        -- The latest snapshot of an hour stands for it.
        INSERT INTO pgnotion.sync_depth_hour AS d
            (hour, resource_type, pending, retrying, running, dead, oldest_waiting_age_ms)
        SELECT date_trunc('hour', now()), resource_type, pending, retrying, running, dead, oldest FROM counts
        ON CONFLICT (hour, resource_type) DO UPDATE
            SET pending = EXCLUDED.pending, retrying = EXCLUDED.retrying, running = EXCLUDED.running,
                dead = EXCLUDED.dead, oldest_waiting_age_ms = EXCLUDED.oldest_waiting_age_ms
    ), snapshot AS (
        INSERT INTO pgnotion.sync_depth_minute AS d
            (minute, resource_type, pending, retrying, running, dead, oldest_waiting_age_ms)
        SELECT date_trunc('minute', now()), resource_type, pending, retrying, running, dead, oldest FROM counts
        ON CONFLICT (minute, resource_type) DO UPDATE
            SET pending = EXCLUDED.pending, retrying = EXCLUDED.retrying,
                running = EXCLUDED.running, dead = EXCLUDED.dead,
                oldest_waiting_age_ms = EXCLUDED.oldest_waiting_age_ms
        RETURNING 1
    )
    SELECT count(*)::integer FROM snapshot
$$;
