package id.loket.ops;

import id.loket.config.Wib;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The rows of {@code ops_action}, as operators read them. */
@Component
public class ActionStore {

    static final String COLUMNS = "id, kind, merchant_id, order_id, state, proposed_by, proposed_at, approved_by,"
            + " approved_at, reason, comment, detail";

    private final JdbcClient jdbc;

    public ActionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The order's actions, oldest first. */
    public List<OpsAction> forOrder(long orderPk) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM ops_action WHERE order_pk = :pk ORDER BY id")
                .param("pk", orderPk).query(ActionStore::row).list();
    }

    static OpsAction row(ResultSet rs, int n) throws SQLException {
        return new OpsAction(rs.getLong("id"), rs.getString("kind"), rs.getString("merchant_id"),
                rs.getString("order_id"), rs.getString("state"), rs.getString("proposed_by"),
                Wib.at(rs.getObject("proposed_at", OffsetDateTime.class)), rs.getString("approved_by"),
                Wib.at(rs.getObject("approved_at", OffsetDateTime.class)), rs.getString("reason"),
                rs.getString("comment"), rs.getString("detail"));
    }
}
