package id.loket.ops;

import id.loket.config.Wib;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The audit trail: who did what, when, from where. Rows are only ever inserted: this class has no
 * update and no delete, and on PostgreSQL a trigger refuses both.
 */
@Component
public class AuditTrail {

    private final JdbcClient jdbc;
    private final Clock clock;

    public AuditTrail(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Writes one entry; in the caller's transaction when there is one, so an action and its entry
     * commit together.
     *
     * @param action  LOGIN, LOGOUT, PROPOSE, APPROVE, REJECT, RESEND, RETRY_BILLER, RESOLVE
     * @param outcome OK, FAILED, REFUSED
     */
    public void record(String actor, String action, String merchantId, String orderId, Long actionId, String detail,
                       String outcome, String clientAddress) {
        jdbc.sql("""
                INSERT INTO ops_audit (created_at, actor, action, merchant_id, order_id, action_id, detail, outcome, client_address)
                VALUES (:at, :actor, :action, :merchantId, :orderId, :actionId, :detail, :outcome, :clientAddress)""")
                .param("at", OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                .param("actor", cut(actor, 64)).param("action", action)
                .param("merchantId", cut(merchantId, 64)).param("orderId", cut(orderId, 30)).param("actionId", actionId)
                .param("detail", cut(detail, 2000)).param("outcome", outcome)
                .param("clientAddress", cut(clientAddress, 64))
                .update();
    }

    /** The operator's entry: their name and address. */
    public void record(Operator who, String action, String merchantId, String orderId, Long actionId, String detail,
                       String outcome) {
        record(who.name(), action, merchantId, orderId, actionId, detail, outcome, who.clientAddress());
    }

    /** Entries newest first, from the WIB day {@code from} if given. */
    public Page<AuditEntry> page(LocalDate from, int limit, String after) {
        Long before = after == null ? null : parseId(Page.position(after));
        List<AuditEntry> rows = jdbc.sql("SELECT id, created_at AS at, actor, action, merchant_id, order_id, detail,"
                        + " outcome, client_address FROM ops_audit WHERE 1 = 1"
                        + (from == null ? "" : " AND created_at >= :from")
                        + (before == null ? "" : " AND id < :before")
                        + " ORDER BY id DESC LIMIT :limit")
                .param("from", from == null ? null : Wib.startOf(from))
                .param("before", before).param("limit", limit + 1)
                .query((rs, n) -> new AuditEntry(rs.getLong("id"), Wib.at(rs.getObject("at", OffsetDateTime.class)),
                        rs.getString("actor"), rs.getString("action"), rs.getString("merchant_id"),
                        rs.getString("order_id"), rs.getString("detail"), rs.getString("outcome"),
                        rs.getString("client_address")))
                .list();
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<AuditEntry> page = rows.subList(0, limit);
        return new Page<>(List.copyOf(page), Page.cursor(Long.toString(page.get(limit - 1).id())));
    }

    /** Entries about one order, oldest first (its story). */
    public List<AuditEntry> forOrder(String merchantId, String orderId) {
        return jdbc.sql("SELECT id, created_at AS at, actor, action, merchant_id, order_id, detail, outcome, client_address"
                        + " FROM ops_audit WHERE merchant_id = :m AND order_id = :o ORDER BY id")
                .param("m", merchantId).param("o", orderId)
                .query((rs, n) -> new AuditEntry(rs.getLong("id"), Wib.at(rs.getObject("at", OffsetDateTime.class)),
                        rs.getString("actor"), rs.getString("action"), rs.getString("merchant_id"),
                        rs.getString("order_id"), rs.getString("detail"), rs.getString("outcome"),
                        rs.getString("client_address")))
                .list();
    }

    private static Long parseId(String position) {
        try {
            return Long.parseLong(position);
        } catch (NumberFormatException e) {
            throw OpsError.badRequest("after", "not a cursor of this list");
        }
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
