-- 0021 (PostgreSQL): a reading uploaded by mistake is withdrawn (撤回),
-- never deleted: the version stays, marked by a row here, which cannot be
-- changed or deleted either.
CREATE TABLE version_withdrawals (
    version_id   BIGINT PRIMARY KEY REFERENCES versions (id),
    reason       TEXT NOT NULL,
    withdrawn_by TEXT NOT NULL,
    withdrawn_at TIMESTAMPTZ NOT NULL
);
CREATE TRIGGER version_withdrawals_immutable BEFORE UPDATE OR DELETE ON version_withdrawals
    FOR EACH ROW EXECUTE FUNCTION lifa_refuse_change();
