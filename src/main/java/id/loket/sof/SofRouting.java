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
}
