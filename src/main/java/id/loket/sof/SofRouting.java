package id.loket.sof;

import id.loket.order.PaymentFlow;
import id.loket.order.PaymentOrder;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Which provider adapter serves an order's payment: the family of its SOF type, or of the closed
 * payment in {@link PaymentFlow#PAYMENT_TYPE} when the operation is about that one.
 */
@Component("sofRouting")
public class SofRouting {

    public String familyOfOrder(Exchange exchange) {
        PaymentOrder o = exchange.getProperty(PaymentFlow.ORDER, PaymentOrder.class);
        String type = exchange.getProperty(PaymentFlow.PAYMENT_TYPE, o.sofType, String.class);
        return SofFamily.ofType(type).map(SofFamily::key)
                .orElseThrow(() -> new IllegalStateException("order " + o.reference + " has no SOF type"));
    }

    /** A refund goes to the provider of the payment it refunds ({@code loketRefundSofType}), by default the order's. */
    public String familyOfRefund(Exchange exchange) {
        String type = exchange.getProperty(REFUND_SOF_TYPE, String.class);
        if (type == null) {
            return familyOfOrder(exchange);
        }
        return SofFamily.ofType(type).map(SofFamily::key)
                .orElseThrow(() -> new IllegalStateException("no SOF family for refund type " + type));
    }

    public static final String REFUND_SOF_TYPE = "loketRefundSofType";
}
