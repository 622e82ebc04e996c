package id.loket.order;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The history of an order's provider payments ({@code order_payment}). Each state move is one guarded
 * update ({@code ... AND state = ?}); a move that finds the row in another state did not happen.
 */
@Component("orderPayments")
public class OrderPayments {

    /** A payment's row, read into {@link OrderPayment} by its record components' names. */
    private static final String PAYMENT = "SELECT *, sof_payment_code AS payment_code FROM order_payment";

    private final JdbcClient jdbc;
    private final Clock clock;

    public OrderPayments(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    /** A provider payment was attached to the order: it is the order's open one. Called inside the attach's transaction. */
    void opened(long orderPk, String sofType, String channel, String paymentCode, String providerRef, long amount) {
        jdbc.sql("""
                INSERT INTO order_payment (order_pk, sof_type, sof_channel, sof_payment_code, sof_provider_ref, amount,
                  state, attached_at)
                VALUES (:orderPk, :sofType, :channel, :paymentCode, :providerRef, :amount, :state, :now)""")
                .param("orderPk", orderPk).param("sofType", sofType).param("channel", channel)
                .param("paymentCode", paymentCode).param("providerRef", providerRef).param("amount", amount)
                .param("state", OrderPayment.OPEN).param("now", now()).update();
    }

    /** The provider confirmed the close of the order's open payment. Called inside the order's move back to choosing. */
    boolean closed(long orderPk, String sofType, String paymentCode) {
        return jdbc.sql("""
                UPDATE order_payment SET state = :closed, closed_at = :now
                WHERE order_pk = :orderPk AND sof_type = :sofType AND sof_payment_code = :paymentCode AND state = :open""")
                .param("closed", OrderPayment.CLOSED).param("now", now()).param("orderPk", orderPk)
                .param("sofType", sofType).param("paymentCode", paymentCode).param("open", OrderPayment.OPEN)
                .update() == 1;
    }

    public Optional<OrderPayment> byCode(String sofType, String paymentCode) {
        return jdbc.sql(PAYMENT + " WHERE sof_type = :sofType AND sof_payment_code = :paymentCode")
                .param("sofType", sofType).param("paymentCode", paymentCode).query(OrderPayment.class).optional();
    }

    public OrderPayment byId(long id) {
        return jdbc.sql(PAYMENT + " WHERE id = :id").param("id", id).query(OrderPayment.class).single();
    }

    public List<OrderPayment> ofOrder(long orderPk) {
        return jdbc.sql(PAYMENT + " WHERE order_pk = :orderPk ORDER BY id").param("orderPk", orderPk)
                .query(OrderPayment.class).list();
    }

    /**
     * The provider says the customer paid a closed payment: its refund is owed from now on, held by this
     * node for {@code hold} and then due again for any node. False when another callback came first.
     */
    public boolean late(OrderPayment p, Duration hold) {
        OffsetDateTime now = now();
        return jdbc.sql("""
                UPDATE order_payment SET state = :late, late_at = :now, work_due_at = :due WHERE id = :id AND state = :closed""")
                .param("late", OrderPayment.LATE).param("now", now).param("due", now.plus(hold)).param("id", p.id())
                .param("closed", OrderPayment.CLOSED).update() == 1;
    }

    /** Claims an owed refund for this node: a compare-and-set on {@code work_due_at}, as for orders. */
    public boolean claimRefund(long id, Duration hold) {
        OffsetDateTime now = now();
        return jdbc.sql("""
                UPDATE order_payment SET work_due_at = :due WHERE id = :id AND state = :late AND work_due_at <= :now""")
                .param("due", now.plus(hold)).param("id", id).param("late", OrderPayment.LATE).param("now", now)
                .update() == 1;
    }

    /** The owed refund is to be asked again at {@code due}. */
    public void refundDue(long id, OffsetDateTime due) {
        jdbc.sql("UPDATE order_payment SET work_due_at = :due WHERE id = :id AND state = :late")
                .param("due", due).param("id", id).param("late", OrderPayment.LATE).update();
    }

    /** The provider confirmed the refund (refundRef), or holds no money for the payment (null). */
    public boolean refunded(long id, String refundRef) {
        return jdbc.sql("""
                UPDATE order_payment SET state = :state, refund_ref = :refundRef, refunded_at = :now, work_due_at = NULL
                WHERE id = :id AND state = :late""")
                .param("state", refundRef == null ? OrderPayment.CLOSED : OrderPayment.REFUNDED)
                .param("refundRef", refundRef).param("now", now()).param("id", id).param("late", OrderPayment.LATE)
                .update() == 1;
    }
}
