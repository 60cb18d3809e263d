-- The least-privilege role of a headless worker (pgnotion --headless), for the default mapping.
--
-- An admin (the owner of the tables, e.g. Supabase's "postgres") first applies the migrations, creates
-- the role, then runs this script; again after every upgrade that adds migrations (it is idempotent):
--
--   pgnotion --migrate --database-url "$ADMIN_URL"
--   psql "$ADMIN_URL" -c "CREATE ROLE pgnotion_worker LOGIN PASSWORD '...'"
--   psql "$ADMIN_URL" -v ON_ERROR_STOP=1 -v worker_role=pgnotion_worker -f worker-role.sql
--
-- The worker then runs with postgresql://pgnotion_worker:...@host/db: it reads the schema version at
-- start (and asks for an admin's pgnotion --migrate when migrations are pending), runs the queue, reads
-- the mapped rows and writes only the columns the sync itself writes. It cannot create, alter or drop
-- anything, cannot change any other column, and cannot read tables the mapping does not use.
--
-- Another mapping: keep the pgnotion part as it is and write the domain part from the mapping file:
-- SELECT on each resource's table (and on every table its "query" joins), UPDATE on its page id column
-- and on the columns of its "inbound" rules (including their "also" columns).

\if :{?worker_role}
\else
\echo 'worker-role.sql: set the role to grant to: psql -v worker_role=NAME -f worker-role.sql'
\quit
\endif

-- Connecting; the schemas. PUBLIC usually has CONNECT already: granted here so that a database that
-- revoked it works too.
GRANT CONNECT ON DATABASE :"DBNAME" TO :"worker_role";
GRANT USAGE ON SCHEMA pgnotion TO :"worker_role";
GRANT USAGE ON SCHEMA public TO :"worker_role";

-- ---------------------------------------------------------------------------------------------------
-- The engine's schema (pgnotion.*). Its functions run with the caller's rights (none is SECURITY
-- DEFINER), so each table a function writes needs the matching grant below.
-- ---------------------------------------------------------------------------------------------------

-- claim_jobs, complete_jobs, fail_job, release_jobs, heartbeat, rescue_lost_jobs, enqueue (and the
-- outbox trigger enqueue_row_sync, which runs as whoever writes a synced row), snapshot_queue_depth.
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA pgnotion TO :"worker_role";

-- Start-up: is the schema current? Read only; applying migrations stays an admin's job.
GRANT SELECT ON pgnotion.schema_migrations TO :"worker_role";

-- The queue: enqueue (INSERT ... ON CONFLICT), claim and fail (UPDATE), complete (DELETE: a completed
-- job leaves the queue; its sync_log row is the record), the idle check and rescue (SELECT).
GRANT SELECT, INSERT, UPDATE, DELETE ON pgnotion.sync_queue TO :"worker_role";
-- Pause: claim_jobs reads the flag. Pausing and resuming stay the dashboard's (an admin's) actions.
GRANT SELECT ON pgnotion.queue_control TO :"worker_role";

-- The log of every attempt, and the rollups its insert trigger keeps (INSERT ... ON CONFLICT DO UPDATE
-- reads the row it adds to); the supervisor's queue-depth samples.
GRANT INSERT ON pgnotion.sync_log TO :"worker_role";
GRANT SELECT, INSERT, UPDATE ON pgnotion.sync_stats_minute, pgnotion.sync_stats_hour TO :"worker_role";
GRANT SELECT, INSERT, UPDATE ON pgnotion.sync_depth_minute, pgnotion.sync_depth_hour TO :"worker_role";

-- The worker's own registration and heartbeat; rescue reads the others'.
GRANT SELECT, INSERT, UPDATE ON pgnotion.sync_workers TO :"worker_role";

-- What was last synced per row (exactly-once creates, minimal updates); DELETE when a row is gone.
GRANT SELECT, INSERT, UPDATE, DELETE ON pgnotion.sync_state TO :"worker_role";

-- Notion -> Postgres: the poll cursors and the pages seen, and conflicts found (INSERT ... RETURNING id).
GRANT SELECT, INSERT, UPDATE ON pgnotion.inbound_cursors, pgnotion.inbound_pages TO :"worker_role";
GRANT SELECT, INSERT ON pgnotion.sync_conflicts TO :"worker_role";

-- pgnotion --headless --import: where an interrupted import resumes.
GRANT SELECT, INSERT, UPDATE ON pgnotion.initial_import_progress TO :"worker_role";

-- Not granted: pgnotion.alert_events (the dashboard's), DELETE on the log and rollups (pruning is an
-- admin's job: SELECT pgnotion.prune('30 days') as the admin), and every CREATE, ALTER, DROP, TRUNCATE.

-- ---------------------------------------------------------------------------------------------------
-- The mapped tables of the default mapping (resources/mapping/default.json).
-- ---------------------------------------------------------------------------------------------------

-- Projects: the row (the mapping's query reads p.*), its page id, and Status (inbound rule).
GRANT SELECT ON public.projects TO :"worker_role";
GRANT UPDATE (notion_page_id, status) ON public.projects TO :"worker_role";
-- The project's query joins the client for its name only: its other columns (email) stay unreadable.
GRANT SELECT (id, name) ON public.clients TO :"worker_role";

-- Milestones (Notion tasks): the row, its page id, and Status with completed_at (inbound rule and
-- its "also").
GRANT SELECT ON public.milestones TO :"worker_role";
GRANT UPDATE (notion_page_id, status, completed_at) ON public.milestones TO :"worker_role";

-- Deliverables: the row and its page id.
GRANT SELECT ON public.deliverables TO :"worker_role";
GRANT UPDATE (notion_page_id) ON public.deliverables TO :"worker_role";

-- Payments have no page of their own: they set their project's Payment Status. Read only.
GRANT SELECT ON public.payments TO :"worker_role";

-- Leads are off in the default mapping. When enabled:
-- GRANT SELECT ON public.leads TO :"worker_role";
-- GRANT UPDATE (notion_page_id) ON public.leads TO :"worker_role";

-- pgnotion --headless --import --create-rows makes a row of each page that has none: only then, INSERT
-- on the columns it fills (the title column, the page id and the inbound rules' columns), e.g.
-- GRANT INSERT (name, notion_page_id, status) ON public.projects TO :"worker_role";
-- GRANT INSERT (name, notion_page_id, status, completed_at) ON public.milestones TO :"worker_role";
-- Rows whose other columns are NOT NULL without a default are refused anyway (the import reports them).

-- Not granted: tiers (the mapping writes the tier level as text, it never reads that table), any
-- other column, INSERT and DELETE on every mapped table (rows are Postgres's; Notion never creates or
-- deletes them).
