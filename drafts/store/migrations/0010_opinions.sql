-- 0010: accounts and roles, sessions, API tokens, contact points,
-- consultations, meetings and opinions (issue 6). Opinions are never
-- deleted: moderation hides them with a reason.

CREATE TABLE contact_points (
    id         {{ID}},
    name       TEXT NOT NULL UNIQUE,
    region     TEXT NOT NULL DEFAULT '',
    address    TEXT NOT NULL DEFAULT '',
    created_at {{TIMESTAMP}} NOT NULL
);

CREATE TABLE accounts (
    id               {{ID}},
    name             TEXT NOT NULL UNIQUE,
    display_name     TEXT NOT NULL,
    role             TEXT NOT NULL,
    contact_point_id BIGINT REFERENCES contact_points (id),
    password_hash    TEXT NOT NULL,
    disabled         INTEGER NOT NULL DEFAULT 0,
    created_at       {{TIMESTAMP}} NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    csrf       TEXT NOT NULL,
    created_at {{TIMESTAMP}} NOT NULL,
    expires_at {{TIMESTAMP}} NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE api_tokens (
    id         {{ID}},
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    label      TEXT NOT NULL DEFAULT '',
    token_hash TEXT NOT NULL UNIQUE,
    created_at {{TIMESTAMP}} NOT NULL,
    last_used  {{TIMESTAMP}},
    revoked    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE consultations (
    id           {{ID}},
    version_id   BIGINT NOT NULL REFERENCES versions (id),
    title        TEXT NOT NULL DEFAULT '',
    audience     TEXT NOT NULL,
    opens_at     {{TIMESTAMP}} NOT NULL,
    closes_at    {{TIMESTAMP}} NOT NULL,
    instructions TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL,
    created_at   {{TIMESTAMP}} NOT NULL
);
CREATE INDEX consultations_version ON consultations (version_id);

CREATE TABLE consultation_contact_points (
    consultation_id  BIGINT NOT NULL REFERENCES consultations (id),
    contact_point_id BIGINT NOT NULL REFERENCES contact_points (id),
    PRIMARY KEY (consultation_id, contact_point_id)
);

CREATE TABLE meetings (
    id               {{ID}},
    contact_point_id BIGINT NOT NULL REFERENCES contact_points (id),
    consultation_id  BIGINT NOT NULL REFERENCES consultations (id),
    meeting_date     TEXT NOT NULL,
    place            TEXT NOT NULL,
    participants     INTEGER NOT NULL,
    note             TEXT NOT NULL DEFAULT '',
    created_by       TEXT NOT NULL,
    created_at       {{TIMESTAMP}} NOT NULL
);

CREATE TABLE opinions (
    id               {{ID}},
    receipt          TEXT NOT NULL UNIQUE,
    version_id       BIGINT NOT NULL REFERENCES versions (id),
    consultation_id  BIGINT NOT NULL REFERENCES consultations (id),
    article          INTEGER NOT NULL,
    article_sub      INTEGER NOT NULL DEFAULT 0,
    paragraph        INTEGER NOT NULL DEFAULT 0,
    item             INTEGER NOT NULL DEFAULT 0,
    quote            TEXT NOT NULL DEFAULT '',
    quote_start      INTEGER NOT NULL DEFAULT 0,
    quote_end        INTEGER NOT NULL DEFAULT 0,
    body             TEXT NOT NULL,
    author_name      TEXT NOT NULL DEFAULT '',
    contact          TEXT NOT NULL DEFAULT '',
    source           TEXT NOT NULL,
    contact_point_id BIGINT,
    meeting_id       BIGINT REFERENCES meetings (id),
    account_id       BIGINT,
    status           TEXT NOT NULL,
    hidden_reason    TEXT NOT NULL DEFAULT '',
    norm_hash        TEXT NOT NULL DEFAULT '',
    group_id         BIGINT NOT NULL DEFAULT 0,
    disposition      TEXT NOT NULL DEFAULT '',
    answer           TEXT NOT NULL DEFAULT '',
    answered_by      TEXT NOT NULL DEFAULT '',
    answered_at      {{TIMESTAMP}},
    client_ip        TEXT NOT NULL DEFAULT '',
    created_at       {{TIMESTAMP}} NOT NULL
);
CREATE INDEX opinions_version_article ON opinions (version_id, article, article_sub);
CREATE INDEX opinions_consultation ON opinions (consultation_id, contact_point_id);
