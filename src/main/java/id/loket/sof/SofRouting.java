package id.loket.sof;

import id.loket.order.PaymentFlow;
import id.loket.order.PaymentOrder;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Which provider adapter serves an order's payment: the family of its SOF type. */
@Component("sofRouting")
public class SofRouting {

    public String familyOfOrder(Exchange exchange) {
        PaymentOrder o = exchange.getProperty(PaymentFlow.ORDER, PaymentOrder.class);
        return SofFamily.ofType(o.sofType).map(SofFamily::key)
                .orElseThrow(() -> new IllegalStateException("order " + o.reference + " has no SOF type"));
    }
}
