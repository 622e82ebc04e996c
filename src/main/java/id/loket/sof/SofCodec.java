package id.loket.sof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.loket.config.Wib;
import id.loket.order.PaymentFlow;
import id.loket.order.PaymentOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The providers' JSON API (the sandbox providers speak it; a real provider gets its own codec):
 * {@code POST <url>/payments}, {@code /close}, {@code /refund}, {@code /status}, data in the body.
 * The operation is chosen by the calling route, never by request data.
 */
@Component("sofCodec")
public class SofCodec {

    public static final String OPERATION = "loketSofOperation";
    private final ObjectMapper json = new ObjectMapper();
    private final id.loket.config.HubProperties props;

    public SofCodec(id.loket.config.HubProperties props) {
        this.props = props;
    }

    /** Builds the request for the operation in {@link #OPERATION}; the order is the exchange's {@code loketOrder}. */
    public String request(Exchange exchange) throws Exception {
        PaymentOrder o = exchange.getProperty("loketOrder", PaymentOrder.class);
        String operation = exchange.getProperty(OPERATION, String.class);
        Map<String, Object> body = new LinkedHashMap<>();
        String path;
        switch (operation) {
            case "create" -> {
                path = "/payments";
                body.put("reference", o.reference);
                body.put("type", exchange.getProperty("loketSofType", String.class));
                body.put("amount", o.amount);
                body.put("customerName", o.customerName != null ? o.customerName
                        : ((o.customerFirstName == null ? "" : o.customerFirstName) + " "
                        + (o.customerLastName == null ? "" : o.customerLastName)).trim());
                body.put("expiresAt", Wib.format(o.expiresAt));
                body.put("returnUrl", props.publicBaseUrl() + "/pg/payment/card/access/" + o.token);
            }
            case "close" -> {
                path = "/close";
                body.put("paymentCode", paymentCode(exchange, o));
            }
            case "refund" -> {
                path = "/refund";
                body.put("paymentCode", paymentCode(exchange, o));
                body.put("amount", exchange.getProperty("loketRefundAmount", o.amount, Long.class));
                body.put("reason", exchange.getProperty("loketRefundReason", "biller refused", String.class));
                // The provider's idempotency key; an automatic refund is one per provider payment.
                body.put("refundReference", exchange.getProperty("loketRefundRef", o.reference + "-A", String.class));
            }
            case "status" -> {
                path = "/status";
                body.put("paymentCode", paymentCode(exchange, o));
            }
            default -> throw new IllegalArgumentException("unknown SOF operation " + operation);
        }
        var msg = exchange.getMessage();
        msg.removeHeaders("Camel*");
        msg.setHeader(Exchange.HTTP_METHOD, "POST");
        msg.setHeader(Exchange.HTTP_PATH, path);
        msg.setHeader(Exchange.CONTENT_TYPE, "application/json");
        return json.writeValueAsString(body);
    }

    private static String paymentCode(Exchange exchange, PaymentOrder o) {
        // A closed payment's refund goes to that payment (PaymentFlow.refundClosedPayment), not to the order's own.
        String code = exchange.getProperty(PaymentFlow.PAYMENT_CODE, String.class);
        return code != null ? code : o.sofPaymentCode;
    }

    public SofAnswer answer(Exchange exchange) {
        if (exchange.getProperty("loketPartnerError") != null) {
            return new SofAnswer(0, null, null, null, null, null, null, null, null);
        }
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String body = exchange.getMessage().getBody(String.class);
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (Exception e) {
            node = json.createObjectNode();
        }
        return new SofAnswer(status == null ? 0 : status, text(node, "status"), text(node, "paymentCode"),
                text(node, "stringQr"), text(node, "redirectUrl"), text(node, "providerRef"), text(node, "channel"),
                text(node, "refundRef"), node.hasNonNull("amount") && node.get("amount").canConvertToLong()
                        ? node.get("amount").asLong() : null);
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v.asText();
    }
}
