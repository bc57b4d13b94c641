-- 0030: reports on a reading (修改情况的汇报 / 审议结果的报告, issue 14).
-- A report compares two readings; every save is a new revision, kept for
-- ever; one revision may be marked final.

CREATE TABLE reports (
    id              {{ID}},
    regulation_id   BIGINT NOT NULL REFERENCES regulations (id),
    from_version_id BIGINT NOT NULL REFERENCES versions (id),
    to_version_id   BIGINT NOT NULL REFERENCES versions (id),
    kind            TEXT NOT NULL,
    title           TEXT NOT NULL,
    revisions       INTEGER NOT NULL DEFAULT 0,
    final_seq       INTEGER NOT NULL DEFAULT 0,
    final_by        TEXT NOT NULL DEFAULT '',
    final_at        {{TIMESTAMP}},
    created_by      TEXT NOT NULL,
    created_at      {{TIMESTAMP}} NOT NULL,
    updated_by      TEXT NOT NULL,
    updated_at      {{TIMESTAMP}} NOT NULL,
    UNIQUE (from_version_id, to_version_id)
);
CREATE INDEX reports_regulation ON reports (regulation_id);

CREATE TABLE report_revisions (
    report_id BIGINT NOT NULL REFERENCES reports (id),
    seq       INTEGER NOT NULL,
    content   TEXT NOT NULL,
    note      TEXT NOT NULL DEFAULT '',
    saved_by  TEXT NOT NULL,
    saved_at  {{TIMESTAMP}} NOT NULL,
    PRIMARY KEY (report_id, seq)
);
