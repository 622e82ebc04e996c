package id.loket.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.loket.codec.Hex;
import id.loket.codec.PhpJson;
import id.loket.order.NotificationBuilder;
import id.loket.order.OrderStore;
import id.loket.order.PaymentOrder;
import id.loket.order.Refund;
import id.loket.order.RefundCommand;
import id.loket.order.RefundStore;
import id.loket.route.FlowVariables;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The Mitra's refund and void requests (contract section 2 "Refund and void"): reading them, and
 * their answers in the contract's envelope, {@code data} being the order's status object.
 */
@Component("mitraRefunds")
public class MitraRefunds {

    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9_-]{1,30}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,14}");
    /** 1-64 printable ASCII characters. */
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x20-\\x7E]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MitraApi api;
    private final OrderStore orders;
    private final RefundStore refunds;
    private final NotificationBuilder notifications;

    public MitraRefunds(MitraApi api, OrderStore orders, RefundStore refunds, NotificationBuilder notifications) {
        this.api = api;
        this.orders = orders;
        this.refunds = refunds;
        this.notifications = notifications;
    }

    /**
     * {@code {"order":{"id","amount"},"refund":{"reason"}}}: order.id mandatory (a string, or an
     * integer read as its decimal string), amount optional digits or a JSON integer of at least 1, reason
     * at most 255 characters. A void takes the whole payment, so its amount is not read.
     */
    public RefundCommand parse(Exchange exchange) {
        String kind = exchange.getVariable(FlowVariables.REFUND_KIND, String.class);
        String key = exchange.getMessage().getHeader("Idempotency-Key", String.class);
        if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw ApiException.invalidFormat("Idempotency-Key");
        }
        String raw = exchange.getMessage().getBody(String.class);
        if (raw != null && raw.length() > 1024 * 1024) {
            throw ApiException.tooLarge();
        }
        JsonNode root;
        try {
            root = raw == null || raw.isBlank() ? null : JSON.readTree(raw);
        } catch (JsonProcessingException | RuntimeException e) {
            throw ApiException.invalidFormat("body");
        }
        if (root == null || !root.isObject()) {
            throw ApiException.invalidFormat("body");
        }
        JsonNode order = root.get("order");
        if (order == null || order.isNull()) {
            throw ApiException.missing("order.id");
        }
        if (!order.isObject()) {
            throw ApiException.invalidFormat("order");
        }
        String orderId = orderId(order.get("id"));
        Long amount = RefundCommand.VOID.equals(kind) ? null : amount(order.get("amount"));
        String reason = reason(root.get("refund"));
        String hash = Hex.sha256(kind + "\n" + orderId + "\n" + (amount == null ? "" : amount) + "\n"
                + (reason == null ? "" : reason));
        return new RefundCommand(kind, orderId, amount, reason, key, hash);
    }

    private static String orderId(JsonNode id) {
        if (id == null || id.isNull() || (id.isTextual() && id.textValue().isEmpty())) {
            throw ApiException.missing("order.id");
        }
        String s;
        if (id.isTextual()) {
            s = id.textValue();
        } else if (id.isIntegralNumber() && id.bigIntegerValue().signum() >= 0) {
            s = id.bigIntegerValue().toString();
        } else {
            throw ApiException.invalidFormat("order.id");
        }
        if (!ORDER_ID.matcher(s).matches()) {
            throw ApiException.invalidFormat("order.id");
        }
        return s;
    }

    private static Long amount(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        long value;
        if (n.isTextual() && DIGITS.matcher(n.textValue()).matches()) {
            value = Long.parseLong(n.textValue());
        } else if (n.isIntegralNumber() && n.bigIntegerValue().signum() >= 0
                && n.bigIntegerValue().compareTo(BigInteger.valueOf(99_999_999_999_999L)) <= 0) {
            value = n.longValue();
        } else {
            throw ApiException.invalidFormat("order.amount");
        }
        if (value < 1) {
            throw ApiException.invalidFormat("order.amount");
        }
        return value;
    }

    private static String reason(JsonNode refund) {
        if (refund == null || refund.isNull()) {
            return null;
        }
        if (!refund.isObject()) {
            throw ApiException.invalidFormat("refund");
        }
        JsonNode r = refund.get("reason");
        if (r == null || r.isNull()) {
            return null;
        }
        if (!r.isTextual() || r.textValue().codePointCount(0, r.textValue().length()) > 255) {
            throw ApiException.invalidFormat("refund.reason");
        }
        return r.textValue().isEmpty() ? null : r.textValue();
    }

    /** 2000000 with the order's status object; kept as the refund's first answer for its key's replays. */
    public String answer(Exchange exchange) {
        Refund r = exchange.getVariable(FlowVariables.REFUND, Refund.class);
        PaymentOrder o = orders.byPk(exchange.getVariable(FlowVariables.ORDER, PaymentOrder.class).pk);
        Map<String, Object> data = notifications.signedBody(o);
        refunds.keepAnswer(r, PhpJson.encode(data));
        return success(exchange, data);
    }

    /** The same Idempotency-Key with the same request: its first answer again (a new traceId). */
    @SuppressWarnings("unchecked")
    public String replayed(Exchange exchange) throws JsonProcessingException {
        Refund r = exchange.getVariable(FlowVariables.REFUND, Refund.class);
        return success(exchange, JSON.readValue(r.answerJson(), LinkedHashMap.class));
    }

    private String success(Exchange exchange, Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("responseCode", "2000000");
        body.put("responseMessage", "Success");
        body.put("data", data);
        return api.respond(exchange, 200, body);
    }
}
