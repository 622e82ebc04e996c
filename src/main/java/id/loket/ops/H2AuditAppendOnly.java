package id.loket.ops;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import org.h2.api.Trigger;

/**
 * The embedded database's twin of PostgreSQL's {@code ops_audit_append_only()}: a row trigger of
 * H2 ({@code db/h2/V10_1__audit_append_only.sql}) that refuses every UPDATE and DELETE of the
 * audit trail, whoever sends it, with the same SQL state ({@code 23001}, restrict violation).
 */
public class H2AuditAppendOnly implements Trigger {

    private String table;
    private String operation;

    @Override
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before, int type) {
        this.table = tableName.toLowerCase(Locale.ROOT);
        this.operation = (type & Trigger.DELETE) != 0 ? "DELETE" : "UPDATE";
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        throw new SQLException(table + " is append-only: " + operation + " refused", "23001");
    }
}
