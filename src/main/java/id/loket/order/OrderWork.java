package id.loket.order;

import id.loket.config.HubProperties;
import id.loket.sof.SofAnswer;
import id.loket.sof.SofCallbacks;
import java.time.OffsetDateTime;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Background work on orders, read from the database by the {@code order-work} route: whatever an
 * order still needs after a timeout, a crash or a lost callback. Nothing of it lives only in memory,
 * and a claim is a compare-and-set with a lease, so several nodes share the work without a leader.
 */
@Component("orderWork")
public class OrderWork {

    public static final String WORK = "loketWork";

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
     * Claims the owed refund of a payment closed when its customer changed the method, and paid all the
     * same: {@link #WORK} says LATE_REFUND when this node asks the provider for it now (the order is the
     * exchange's, the payment the one the refund goes to), NONE when another node holds it.
     */
    public void claimLateRefund(Exchange exchange, Long id) {
        exchange.removeProperty(PaymentFlow.NOTIFICATION);
        if (!payments.claimRefund(id, orders.workHold())) {
            exchange.setProperty(WORK, "NONE");
            return;
        }
        OrderPayment p = payments.byId(id);
        exchange.setProperty(PaymentFlow.ORDER, orders.byPk(p.orderPk()));
        PaymentFlow.refundClosedPayment(exchange, p);
        exchange.setProperty(WORK, "LATE_REFUND");
    }

    /**
     * Claims the order and says what its next step is: BILLER_PAYMENT, PLAIN_COMPLETE, REFUND,
     * LATE_REFUND, MITRA_REFUND (a Mitra's refund still owed), STATUS_CHECK or NONE.
     */
    public void claim(Exchange exchange, Long pk) {
        exchange.removeProperty(PaymentFlow.NOTIFICATION);
        if (!orders.claimWork(pk)) {
            exchange.setProperty(WORK, "NONE");
            return;
        }
        PaymentOrder o = orders.byPk(pk);
        exchange.setProperty(PaymentFlow.ORDER, o);
        exchange.setProperty("loketBillPayment", o.isBill());
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
        exchange.setProperty(WORK, work);
    }

    /**
     * The provider's answer about a payment whose callback is overdue: paid means the same as its
     * callback would have (the order goes on to the biller), declined fails it; otherwise ask later.
     */
    public void statusChecked(Exchange exchange) {
        PaymentOrder o = exchange.getProperty(PaymentFlow.ORDER, PaymentOrder.class);
        SofAnswer a = exchange.getMessage().getBody(SofAnswer.class);
        String detail = o.sofType + " " + o.sofPaymentCode + ": HTTP " + a.httpStatus() + " " + a.status();
        if (a.ok() && "PAID".equals(a.status()) && o.amount != null && o.amount.equals(a.amount())) {
            if (orders.move(o, OrderStatus.PENDING, OrderStatus.PROCESSING, "payment-process", "by status check: " + detail) >= 0) {
                exchange.setProperty(SofCallbacks.RESULT, "SUCCESS");
                return;
            }
        } else if (a.ok() && "DECLINED".equals(a.status())) {
            orders.event(o.pk, "sof-status-check", "DECLINED", detail);
            exchange.setProperty(SofCallbacks.RESULT, "DECLINED");
            return;
        } else {
            orders.event(o.pk, "sof-status-check", a.answered() ? "WAITING" : "UNKNOWN", detail);
            orders.scheduleWork(o, orders.now().plus(props.sof().statusCheckAfter()));
        }
        exchange.setProperty(SofCallbacks.RESULT, "NONE");
    }
}
