package id.loket.sof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.loket.route.FlowVariables;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Headers;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/**
 * The providers' JSON API (the sandbox providers speak it; a real provider gets its own codec):
 * {@code POST <url>/payments}, {@code /close}, {@code /refund}, {@code /status}, data in the body.
 * The operation is the {@link SofRequest}'s, chosen by the core, never by request data.
 */
@Component("sofCodec")
public class SofCodec {

    private final ObjectMapper json = new ObjectMapper();

    /** The provider's request for the operation; the path says which, the body carries the data. */
    public String request(@Body SofRequest r, @Headers Map<String, Object> headers) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        String path = switch (r.operation()) {
            case CREATE -> {
                body.put("reference", r.reference());
                body.put("type", r.type());
                body.put("amount", r.amount());
                body.put("customerName", r.customerName());
                body.put("expiresAt", r.expiresAt());
                body.put("returnUrl", r.returnUrl());
                yield "/payments";
            }
            case CLOSE -> {
                body.put("paymentCode", r.paymentCode());
                yield "/close";
            }
            case REFUND -> {
                body.put("paymentCode", r.paymentCode());
                body.put("amount", r.amount());
                body.put("reason", r.refundReason());
                body.put("refundReference", r.refundReference());
                yield "/refund";
            }
            case STATUS -> {
                body.put("paymentCode", r.paymentCode());
                yield "/status";
            }
        };
        headers.put(Exchange.HTTP_PATH, path);
        return json.writeValueAsString(body);
    }

    /** The provider's answer; a call that failed (the partner error set) is one that did not answer. */
    public SofAnswer answer(@Body String body, @Header(Exchange.HTTP_RESPONSE_CODE) Integer status,
                            @Variable(FlowVariables.PARTNER_ERROR) String error) {
        if (error != null) {
            return new SofAnswer(0, null, null, null, null, null, null, null, null);
        }
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
