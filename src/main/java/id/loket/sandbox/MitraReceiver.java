package id.loket.sandbox;

import static id.loket.sandbox.SandboxSupport.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.loket.codec.NotificationSigner;
import id.loket.config.HubProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sandbox Mitra (contract section 6): receives payment notifications, checks their signature
 * both ways merchants do (raw bytes, and PHP re-encoding), and keeps them for inspection.
 * Also the demo shop's landing page for the customer coming back from the payment page.
 */
@RestController
@ConditionalOnProperty(name = "hub.sandbox.enabled", havingValue = "true")
class MitraReceiver {

    private static final Logger log = LoggerFactory.getLogger(MitraReceiver.class);
    private static final int MAX_BODY = 100_000;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final HubProperties hub;

    MitraReceiver(JdbcTemplate jdbc, ObjectMapper json, HubProperties hub) {
        this.jdbc = jdbc;
        this.json = json;
        this.hub = hub;
    }

    @PostMapping(path = "/sandbox/mitra/callback", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> callback(@RequestBody(required = false) byte[] body) {
        String raw = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        if (raw.length() > MAX_BODY) {
            return answer(HttpStatus.PAYLOAD_TOO_LARGE, "4130000", "Request too large");
        }
        JsonNode n;
        try {
            n = json.readTree(raw);
        } catch (IOException e) {
            n = null;
        }
        if (n == null || !n.isObject()) {
            return answer(HttpStatus.BAD_REQUEST, "4000001", "Invalid field format body");
        }
        String merchantId = text(n.at("/merchant/id"));
        String orderId = text(n.at("/order/id"));
        String status = text(n.at("/result/payment/status"));
        HubProperties.Merchant merchant = merchantId == null ? null : hub.merchants().get(merchantId);
        String key = merchant == null ? null : merchant.key();
        boolean rawValid = key != null && NotificationSigner.verifyRaw(key, raw);
        boolean reencodedValid = key != null && NotificationSigner.verifyReencoded(key, raw);
        jdbc.update("INSERT INTO sandbox_mitra_notification (merchant_id, order_id, payment_status, raw_signature_valid,"
                        + " reencoded_signature_valid, body, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                SandboxSupport.cut(merchantId, 64), SandboxSupport.cut(orderId, 64), SandboxSupport.cut(status, 32),
                rawValid, reencodedValid, raw, SandboxSupport.now());
        log.info("sandbox mitra: notification {} {} for {} (signature raw {}, re-encoded {})", orderId, status,
                merchantId, rawValid ? "ok" : "INVALID", reencodedValid ? "ok" : "INVALID");
        return answer(HttpStatus.OK, "2000000", "Success");
    }

    @GetMapping(path = "/sandbox/mitra/notifications", produces = MediaType.APPLICATION_JSON_VALUE)
    List<Map<String, Object>> notifications(@RequestParam String orderId) {
        return jdbc.query("SELECT merchant_id, order_id, payment_status, raw_signature_valid, reencoded_signature_valid,"
                + " body, received_at FROM sandbox_mitra_notification WHERE order_id = ? ORDER BY id", (rs, i) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            boolean rawValid = rs.getBoolean("raw_signature_valid");
            boolean reencodedValid = rs.getBoolean("reencoded_signature_valid");
            row.put("orderId", rs.getString("order_id"));
            row.put("merchantId", rs.getString("merchant_id"));
            row.put("status", rs.getString("payment_status"));
            row.put("signatureValid", rawValid && reencodedValid);
            row.put("rawSignatureValid", rawValid);
            row.put("reencodedSignatureValid", reencodedValid);
            row.put("receivedAt", SandboxSupport.format(rs.getObject("received_at", OffsetDateTime.class)));
            row.put("body", rs.getString("body"));
            return row;
        }, orderId);
    }

    /** Where the demo shop's successUrl and failUrl lead: the customer is back at the shop. */
    @GetMapping(path = "/sandbox/mitra/return", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> landing(@RequestParam(required = false) String status,
                                   @RequestParam(required = false) String orderId) {
        boolean success = "success".equalsIgnoreCase(status);
        String text = success ? "Pembayaran berhasil. Terima kasih!" : "Pembayaran tidak berhasil.";
        String body = """
                <div class="card">
                <h1>Kembali di Toko Demo</h1>
                <p id="mitra-return" data-status="%s">%s</p>
                <p>Pesanan: <span id="mitra-order">%s</span></p>
                </div>
                """.formatted(success ? "success" : "fail", html(text), html(orderId));
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .body(SandboxSupport.page("Toko Demo (Sandbox)", body));
    }

    private static String text(JsonNode v) {
        return v == null || v.isMissingNode() || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    private static ResponseEntity<Map<String, Object>> answer(HttpStatus status, String code, String message) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("responseCode", code);
        r.put("responseMessage", message);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(r);
    }
}
