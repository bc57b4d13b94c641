-- 0022: an upload waits here, parsed and shown with its warnings, until
-- the person confirms it (issue 12); confirming creates the immutable
-- version and removes the row. Rows older than a day are removed.
CREATE TABLE pending_uploads (
    id            {{ID}},
    token         TEXT NOT NULL UNIQUE,
    regulation_id BIGINT NOT NULL REFERENCES regulations (id),
    actor         TEXT NOT NULL,
    stage         TEXT NOT NULL,
    label         TEXT NOT NULL DEFAULT '',
    version_date  TEXT NOT NULL DEFAULT '',
    explanation   TEXT NOT NULL DEFAULT '',
    filename      TEXT NOT NULL,
    data          {{BLOB}} NOT NULL,
    created_at    {{TIMESTAMP}} NOT NULL
);
