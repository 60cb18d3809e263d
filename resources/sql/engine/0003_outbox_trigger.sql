-- The transactional outbox: a trigger function any mapped table can use. It enqueues a sync job in the
-- same transaction as the write, so that no write is lost when the engine is not running, and a write
-- never fails because Notion is down.
--
-- Arguments (CREATE TRIGGER ... EXECUTE FUNCTION pgnotion.enqueue_row_sync(type, key, ignored...)):
--   TG_ARGV[0]  resource type
--   TG_ARGV[1]  key column (default 'id')
--   TG_ARGV[2+] columns the sync writes itself (notion_page_id, bookkeeping): a change to these alone
--               enqueues nothing, so the sync never echoes its own writes.
-- A transaction that sets `pgnotion.origin` to 'notion' (the inbound sync applying a Notion edit) enqueues
-- nothing either.
CREATE FUNCTION pgnotion.enqueue_row_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_key     text   := coalesce(TG_ARGV[1], 'id');
    v_ignored text[] := coalesce(TG_ARGV[2:TG_NARGS - 1], '{}');
    v_new     jsonb;
    v_old     jsonb;
    v_id      text;
    v_payload jsonb;
BEGIN
    IF TG_NARGS < 1 THEN
        RAISE EXCEPTION 'pgnotion.enqueue_row_sync on %: the resource type argument is missing',
            TG_TABLE_NAME USING ERRCODE = '22023';
    END IF;
    IF current_setting('pgnotion.origin', true) = 'notion' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        v_old := to_jsonb(OLD);
        v_id := v_old ->> v_key;
        v_payload := jsonb_build_object('operation', 'delete',
                                        'notion_page_id', v_old -> 'notion_page_id');
    ELSE
        v_new := to_jsonb(NEW);
        IF TG_OP = 'UPDATE' THEN
            v_old := to_jsonb(OLD);
            IF (v_new - v_ignored) = (v_old - v_ignored) THEN
                RETURN NULL;
            END IF;
        END IF;
        v_id := v_new ->> v_key;
        v_payload := jsonb_build_object('operation', 'upsert');
    END IF;
    IF v_id IS NULL THEN
        RAISE EXCEPTION 'pgnotion.enqueue_row_sync on %: key column "%" is missing or NULL',
            TG_TABLE_NAME, v_key USING ERRCODE = '22023';
    END IF;
    PERFORM pgnotion.enqueue(TG_ARGV[0], v_id, 'postgres_to_notion', 0::smallint, v_payload);
    RETURN NULL;
END
$$;
