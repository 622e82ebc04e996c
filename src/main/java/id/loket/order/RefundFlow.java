package id.loket.order;

import id.loket.config.HubProperties;
import id.loket.sof.SofAnswer;
import id.loket.route.FlowVariables;
import id.loket.sof.SofRequest;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.Variable;
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
    public Taken take(@Body RefundCommand c, @Variable(FlowVariables.MERCHANT) String merchantId) {
        RefundStore.Taken t = refunds.take(merchantId, c);
        return new Taken(t.refund(), orders.byPk(t.refund().orderPk()), t.replay() && t.refund().answerJson() != null);
    }

    /**
     * A refund taken, with its order.
     *
     * @param replay the same Idempotency-Key and request as an earlier one that was answered: answer it again
     */
    public record Taken(Refund refund, PaymentOrder order, boolean replay) {
    }

    /** The provider's refund for one of the Mitra's refunds, under the hub's refund reference. */
    public SofRequest request(@Variable(FlowVariables.REFUND) Refund r, @Variable(FlowVariables.ORDER) PaymentOrder o) {
        return SofRequest.refund(r.sofType() != null ? r.sofType() : o.sofType, o.reference,
                r.paymentCode() != null ? r.paymentCode() : o.sofPaymentCode, r.amount(), r.reason() != null ? r.reason()
                        : r.kind().equals(RefundCommand.VOID) ? "void by the Mitra" : "refund by the Mitra", r.refundRef());
    }

    /**
     * The provider's answer to the Mitra's request: confirmed moves the order and returns its
     * notification's id; taken but unconfirmed is a success that stays owed; no answer is 5040000 and a
     * refusal 5000000, the refund owed and asked again in both cases.
     */
    public long answered(@Variable(FlowVariables.REFUND) Refund r, @Body SofAnswer a) {
        long id = read(r, a);
        if (id >= 0) {
            return id;
        }
        throw a.answered() ? new Refusal("5000000", "General error (the payment provider refused the refund;"
                + " it is asked again)") : new Refusal("5040000", "Timeout (the payment provider did not answer;"
                + " the refund is owed and asked again until the provider confirms it)");
    }

    /** The work poller's refunds still owed for the claimed order. */
    public List<Refund> owed(@Variable(FlowVariables.ORDER) PaymentOrder o) {
        return refunds.owed(o.pk);
    }

    /** The provider's answer to a repeat: confirmed (its notification's id), or owed still and asked again later. */
    public long askedAgain(@Variable(FlowVariables.REFUND) Refund r, @Body SofAnswer a) {
        return Math.max(read(r, a), 0);
    }

    /**
     * Whether the provider took the refund: a confirmation's notification id (0 when it wrote none), 0
     * when taken but not confirmed yet, -1 when the provider did not take it.
     */
    private long read(Refund r, SofAnswer a) {
        String detail = "HTTP " + a.httpStatus() + " status " + a.status() + " refundRef " + a.refundRef();
        if (a.ok() && ("REFUNDED".equals(a.status()) || "PARTIALLY_REFUNDED".equals(a.status()))) {
            return Math.max(refunds.confirm(r, a.refundRef()), 0);
        }
        refunds.stillOwed(r, a.ok() ? "TAKEN" : a.answered() ? "REFUSED" : "UNKNOWN", detail + "; asking again",
                props.work().lease());
        if (!a.ok()) {
            LOG.warn("Refund {} of {} not confirmed ({}): asking again", r.refundRef(), r.amount(), detail);
        }
        return a.ok() ? 0 : -1;
    }
}
