package id.loket.biller;

import id.loket.config.BillerRoutes;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * Which biller serves a product ({@code hub.biller-routes.products}), and the inquiry's answer
 * when none came: the core routes send to {@code direct:<biller>-inquiry} and
 * {@code direct:<biller>-payment} with the id found here, never with request text.
 */
@Component("billerRouting")
public class BillerRouting {

    private final BillerRoutes routes;

    public BillerRouting(BillerRoutes routes) {
        this.routes = routes;
    }

    /** The biller id serving the product; a product no biller serves was refused at initiate. */
    public String billerOf(String productCode) {
        String biller = routes.products().get(productCode);
        if (biller == null) {
            throw new IllegalStateException("no biller serves product " + productCode);
        }
        return biller;
    }

    /** The inquiry's fallback: the biller is unavailable (timed out, or the circuit is open). */
    public BillerAnswer unavailable(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause) {
        return BillerAnswer.unknown(cause == null ? "circuit open" : cause.getClass().getSimpleName());
    }
}
