-- 0003: indexes for the list queries.
CREATE INDEX versions_regulation ON versions (regulation_id, seq);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
