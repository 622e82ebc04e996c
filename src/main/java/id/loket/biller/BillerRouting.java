package id.loket.biller;

import id.loket.api.ApiException;
import id.loket.config.HubProperties;
import id.loket.order.PaymentOrder;
import org.springframework.stereotype.Component;

/** Which biller serves an order's product, as configured ({@code hub.biller.<biller>.products}). */
@Component("billerRouting")
public class BillerRouting {

    private final HubProperties props;

    public BillerRouting(HubProperties props) {
        this.props = props;
    }

    /** The inquiry's fallback: the biller is unavailable (timed out, or the circuit is open). */
    public BillerAnswer unavailable(org.apache.camel.Exchange exchange) {
        Throwable cause = exchange.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, Throwable.class);
        exchange.setProperty("loketBillerOutcome", BillerAnswer.Outcome.UNKNOWN.name());
        return BillerAnswer.unknown(cause == null ? "circuit open" : cause.getClass().getSimpleName());
    }

    public String billerOf(PaymentOrder order) {
        if (props.biller().finnet().products().contains(order.productCode)) {
            return "finnet";
        }
        throw ApiException.notAllowed("billing.billerServiceProvider.id");
    }
}
