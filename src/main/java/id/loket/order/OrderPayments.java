package id.loket.order;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * The history of an order's provider payments ({@code order_payment}). Each state move is one guarded
 * update ({@code ... AND state = ?}); a move that finds the row in another state did not happen.
 */
@Component("orderPayments")
public class OrderPayments {

    private static final RowMapper<OrderPayment> ROW = (rs, i) -> new OrderPayment(rs.getLong("id"),
            rs.getLong("order_pk"), rs.getString("sof_type"), rs.getString("sof_payment_code"), rs.getLong("amount"),
            rs.getString("state"), rs.getObject("attached_at", OffsetDateTime.class),
            rs.getObject("closed_at", OffsetDateTime.class), rs.getString("refund_ref"));

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public OrderPayments(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    /** A provider payment was attached to the order: it is the order's open one. Called inside the attach's transaction. */
    void opened(long orderPk, String sofType, String channel, String paymentCode, String providerRef, long amount) {
        jdbc.update("""
                INSERT INTO order_payment (order_pk, sof_type, sof_channel, sof_payment_code, sof_provider_ref, amount,
                  state, attached_at) VALUES (?,?,?,?,?,?,?,?)""",
                orderPk, sofType, channel, paymentCode, providerRef, amount, OrderPayment.OPEN, now());
    }

    /** The provider confirmed the close of the order's open payment. Called inside the order's move back to choosing. */
    boolean closed(long orderPk, String sofType, String paymentCode) {
        return jdbc.update("""
                UPDATE order_payment SET state = ?, closed_at = ?
                WHERE order_pk = ? AND sof_type = ? AND sof_payment_code = ? AND state = ?""",
                OrderPayment.CLOSED, now(), orderPk, sofType, paymentCode, OrderPayment.OPEN) == 1;
    }

    public Optional<OrderPayment> byCode(String sofType, String paymentCode) {
        return jdbc.query("SELECT * FROM order_payment WHERE sof_type = ? AND sof_payment_code = ?", ROW, sofType,
                paymentCode).stream().findFirst();
    }

    public OrderPayment byId(long id) {
        return jdbc.queryForObject("SELECT * FROM order_payment WHERE id = ?", ROW, id);
    }

    public List<OrderPayment> ofOrder(long orderPk) {
        return jdbc.query("SELECT * FROM order_payment WHERE order_pk = ? ORDER BY id", ROW, orderPk);
    }

    /**
     * The provider says the customer paid a closed payment: its refund is owed from now on, held by this
     * node for {@code hold} and then due again for any node. False when another callback came first.
     */
    public boolean late(OrderPayment p, Duration hold) {
        return jdbc.update("UPDATE order_payment SET state = ?, late_at = ?, work_due_at = ? WHERE id = ? AND state = ?",
                OrderPayment.LATE, now(), now().plus(hold), p.id(), OrderPayment.CLOSED) == 1;
    }

    /** Claims an owed refund for this node: a compare-and-set on {@code work_due_at}, as for orders. */
    public boolean claimRefund(long id, Duration hold) {
        OffsetDateTime now = now();
        return jdbc.update("UPDATE order_payment SET work_due_at = ? WHERE id = ? AND state = ? AND work_due_at <= ?",
                now.plus(hold), id, OrderPayment.LATE, now) == 1;
    }

    /** The owed refund is to be asked again at {@code due}. */
    public void refundDue(long id, OffsetDateTime due) {
        jdbc.update("UPDATE order_payment SET work_due_at = ? WHERE id = ? AND state = ?", due, id, OrderPayment.LATE);
    }

    /** The provider confirmed the refund (refundRef), or holds no money for the payment (null). */
    public boolean refunded(long id, String refundRef) {
        return jdbc.update("""
                UPDATE order_payment SET state = ?, refund_ref = ?, refunded_at = ?, work_due_at = NULL
                WHERE id = ? AND state = ?""",
                refundRef == null ? OrderPayment.CLOSED : OrderPayment.REFUNDED, refundRef, now(), id,
                OrderPayment.LATE) == 1;
    }
}
