-- The seed's domain: the default schema of the demo and the tests. A user's own tables differ; the
-- mapping names them, and this set of migrations is optional (`pgnotion --migrate --engine-only`).

CREATE TABLE clients (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    name           text        NOT NULL,
    email          text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    notion_page_id text
);

CREATE TABLE tiers (
    id          uuid    PRIMARY KEY DEFAULT gen_random_uuid(),
    level       integer NOT NULL UNIQUE CHECK (level > 0),
    name        text    NOT NULL,
    price_cents integer
);

CREATE TABLE projects (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    name           text        NOT NULL,
    tier           integer     REFERENCES tiers (level),
    status         text        NOT NULL DEFAULT 'planning',
    payment_status text        NOT NULL DEFAULT 'unpaid',
    client_id      uuid        REFERENCES clients (id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    notion_page_id text
);
CREATE INDEX projects_client ON projects (client_id);

CREATE TABLE milestones (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id     uuid        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name           text        NOT NULL,
    status         text        NOT NULL DEFAULT 'pending',
    completed_at   timestamptz,
    notion_page_id text
);
CREATE INDEX milestones_project ON milestones (project_id);

CREATE TABLE deliverables (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id     uuid        NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name           text        NOT NULL,
    category       text,
    file_url       text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    notion_page_id text
);
CREATE INDEX deliverables_project ON deliverables (project_id);

CREATE TABLE payments (
    id          uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id  uuid          NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    amount      numeric(12,2) NOT NULL CHECK (amount >= 0),
    status      text          NOT NULL DEFAULT 'pending',
    received_at timestamptz
);
CREATE INDEX payments_project ON payments (project_id);

CREATE TABLE leads (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    name           text        NOT NULL,
    email          text,
    source         text,
    status         text        NOT NULL DEFAULT 'new',
    created_at     timestamptz NOT NULL DEFAULT now(),
    notion_page_id text
);

-- updated_at follows every real change of a project, but not the sync's own notion_page_id write.
CREATE FUNCTION touch_project_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (to_jsonb(NEW) - ARRAY['notion_page_id', 'updated_at'])
       IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['notion_page_id', 'updated_at']) THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER projects_touch BEFORE UPDATE ON projects
    FOR EACH ROW EXECUTE FUNCTION touch_project_updated_at();

-- The outbox: every write of a synced table enqueues its sync in the same transaction.
CREATE TRIGGER projects_sync AFTER INSERT OR UPDATE OR DELETE ON projects
    FOR EACH ROW EXECUTE FUNCTION pgnotion.enqueue_row_sync('project', 'id', 'notion_page_id', 'updated_at');
CREATE TRIGGER milestones_sync AFTER INSERT OR UPDATE OR DELETE ON milestones
    FOR EACH ROW EXECUTE FUNCTION pgnotion.enqueue_row_sync('milestone', 'id', 'notion_page_id');
CREATE TRIGGER deliverables_sync AFTER INSERT OR UPDATE OR DELETE ON deliverables
    FOR EACH ROW EXECUTE FUNCTION pgnotion.enqueue_row_sync('deliverable', 'id', 'notion_page_id');
CREATE TRIGGER payments_sync AFTER INSERT OR UPDATE OR DELETE ON payments
    FOR EACH ROW EXECUTE FUNCTION pgnotion.enqueue_row_sync('payment', 'id');
CREATE TRIGGER leads_sync AFTER INSERT OR UPDATE OR DELETE ON leads
    FOR EACH ROW EXECUTE FUNCTION pgnotion.enqueue_row_sync('lead', 'id', 'notion_page_id');
