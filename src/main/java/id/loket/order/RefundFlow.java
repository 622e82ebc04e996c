package id.loket.order;

import id.loket.api.ApiException;
import id.loket.config.HubProperties;
import id.loket.sof.SofAnswer;
import id.loket.sof.SofRouting;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The steps of a Mitra's refund or void (contract section 2): take it (owed from then on), ask the
 * order's provider under the hub's refund reference, and read the provider's answer. A refund the
 * provider did not confirm stays owed and the order-work poller asks again until it does.
 */
@Component("refundFlow")
public class RefundFlow {

    private static final Logger LOG = LoggerFactory.getLogger(RefundFlow.class);
    public static final String REFUND = "loketRefund";
    public static final String REPLAY = "loketReplay";

    private final RefundStore refunds;
    private final OrderStore orders;
    private final HubProperties props;

    public RefundFlow(RefundStore refunds, OrderStore orders, HubProperties props) {
        this.refunds = refunds;
        this.orders = orders;
        this.props = props;
    }

    /**
     * Takes the validated request's refund, or finds its Idempotency-Key's earlier one. A replay whose
     * first answer was a success is answered with it again; one still owed asks the provider again.
     */
    public void take(Exchange exchange) {
        RefundCommand c = exchange.getMessage().getBody(RefundCommand.class);
        String merchantId = exchange.getProperty("loketMerchantId", String.class);
        RefundStore.Taken t = refunds.take(merchantId, c);
        exchange.setProperty(REPLAY, t.replay() && t.refund().answerJson() != null);
        prepare(exchange, t.refund());
    }

    /** The provider call's inputs for one refund. */
    private void prepare(Exchange exchange, Refund r) {
        exchange.removeProperty(PaymentFlow.NOTIFICATION);
        exchange.setProperty(REFUND, r);
        exchange.setProperty(PaymentFlow.ORDER, orders.byPk(r.orderPk()));
        exchange.setProperty("loketRefundRef", r.refundRef());
        exchange.setProperty("loketRefundAmount", r.amount());
        exchange.setProperty("loketRefundReason", r.reason() != null ? r.reason()
                : r.kind().equals(RefundCommand.VOID) ? "void by the Mitra" : "refund by the Mitra");
        exchange.setProperty("loketPaymentCode", r.paymentCode());
        exchange.setProperty(SofRouting.REFUND_SOF_TYPE, r.sofType());
    }

    /**
     * The provider's answer to the Mitra's request: confirmed moves the order and queues its
     * notification; taken but unconfirmed is a success that stays owed; no answer is 5040000 and a
     * refusal 5000000, the refund owed and asked again in both cases.
     */
    public void answered(Exchange exchange) {
        Refund r = exchange.getProperty(REFUND, Refund.class);
        SofAnswer a = exchange.getMessage().getBody(SofAnswer.class);
        if (read(exchange, r, a)) {
            return;
        }
        throw a.answered() ? new ApiException("5000000", "General error (the payment provider refused the refund;"
                + " it is asked again)") : new ApiException("5040000", "Timeout (the payment provider did not answer;"
                + " the refund is owed and asked again until the provider confirms it)");
    }

    /** The work poller's refunds still owed for the claimed order. */
    public List<Refund> owed(Exchange exchange) {
        PaymentOrder o = exchange.getProperty(PaymentFlow.ORDER, PaymentOrder.class);
        return refunds.owed(o.pk);
    }

    /** One owed refund, asked again by the poller (the split's body). */
    public void prepareOwed(Exchange exchange) {
        prepare(exchange, exchange.getMessage().getBody(Refund.class));
    }

    /** The provider's answer to a repeat: confirmed, or owed still and asked again later. */
    public void askedAgain(Exchange exchange) {
        read(exchange, exchange.getProperty(REFUND, Refund.class), exchange.getMessage().getBody(SofAnswer.class));
    }

    /** Whether the provider took the refund; a confirmation leaves its notification's id for the Wire Tap. */
    private boolean read(Exchange exchange, Refund r, SofAnswer a) {
        String detail = "HTTP " + a.httpStatus() + " status " + a.status() + " refundRef " + a.refundRef();
        if (a.ok() && ("REFUNDED".equals(a.status()) || "PARTIALLY_REFUNDED".equals(a.status()))) {
            long id = refunds.confirm(r, a.refundRef());
            if (id > 0) {
                exchange.setProperty(PaymentFlow.NOTIFICATION, id);
            }
            return true;
        }
        refunds.stillOwed(r, a.ok() ? "TAKEN" : a.answered() ? "REFUSED" : "UNKNOWN", detail + "; asking again",
                props.work().lease());
        if (!a.ok()) {
            LOG.warn("Refund {} of {} not confirmed ({}): asking again", r.refundRef(), r.amount(), detail);
        }
        return a.ok();
    }
}
