package id.loket.sof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.loket.api.ApiException;
import id.loket.codec.Hex;
import id.loket.config.HubProperties;
import id.loket.order.OrderPayment;
import id.loket.order.OrderPayments;
import id.loket.order.OrderStatus;
import id.loket.order.OrderStore;
import id.loket.order.PaymentFlow;
import id.loket.order.PaymentOrder;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * A provider's payment callback ("the customer paid"): authenticated with the family's secret,
 * recorded durably before it is acknowledged, and classified for the payment-process router.
 */
@Component("sofCallbacks")
public class SofCallbacks {

    public static final String RESULT = "loketPaymentResult";

    private final HubProperties props;
    private final OrderStore orders;
    private final OrderPayments payments;
    private final ObjectMapper json = new ObjectMapper();

    public SofCallbacks(HubProperties props, OrderStore orders, OrderPayments payments) {
        this.props = props;
        this.orders = orders;
        this.payments = payments;
    }

    /** Refuses a callback whose HMAC-SHA256 over the raw body does not match its family's secret. */
    public JsonNode verify(Exchange exchange) {
        String raw = exchange.getMessage().getBody(String.class);
        String signature = exchange.getMessage().getHeader("X-Loket-Signature", String.class);
        JsonNode node;
        try {
            node = json.readTree(raw == null ? "" : raw);
        } catch (Exception e) {
            throw ApiException.invalidFormat("body");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.invalidFormat("body");
        }
        String family = node.path("family").asText("");
        HubProperties.Provider provider = props.sof().providers().get(family);
        String type = node.path("type").asText("");
        boolean typeOfFamily = SofFamily.ofType(type).map(f -> f.key().equals(family)).orElse(false);
        if (provider == null || provider.callbackSecret() == null || !typeOfFamily
                || !Hex.sameHex(Hex.hmac("HmacSHA256", provider.callbackSecret(), raw), signature)) {
            throw ApiException.unauthorized();
        }
        return node;
    }

    /**
     * Classifies the callback: SUCCESS (money taken for a waiting order: now PROCESSING), DECLINED,
     * REPEAT (nothing changes), or LATE (money taken for an order that can no longer use it, or on a
     * payment closed when the customer changed the method).
     */
    public void record(Exchange exchange) {
        JsonNode cb = exchange.getMessage().getBody(JsonNode.class);
        String type = cb.path("type").asText();
        String code = cb.path("paymentCode").asText();
        String outcome = cb.path("status").asText();
        long amount = cb.path("amount").asLong(-1);
        String detail = type + " " + code + " " + outcome + " amount " + amount;
        PaymentOrder o = orders.byPayment(type, code).orElse(null);
        if (o == null) {
            // Not the payment of any order now: one an order had before its customer changed the method.
            OrderPayment p = payments.byCode(type, code).orElseThrow(ApiException::orderNotFound);
            closedPayment(exchange, p, outcome, amount, detail);
            return;
        }
        exchange.setProperty(PaymentFlow.ORDER, o);
        exchange.setProperty("loketBillPayment", o.isBill());
        if (o.amount == null || amount != o.amount) {
            orders.event(o.pk, "payment-callback", "REFUSED", "amount differs from the order's " + o.amount + ": " + detail);
            throw ApiException.invalidFormat("amount");
        }
        boolean success = "SUCCESS".equals(outcome);
        if (!success && !"DECLINED".equals(outcome)) {
            throw ApiException.invalidFormat("status");
        }
        if (o.status == OrderStatus.PENDING) {
            if (!success) {
                exchange.setProperty(RESULT, "DECLINED");
                return;
            }
            if (orders.move(o, OrderStatus.PENDING, OrderStatus.PROCESSING, "payment-process", detail) >= 0) {
                exchange.setProperty(RESULT, "SUCCESS");
                return;
            }
            o = orders.byPk(o.pk);
            exchange.setProperty(PaymentFlow.ORDER, o);
            if (!type.equals(o.sofType) || !code.equals(o.sofPaymentCode)) {
                // The customer changed the method while this callback was on its way: the payment is closed.
                closedPayment(exchange, payments.byCode(type, code).orElseThrow(ApiException::orderNotFound),
                        outcome, amount, detail);
                return;
            }
        }
        if (success && (o.status == OrderStatus.CANCELLED || o.status == OrderStatus.EXPIRED
                || o.status == OrderStatus.FAILED)) {
            orders.event(o.pk, "payment-callback", "LATE", detail);
            orders.lateRefundOwed(o);
            exchange.setProperty(RESULT, "LATE");
        } else {
            orders.event(o.pk, "payment-callback", "REPEAT", detail + " while " + o.status);
            exchange.setProperty(RESULT, "REPEAT");
        }
    }

    /**
     * A callback on a payment closed when the customer changed the method: money taken there is refunded
     * to that payment (LATE, once; the order's status does not change), anything else changes nothing.
     */
    private void closedPayment(Exchange exchange, OrderPayment p, String outcome, long amount, String detail) {
        PaymentOrder o = orders.byPk(p.orderPk());
        exchange.setProperty(PaymentFlow.ORDER, o);
        exchange.setProperty("loketBillPayment", o.isBill());
        if (amount != p.amount()) {
            orders.event(o.pk, "payment-callback", "REFUSED", "amount differs from the closed payment's " + p.amount()
                    + ": " + detail);
            throw ApiException.invalidFormat("amount");
        }
        boolean success = "SUCCESS".equals(outcome);
        if (!success && !"DECLINED".equals(outcome)) {
            throw ApiException.invalidFormat("status");
        }
        if (success && payments.late(p, orders.workHold())) {
            orders.event(o.pk, "payment-callback", "LATE", detail + " on the payment closed at "
                    + p.closedAt() + " (method changed), order " + o.status);
            PaymentFlow.refundClosedPayment(exchange, p);
            exchange.setProperty(RESULT, "LATE");
        } else {
            orders.event(o.pk, "payment-callback", "REPEAT", detail + " on a closed payment, now " + p.state());
            exchange.setProperty(RESULT, "REPEAT");
        }
    }

    /** The provider's acknowledgement: it stops repeating the callback on any 2xx. */
    public String acknowledge(Exchange exchange) {
        var msg = exchange.getMessage();
        msg.removeHeaders("*");
        msg.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        msg.setHeader(Exchange.CONTENT_TYPE, "application/json");
        return "{\"responseCode\":\"2000000\",\"responseMessage\":\"Success\"}";
    }
}
