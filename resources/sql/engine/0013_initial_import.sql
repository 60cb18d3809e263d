-- The initial import (issue 6, the seed's migration Steps 1-3): existing Notion pages matched to rows and
-- linked. Progress per resource and data source, committed with each batch of links, so that an
-- interrupted import resumes after the last batch it finished instead of starting over.
CREATE TABLE pgnotion.initial_import_progress (
    resource_type     text        NOT NULL,
    data_source_id    text        NOT NULL,
    -- The last page processed, in the import's order (created_time, then page id). created_time is
    -- rounded to the minute by Notion, so the page id breaks ties.
    last_created_time timestamptz,
    last_page_id      text,
    pages_done        bigint      NOT NULL DEFAULT 0,
    pages_linked      bigint      NOT NULL DEFAULT 0,
    started_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    finished_at       timestamptz,          -- NULL: an import is under way (or was interrupted)
    PRIMARY KEY (resource_type, data_source_id)
);
