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

    public String billerOf(PaymentOrder order) {
        if (props.getBiller().getFinnet().getProducts().contains(order.productCode)) {
            return "finnet";
        }
        throw ApiException.notAllowed("billing.billerServiceProvider.id");
    }
}
