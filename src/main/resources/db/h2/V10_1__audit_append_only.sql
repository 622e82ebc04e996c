-- H2 only (db/{vendor}): the audit trail is append-only, as on PostgreSQL. Any UPDATE or DELETE of
-- ops_audit is refused by the Java trigger id.loket.ops.H2AuditAppendOnly.
CREATE TRIGGER ops_audit_no_update BEFORE UPDATE ON ops_audit FOR EACH ROW CALL 'id.loket.ops.H2AuditAppendOnly';
CREATE TRIGGER ops_audit_no_delete BEFORE DELETE ON ops_audit FOR EACH ROW CALL 'id.loket.ops.H2AuditAppendOnly';
