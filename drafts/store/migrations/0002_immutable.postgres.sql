-- 0002 (PostgreSQL): versions, their files and the audit log cannot be
-- changed or deleted, whatever code runs against the database.
CREATE FUNCTION lifa_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'lifa: % is immutable', TG_TABLE_NAME;
END
$$;
CREATE TRIGGER versions_immutable BEFORE UPDATE OR DELETE ON versions
    FOR EACH ROW EXECUTE FUNCTION lifa_refuse_change();
CREATE TRIGGER version_files_immutable BEFORE UPDATE OR DELETE ON version_files
    FOR EACH ROW EXECUTE FUNCTION lifa_refuse_change();
CREATE TRIGGER audit_log_immutable BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION lifa_refuse_change();
