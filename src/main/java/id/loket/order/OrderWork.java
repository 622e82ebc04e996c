package id.loket.order;

import id.loket.config.HubProperties;
import id.loket.route.FlowVariables;
import id.loket.sof.SofAnswer;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.camel.Body;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * Background work on orders, read from the database by the {@code order-work} route: whatever an
 * order still needs after a timeout, a crash or a lost callback. Nothing of it lives only in memory,
 * and a claim is a compare-and-set with a lease, so several nodes share the work without a leader.
 */
@Component("orderWork")
public class OrderWork {

    private final OrderStore orders;
    private final OrderPayments payments;
    private final RefundStore refunds;
    private final HubProperties props;

    public OrderWork(OrderStore orders, OrderPayments payments, RefundStore refunds, HubProperties props) {
        this.orders = orders;
        this.payments = payments;
        this.refunds = refunds;
        this.props = props;
    }

    /**
     * What the {@code order-work} router does next for a claimed order.
     *
     * @param kind          BILLER_PAYMENT, PLAIN_COMPLETE, REFUND, LATE_REFUND, MITRA_REFUND (a Mitra's refund still
     *                      owed), STATUS_CHECK, or NONE (nothing, or another node holds the claim)
     * @param order         the claimed order (null with NONE)
     * @param closedPayment for LATE_REFUND of a payment closed when the customer changed the method: that payment
     */
    public record Work(String kind, PaymentOrder order, OrderPayment closedPayment) {
        static final Work NONE = new Work("NONE", null, null);
    }

    /**
     * Claims the owed refund of a payment closed when its customer changed the method, and paid all the
     * same: LATE_REFUND when this node asks the provider for it now, NONE when another node holds it.
     */
    public Work claimLateRefund(long id) {
        if (!payments.claimRefund(id, orders.workHold())) {
            return Work.NONE;
        }
        OrderPayment p = payments.byId(id);
        return new Work("LATE_REFUND", orders.byPk(p.orderPk()), p);
    }

    /** Claims the order and says what its next step is. */
    public Work claim(long pk) {
        if (!orders.claimWork(pk)) {
            return Work.NONE;
        }
        PaymentOrder o = orders.byPk(pk);
        String work = switch (o.status) {
            case PROCESSING -> o.needsReview ? "NONE" : o.refundPending ? "REFUND" : o.isBill() ? "BILLER_PAYMENT" : "PLAIN_COMPLETE";
            case PENDING -> o.sofPaymentCode != null ? "STATUS_CHECK" : "NONE";
            case REQUEST_INITIATED -> {
                // A choice whose node died before the provider's payment was attached: choose again.
                orders.releaseSofChoice(o);
                yield "NONE";
            }
            case CANCELLED, EXPIRED, FAILED -> o.refundPending ? "LATE_REFUND" : "NONE";
            case PAID, PARTIALLY_REFUNDED -> refunds.anyOwed(o.pk) ? "MITRA_REFUND" : "NONE";
            default -> "NONE";
        };
        if ("NONE".equals(work)) {
            orders.scheduleWork(o, null);
        }
        return new Work(work, o, null);
    }

    /**
     * The provider's answer about a payment whose callback is overdue: paid means the same as its
     * callback would have (the order goes on to the biller), declined fails it; otherwise ask later.
     */
    public PaymentResult statusChecked(@Variable(FlowVariables.ORDER) PaymentOrder o, @Body SofAnswer a) {
        String detail = o.sofType + " " + o.sofPaymentCode + ": HTTP " + a.httpStatus() + " " + a.status();
        if (a.ok() && "PAID".equals(a.status()) && o.amount != null && o.amount.equals(a.amount())) {
            if (orders.move(o, OrderStatus.PENDING, OrderStatus.PROCESSING, "payment-process", "by status check: " + detail) >= 0) {
                return PaymentResult.of(PaymentResult.Result.SUCCESS, o);
            }
        } else if (a.ok() && "DECLINED".equals(a.status())) {
            orders.event(o.pk, "sof-status-check", "DECLINED", detail);
            return PaymentResult.of(PaymentResult.Result.DECLINED, o);
        } else {
            orders.event(o.pk, "sof-status-check", a.answered() ? "WAITING" : "UNKNOWN", detail);
            orders.scheduleWork(o, orders.now().plus(props.sof().statusCheckAfter()));
        }
        return PaymentResult.of(PaymentResult.Result.NONE, o);
    }
}
