package id.loket.ops;

import id.loket.config.Wib;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * The rows of {@code ops_action}, as operators read them, and their guarded state changes: a decision
 * takes a row only while it is {@code PENDING_APPROVAL} ({@code UPDATE ... WHERE id = ? AND state =
 * 'PENDING_APPROVAL'}), so of two approvers at once exactly one decides. Every write runs in the
 * caller's transaction, with the order's move and the audit entries.
 */
@Component
public class ActionStore {

    public static final String PENDING = "PENDING_APPROVAL";
    public static final String DONE = "DONE";
    public static final String REJECTED = "REJECTED";
    public static final String FAILED = "FAILED";
    public static final List<String> STATES = List.of(PENDING, DONE, REJECTED, FAILED);

    static final String COLUMNS = "id, kind, merchant_id, order_id, state, proposed_by, proposed_at, approved_by,"
            + " approved_at, reason, comment, detail";

    private final JdbcClient jdbc;
    private final Clock clock;

    public ActionStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * What a proposal holds besides its public shape: the order it is about, the order's status when it
     * was proposed, and the amount or biller reference the effect needs.
     */
    public record Stored(OpsAction action, long orderPk, String orderStatus, Long amount, String billerReference) {
    }

    /** The order's actions, oldest first. */
    public List<OpsAction> forOrder(long orderPk) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM ops_action WHERE order_pk = :pk ORDER BY id")
                .param("pk", orderPk).query(ActionStore::row).list();
    }

    /** A new action row; {@code decidedBy} set (with its time) for an action that took effect at once. */
    public long insert(String kind, long orderPk, String merchantId, String orderId, String state, String orderStatus,
                       Long amount, String billerReference, String reason, String detail, String proposedBy,
                       String decidedBy) {
        OffsetDateTime now = now();
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO ops_action (kind, order_pk, merchant_id, order_id, state, order_status, amount, biller_reference,
                  reason, detail, proposed_by, proposed_at, approved_by, approved_at)
                VALUES (:kind, :pk, :merchantId, :orderId, :state, :orderStatus, :amount, :billerReference,
                  :reason, :detail, :proposedBy, :now, :approvedBy, :approvedAt)""")
                .param("kind", kind).param("pk", orderPk).param("merchantId", merchantId).param("orderId", orderId)
                .param("state", state).param("orderStatus", orderStatus).param("amount", amount)
                .param("billerReference", billerReference).param("reason", cut(reason, 500))
                .param("detail", cut(detail, 2000)).param("proposedBy", proposedBy).param("now", now)
                .param("approvedBy", decidedBy).param("approvedAt", decidedBy == null ? null : now)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    public Optional<OpsAction> byId(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM ops_action WHERE id = :id").param("id", id)
                .query(ActionStore::row).optional();
    }

    /** The action with what its effect needs. */
    public Optional<Stored> stored(long id) {
        return jdbc.sql("SELECT " + COLUMNS + ", order_pk, order_status, amount, biller_reference FROM ops_action WHERE id = :id")
                .param("id", id)
                .query((rs, n) -> new Stored(row(rs, n), rs.getLong("order_pk"), rs.getString("order_status"),
                        (Long) rs.getObject("amount", Long.class), rs.getString("biller_reference")))
                .optional();
    }

    /**
     * The decision on a pending action: {@code PENDING_APPROVAL -> state}, guarded, with who decided,
     * when, their comment and the detail. False when the action is no longer pending (another decided).
     */
    public boolean decide(long id, String state, String decidedBy, String comment, String detail) {
        return jdbc.sql("""
                UPDATE ops_action SET state = :state, approved_by = :by, approved_at = :now, comment = :comment,
                  detail = COALESCE(:detail, detail)
                WHERE id = :id AND state = 'PENDING_APPROVAL'""")
                .param("state", state).param("by", decidedBy).param("now", now()).param("comment", cut(comment, 500))
                .param("detail", cut(detail, 2000)).param("id", id).update() == 1;
    }

    /** A decided action's state and detail change with its effect (DONE -> FAILED), in the same transaction. */
    public void outcome(long id, String state, String detail) {
        jdbc.sql("UPDATE ops_action SET state = :state, detail = :detail WHERE id = :id")
                .param("state", state).param("detail", cut(detail, 2000)).param("id", id).update();
    }

    /** Actions newest first, by id (keyset); {@code state} null for all. */
    public List<OpsAction> page(String state, int limit, Long before) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM ops_action WHERE 1 = 1"
                        + (state == null ? "" : " AND state = :state")
                        + (before == null ? "" : " AND id < :before")
                        + " ORDER BY id DESC LIMIT :limit")
                .param("state", state).param("before", before).param("limit", limit)
                .query(ActionStore::row).list();
    }

    static OpsAction row(ResultSet rs, int n) throws SQLException {
        return new OpsAction(rs.getLong("id"), rs.getString("kind"), rs.getString("merchant_id"),
                rs.getString("order_id"), rs.getString("state"), rs.getString("proposed_by"),
                Wib.at(rs.getObject("proposed_at", OffsetDateTime.class)), rs.getString("approved_by"),
                Wib.at(rs.getObject("approved_at", OffsetDateTime.class)), rs.getString("reason"),
                rs.getString("comment"), rs.getString("detail"));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
