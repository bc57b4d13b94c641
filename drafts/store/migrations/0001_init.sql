-- 0001: regulations, their immutable versions, stages, the audit log, the
-- change log and settings. {{ID}}, {{TIMESTAMP}} and {{BLOB}} are replaced
-- per dialect by the migration runner (see store.go).

CREATE TABLE stages (
    code     TEXT PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    position INTEGER NOT NULL
);

CREATE TABLE regulations (
    id         {{ID}},
    title      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    committee  TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT '',
    created_at {{TIMESTAMP}} NOT NULL,
    updated_at {{TIMESTAMP}} NOT NULL
);

CREATE TABLE versions (
    id            {{ID}},
    regulation_id BIGINT NOT NULL REFERENCES regulations (id),
    seq           INTEGER NOT NULL,
    stage         TEXT NOT NULL REFERENCES stages (code),
    label         TEXT NOT NULL DEFAULT '',
    version_date  TEXT NOT NULL DEFAULT '',
    explanation   TEXT NOT NULL DEFAULT '',
    filename      TEXT NOT NULL DEFAULT '',
    format        TEXT NOT NULL DEFAULT '',
    sha256        TEXT NOT NULL,
    articles      INTEGER NOT NULL,
    uploaded_by   TEXT NOT NULL,
    created_at    {{TIMESTAMP}} NOT NULL,
    document      TEXT NOT NULL,
    UNIQUE (regulation_id, seq)
);

CREATE TABLE version_files (
    version_id BIGINT PRIMARY KEY REFERENCES versions (id),
    filename   TEXT NOT NULL DEFAULT '',
    data       {{BLOB}} NOT NULL
);

CREATE TABLE audit_log (
    id        {{ID}},
    actor     TEXT NOT NULL,
    at        {{TIMESTAMP}} NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    detail    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE changes (
    seq       {{ID}},
    entity    TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    op        TEXT NOT NULL,
    at        {{TIMESTAMP}} NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
