-- 0021 (SQLite): a reading uploaded by mistake is withdrawn (撤回), never
-- deleted: the version stays, marked by a row here, which cannot be
-- changed or deleted either.
CREATE TABLE version_withdrawals (
    version_id   BIGINT PRIMARY KEY REFERENCES versions (id),
    reason       TEXT NOT NULL,
    withdrawn_by TEXT NOT NULL,
    withdrawn_at TIMESTAMP NOT NULL
);
CREATE TRIGGER version_withdrawals_no_update BEFORE UPDATE ON version_withdrawals
BEGIN SELECT RAISE(ABORT, 'lifa: withdrawals are permanent'); END;
CREATE TRIGGER version_withdrawals_no_delete BEFORE DELETE ON version_withdrawals
BEGIN SELECT RAISE(ABORT, 'lifa: withdrawals are permanent'); END;
