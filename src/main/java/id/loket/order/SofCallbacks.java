package id.loket.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.loket.codec.Hex;
import id.loket.config.HubProperties;
import id.loket.sof.SofFamily;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * A provider's payment callback ("the customer paid"): authenticated with the family's secret,
 * recorded durably before it is acknowledged, and classified for the payment-process router
 * (a {@link PaymentResult}).
 */
@Component("sofCallbacks")
public class SofCallbacks {

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
    public JsonNode verify(@Body String raw, @Header("X-Loket-Signature") String signature) {
        JsonNode node;
        try {
            node = json.readTree(raw == null ? "" : raw);
        } catch (Exception e) {
            throw Refusal.invalidFormat("body");
        }
        if (node == null || !node.isObject()) {
            throw Refusal.invalidFormat("body");
        }
        String family = node.path("family").asText("");
        HubProperties.Provider provider = props.sof().providers().get(family);
        String type = node.path("type").asText("");
        boolean typeOfFamily = SofFamily.ofType(type).map(f -> f.key().equals(family)).orElse(false);
        if (provider == null || provider.callbackSecret() == null || !typeOfFamily
                || !Hex.sameHex(Hex.hmac("HmacSHA256", provider.callbackSecret(), raw), signature)) {
            throw Refusal.unauthorized();
        }
        return node;
    }

    /**
     * Classifies the callback: SUCCESS (money taken for a waiting order: now PROCESSING), DECLINED,
     * REPEAT (nothing changes), or LATE (money taken for an order that can no longer use it, or on a
     * payment closed when the customer changed the method).
     */
    public PaymentResult record(@Body JsonNode cb) {
        String type = cb.path("type").asText();
        String code = cb.path("paymentCode").asText();
        String outcome = cb.path("status").asText();
        long amount = cb.path("amount").asLong(-1);
        String detail = type + " " + code + " " + outcome + " amount " + amount;
        PaymentOrder o = orders.byPayment(type, code).orElse(null);
        if (o == null) {
            // Not the payment of any order now: one an order had before its customer changed the method.
            OrderPayment p = payments.byCode(type, code).orElseThrow(Refusal::orderNotFound);
            return closedPayment(p, outcome, amount, detail);
        }
        if (o.amount == null || amount != o.amount) {
            orders.event(o.pk, "payment-callback", "REFUSED", "amount differs from the order's " + o.amount + ": " + detail);
            throw Refusal.invalidFormat("amount");
        }
        boolean success = "SUCCESS".equals(outcome);
        if (!success && !"DECLINED".equals(outcome)) {
            throw Refusal.invalidFormat("status");
        }
        if (o.status == OrderStatus.PENDING) {
            if (!success) {
                return PaymentResult.of(PaymentResult.Result.DECLINED, o);
            }
            if (orders.move(o, OrderStatus.PENDING, OrderStatus.PROCESSING, "payment-process", detail) >= 0) {
                return PaymentResult.of(PaymentResult.Result.SUCCESS, o);
            }
            o = orders.byPk(o.pk);
            if (!type.equals(o.sofType) || !code.equals(o.sofPaymentCode)) {
                // The customer changed the method while this callback was on its way: the payment is closed.
                return closedPayment(payments.byCode(type, code).orElseThrow(Refusal::orderNotFound), outcome, amount,
                        detail);
            }
        }
        if (success && (o.status == OrderStatus.CANCELLED || o.status == OrderStatus.EXPIRED
                || o.status == OrderStatus.FAILED)) {
            orders.event(o.pk, "payment-callback", "LATE", detail);
            orders.lateRefundOwed(o);
            return PaymentResult.of(PaymentResult.Result.LATE, o);
        }
        orders.event(o.pk, "payment-callback", "REPEAT", detail + " while " + o.status);
        return PaymentResult.of(PaymentResult.Result.REPEAT, o);
    }

    /**
     * A callback on a payment closed when the customer changed the method: money taken there is refunded
     * to that payment (LATE, once; the order's status does not change), anything else changes nothing.
     */
    private PaymentResult closedPayment(OrderPayment p, String outcome, long amount, String detail) {
        PaymentOrder o = orders.byPk(p.orderPk());
        if (amount != p.amount()) {
            orders.event(o.pk, "payment-callback", "REFUSED", "amount differs from the closed payment's " + p.amount()
                    + ": " + detail);
            throw Refusal.invalidFormat("amount");
        }
        boolean success = "SUCCESS".equals(outcome);
        if (!success && !"DECLINED".equals(outcome)) {
            throw Refusal.invalidFormat("status");
        }
        if (success && payments.late(p, orders.workHold())) {
            orders.event(o.pk, "payment-callback", "LATE", detail + " on the payment closed at "
                    + p.closedAt() + " (method changed), order " + o.status);
            return new PaymentResult(PaymentResult.Result.LATE, o, p);
        }
        orders.event(o.pk, "payment-callback", "REPEAT", detail + " on a closed payment, now " + p.state());
        return PaymentResult.of(PaymentResult.Result.REPEAT, o);
    }
}
