package id.loket.order;

import id.loket.api.ApiException;
import id.loket.config.TraceId;
import id.loket.notification.NotificationBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The refunds of orders ({@code order_refund}) and the order's refund totals. Taking a refund locks
 * the order's row, so "what remains" (paid less every refund taken, confirmed or owed) is read and
 * reduced in one transaction with the refund row: concurrent refunds never take more than was paid.
 * A confirmation moves the order (PARTIALLY_REFUNDED or REFUNDED) and writes its notification in one
 * transaction, once per refund.
 */
@Component("refundStore")
public class RefundStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final OrderStore orders;
    private final NotificationBuilder notifications;
    private final Clock clock = Clock.systemUTC();

    public RefundStore(JdbcTemplate jdbc, TransactionTemplate tx, OrderStore orders, NotificationBuilder notifications) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.orders = orders;
        this.notifications = notifications;
    }

    /** A refund taken now, or the earlier one of the same Idempotency-Key ({@code replay}). */
    public record Taken(Refund refund, boolean replay) {
    }

    /**
     * Takes the refund or void the Mitra asked for, or refuses it with the contract's code leaving
     * nothing behind. The refund is owed from the commit on: the order's background work is due
     * after one hold, so if this node dies before the provider answers, another asks it.
     */
    public Taken take(String merchantId, RefundCommand c) {
        PaymentOrder found = orders.byMerchantOrder(merchantId, c.orderId()).orElseThrow(ApiException::orderNotFound);
        try {
            return underLock(() -> tx.execute(s -> {
                PaymentOrder o = jdbc.query("SELECT * FROM payment_order WHERE id = ? FOR UPDATE", OrderStore.ROW,
                        found.pk).get(0);
                if (c.idempotencyKey() != null) {
                    Optional<Refund> earlier = byKey(merchantId, c.idempotencyKey());
                    if (earlier.isPresent()) {
                        return replay(earlier.get(), c);
                    }
                }
                long amount = amountToTake(o, c);
                OffsetDateTime now = now();
                int n = jdbc.update("""
                        UPDATE payment_order SET refund_taken = refund_taken + ?, work_due_at = ?, updated_at = ?
                        WHERE id = ? AND status IN ('PAID', 'PARTIALLY_REFUNDED') AND refund_taken + ? <= amount""",
                        amount, now.plus(orders.workHold()), now, o.pk, amount);
                if (n != 1) {
                    throw new IllegalStateException("refund of " + amount + " does not fit " + o);
                }
                Integer earlierRefunds = jdbc.queryForObject("SELECT COUNT(*) FROM order_refund WHERE order_pk = ?",
                        Integer.class, o.pk);
                String ref = o.reference + "-R" + (earlierRefunds + 1);
                jdbc.update("""
                        INSERT INTO order_refund (order_pk, refund_ref, kind, sof_type, sof_payment_code, amount, reason,
                          state, merchant_id, idempotency_key, request_hash, created_at)
                        VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""",
                        o.pk, ref, c.kind(), o.sofType, o.sofPaymentCode, amount, c.reason(), Refund.OWED, merchantId,
                        c.idempotencyKey(), c.requestHash(), now);
                orders.event(o.pk, c.isVoid() ? "mitra-void-payment" : "mitra-refund-payment", "TAKEN",
                        ref + " " + amount + " of " + o.amount + " (" + (o.refundTaken + amount) + " taken in all)");
                return new Taken(byRef(ref).orElseThrow(), false);
            }));
        } catch (DuplicateKeyException e) {
            // The same key at the same moment for another order: that request came first.
            Refund earlier = byKey(merchantId, c.idempotencyKey()).orElseThrow(() -> e);
            return replay(earlier, c);
        }
    }

    private static Taken replay(Refund earlier, RefundCommand c) {
        if (!earlier.requestHash().equals(c.requestHash())) {
            throw new ApiException("4090001", "Duplicate Idempotency-Key with a different request");
        }
        return new Taken(earlier, true);
    }

    /** The contract's refusals, in its order: bill payment, status, void's day, what remains. */
    private long amountToTake(PaymentOrder o, RefundCommand c) {
        if (o.status.refundable() && o.isBill()) {
            throw new ApiException("4030015", "Transaction not permitted (the biller has taken the bill's payment)");
        }
        if (!o.status.refundable() || o.amount == null || o.sofPaymentCode == null) {
            throw ApiException.invalidStatus(o.status.name());
        }
        long remaining = o.refundRemaining();
        if (c.isVoid()) {
            if (o.status != OrderStatus.PAID || o.refundTaken > 0) {
                throw new ApiException("4040100", "Invalid transaction status " + o.status
                        + (o.refundTaken > 0 ? " (refunds were taken; refund the rest instead)" : ""));
            }
            if (o.paidAt == null || !o.paidAt.atZoneSameInstant(NotificationBuilder.WIB).toLocalDate()
                    .equals(now().atZoneSameInstant(NotificationBuilder.WIB).toLocalDate())) {
                throw new ApiException("4040100", "Invalid transaction status (a void is only possible on the payment"
                        + " day; refund instead)");
            }
            return o.amount;
        }
        if (c.amount() == null) {
            if (remaining <= 0) {
                throw new ApiException("4040100", "Invalid transaction status " + o.status + " (nothing left to refund)");
            }
            return remaining;
        }
        if (c.amount() > remaining) {
            throw new ApiException("4000001", "Invalid field format order.amount (" + remaining
                    + " remains to be refunded)");
        }
        return c.amount();
    }

    /**
     * The provider confirmed the refund: the order moves to REFUNDED (everything paid is back) or
     * PARTIALLY_REFUNDED, with its notification, and its background work ends if nothing else is
     * owed. Returns the notification's id, or 0 when the refund was confirmed before (by a repeat).
     */
    public long confirm(Refund r, String providerRef) {
        Long id = underLock(() -> tx.execute(s -> {
            OffsetDateTime now = now();
            int n = jdbc.update("""
                    UPDATE order_refund SET state = 'CONFIRMED', provider_refund_ref = ?, confirmed_at = ?
                    WHERE id = ? AND state = 'OWED'""", providerRef, now, r.pk());
            if (n != 1) {
                return 0L;
            }
            PaymentOrder o = jdbc.query("SELECT * FROM payment_order WHERE id = ? FOR UPDATE", OrderStore.ROW,
                    r.orderPk()).get(0);
            long confirmed = o.refundConfirmed + r.amount();
            OrderStatus to = confirmed >= o.amount ? OrderStatus.REFUNDED : OrderStatus.PARTIALLY_REFUNDED;
            if (!o.status.canMoveTo(to)) {
                throw new IllegalStateException("refund " + r.refundRef() + " confirmed while " + o);
            }
            int moved = jdbc.update("""
                    UPDATE payment_order SET status = ?, status_desc = ?, refund_confirmed = ?, refund_count = refund_count + 1,
                      refunded_at = ?, final_at = ?, updated_at = ?
                    WHERE id = ? AND status = ? AND refund_confirmed = ?""",
                    to.name(), to.description(), confirmed, now, to.isFinal() ? now : o.finalAt, now, o.pk,
                    o.status.name(), o.refundConfirmed);
            if (moved != 1) {
                throw new IllegalStateException("order row changed under its lock: " + o);
            }
            jdbc.update("""
                    INSERT INTO order_event (order_pk, arrow, outcome, from_status, to_status, detail, created_at, trace_id)
                    VALUES (?,?,?,?,?,?,?,?)""", o.pk, "sof-refund", "CONFIRMED", o.status.name(), to.name(),
                    r.refundRef() + " " + r.amount() + " (provider " + providerRef + "), " + confirmed + " of " + o.amount
                            + " refunded", now, TraceId.current());
            endWorkIfNothingOwed(o.pk);
            return notifications.enqueue(orders.byPk(o.pk));
        }));
        return id == null ? 0 : id;
    }

    /**
     * Runs a transaction that locks the order's row, again when the lock was not had in time. H2 gives
     * up waiting for a row lock after about two seconds (PostgreSQL waits); many refunds of one order at
     * once on a busy machine queue longer than that, and each of them is still a request to answer.
     */
    private <T> T underLock(Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (PessimisticLockingFailureException | QueryTimeoutException e) {
                // H2's "Timeout trying to lock table" arrives as a QueryTimeoutException
                if (attempt == LOCK_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static final int LOCK_ATTEMPTS = 10;

    /** Keeps the status data of the refund's first success answer, for its Idempotency-Key's replays. */
    public void keepAnswer(Refund r, String dataJson) {
        jdbc.update("UPDATE order_refund SET answer_json = ? WHERE id = ? AND answer_json IS NULL", dataJson, r.pk());
    }

    /** One more provider call for the refund, recorded; the next one is due after {@code retryAfter}. */
    public void stillOwed(Refund r, String outcome, String detail, Duration retryAfter) {
        tx.executeWithoutResult(s -> {
            jdbc.update("UPDATE order_refund SET attempts = attempts + 1 WHERE id = ?", r.pk());
            jdbc.update("UPDATE payment_order SET work_due_at = ? WHERE id = ?", now().plus(retryAfter), r.orderPk());
            orders.event(r.orderPk(), "sof-refund", outcome, r.refundRef() + ": " + detail);
        });
    }

    /** The order's background work ends when no refund of it is owed any more. */
    public void endWorkIfNothingOwed(long orderPk) {
        jdbc.update("""
                UPDATE payment_order SET work_due_at = NULL
                WHERE id = ? AND NOT EXISTS (SELECT 1 FROM order_refund r WHERE r.order_pk = ? AND r.state = 'OWED')""",
                orderPk, orderPk);
    }

    public List<Refund> owed(long orderPk) {
        return jdbc.query("SELECT * FROM order_refund WHERE order_pk = ? AND state = 'OWED' ORDER BY id", ROW, orderPk);
    }

    public boolean anyOwed(long orderPk) {
        return !owed(orderPk).isEmpty();
    }

    private Optional<Refund> byRef(String ref) {
        return jdbc.query("SELECT * FROM order_refund WHERE refund_ref = ?", ROW, ref).stream().findFirst();
    }

    private Optional<Refund> byKey(String merchantId, String key) {
        return jdbc.query("SELECT * FROM order_refund WHERE merchant_id = ? AND idempotency_key = ?", ROW, merchantId, key)
                .stream().findFirst();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    private static final RowMapper<Refund> ROW = (rs, i) -> new Refund(rs.getLong("id"), rs.getLong("order_pk"),
            rs.getString("refund_ref"), rs.getString("kind"), rs.getString("sof_type"), rs.getString("sof_payment_code"),
            rs.getLong("amount"), rs.getString("reason"), rs.getString("state"), rs.getString("merchant_id"),
            rs.getString("idempotency_key"), rs.getString("request_hash"), rs.getString("answer_json"),
            rs.getObject("created_at", OffsetDateTime.class));
}
