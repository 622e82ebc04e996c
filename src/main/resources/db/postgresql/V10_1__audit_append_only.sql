-- PostgreSQL only (db/{vendor}): the audit trail is append-only. Any UPDATE, DELETE or TRUNCATE of
-- ops_audit is refused, whoever sends it; the hub's code only ever inserts.
CREATE FUNCTION ops_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'ops_audit is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER ops_audit_no_change
    BEFORE UPDATE OR DELETE ON ops_audit
    FOR EACH ROW EXECUTE FUNCTION ops_audit_append_only();

CREATE TRIGGER ops_audit_no_truncate
    BEFORE TRUNCATE ON ops_audit
    FOR EACH STATEMENT EXECUTE FUNCTION ops_audit_append_only();
