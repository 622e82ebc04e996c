package id.loket.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import id.loket.codec.Hex;
import id.loket.codec.NotificationSigner;
import id.loket.flow.HubClient;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:sandbox-mitra;DB_CLOSE_DELAY=-1",
        "camel.main.routes-collector-enabled=false",
        "hub.merchants.FINPAY770.key=SoSecret123"})
class MitraReceiverTest {

    private static final String KEY = "SoSecret123";

    @LocalServerPort
    int port;
    HubClient http;

    @BeforeEach
    void setUp() {
        http = new HubClient(port);
    }

    /** A PAID notification like the hub sends, with a name and a URL that PHP escapes. */
    static Map<String, Object> notification(String orderId) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("merchant", Map.of("id", "FINPAY770"));
        n.put("customer", Map.of("id", "albert@example.com"));
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", orderId);
        order.put("reference", "LKT-20261124-000001");
        order.put("amount", 22500L);
        order.put("currency", "IDR");
        n.put("order", order);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("data", null);
        n.put("meta", meta);
        Map<String, Object> payment = new LinkedHashMap<>();
        payment.put("status", "PAID");
        payment.put("statusDesc", "Pembayaran berhasil / payment successful");
        payment.put("datetime", "2026-11-24 20:22:23");
        Map<String, Object> flagging = new LinkedHashMap<>();
        flagging.put("customerName", "Kawhi Leonar'd \u00d1o\u00f1o");
        flagging.put("amount", "22500");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("payment", payment);
        result.put("flagging", flagging);
        n.put("result", result);
        return n;
    }

    JsonNode list(String orderId) throws Exception {
        HubClient.Answer a = http.get("/sandbox/mitra/notifications?orderId=" + orderId);
        assertThat(a.status()).isEqualTo(200);
        return a.json();
    }

    @Test
    void validNotificationVerifiesBothWays() throws Exception {
        String body = NotificationSigner.signedJson(KEY, notification("INV-VALID-1"));
        HubClient.Answer a = http.postJson("/sandbox/mitra/callback", body);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("responseCode").asText()).isEqualTo("2000000");
        assertThat(a.json().get("responseMessage").asText()).isEqualTo("Success");

        JsonNode l = list("INV-VALID-1");
        assertThat(l).hasSize(1);
        JsonNode n = l.get(0);
        assertThat(n.get("orderId").asText()).isEqualTo("INV-VALID-1");
        assertThat(n.get("merchantId").asText()).isEqualTo("FINPAY770");
        assertThat(n.get("status").asText()).isEqualTo("PAID");
        assertThat(n.get("signatureValid").asBoolean()).isTrue();
        assertThat(n.get("rawSignatureValid").asBoolean()).isTrue();
        assertThat(n.get("reencodedSignatureValid").asBoolean()).isTrue();
        assertThat(n.get("receivedAt").asText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
        assertThat(n.get("body").asText()).isEqualTo(body);
    }

    @Test
    void tamperedNotificationFailsBothWays() throws Exception {
        String body = NotificationSigner.signedJson(KEY, notification("INV-TAMPER-1"))
                .replace("\"amount\":22500", "\"amount\":22");
        assertThat(http.postJson("/sandbox/mitra/callback", body).status()).isEqualTo(200);
        JsonNode n = list("INV-TAMPER-1").get(0);
        assertThat(n.get("signatureValid").asBoolean()).isFalse();
        assertThat(n.get("rawSignatureValid").asBoolean()).isFalse();
        assertThat(n.get("reencodedSignatureValid").asBoolean()).isFalse();

        String wrongKey = NotificationSigner.signedJson("not-the-key", notification("INV-TAMPER-2"));
        http.postJson("/sandbox/mitra/callback", wrongKey);
        assertThat(list("INV-TAMPER-2").get(0).get("signatureValid").asBoolean()).isFalse();
    }

    @Test
    void jsonNotWrittenAsPhpVerifiesOnlyOverTheRawBytes() throws Exception {
        // Jackson leaves '/' and non-ASCII alone: the raw check passes, PHP's re-encoding does not.
        String unsigned = HubClient.JSON.writeValueAsString(notification("INV-JACKSON-1"));
        String body = unsigned.substring(0, unsigned.length() - 1)
                + ",\"signature\":\"" + Hex.hmac("HmacSHA512", KEY, unsigned) + "\"}";
        http.postJson("/sandbox/mitra/callback", body);
        JsonNode n = list("INV-JACKSON-1").get(0);
        assertThat(n.get("rawSignatureValid").asBoolean()).isTrue();
        assertThat(n.get("reencodedSignatureValid").asBoolean()).isFalse();
        assertThat(n.get("signatureValid").asBoolean()).isFalse();
    }

    @Test
    void notificationsAreListedOldestFirst() throws Exception {
        Map<String, Object> paid = notification("INV-MANY-1");
        Map<String, Object> refunded = notification("INV-MANY-1");
        @SuppressWarnings("unchecked")
        Map<String, Object> payment = (Map<String, Object>) ((Map<String, Object>) refunded.get("result")).get("payment");
        payment.put("status", "REFUNDED");
        http.postJson("/sandbox/mitra/callback", NotificationSigner.signedJson(KEY, paid));
        http.postJson("/sandbox/mitra/callback", NotificationSigner.signedJson(KEY, refunded));
        http.postJson("/sandbox/mitra/callback", NotificationSigner.signedJson(KEY, notification("INV-OTHER")));
        JsonNode l = list("INV-MANY-1");
        assertThat(l.findValuesAsText("status")).containsExactly("PAID", "REFUNDED");
        assertThat(l.findValues("signatureValid")).allMatch(JsonNode::asBoolean);
        assertThat(list("INV-NONE")).isEmpty();
    }

    @Test
    void unknownMerchantAndGarbage() throws Exception {
        Map<String, Object> n = notification("INV-STRANGER-1");
        n.put("merchant", Map.of("id", "NOBODY"));
        http.postJson("/sandbox/mitra/callback", NotificationSigner.signedJson(KEY, n));
        assertThat(list("INV-STRANGER-1").get(0).get("signatureValid").asBoolean()).isFalse();
        assertThat(http.postJson("/sandbox/mitra/callback", "not json").status()).isEqualTo(400);
    }

    @Test
    void returnPageIsTheDemoShopAndEscapesWhatItShows() throws Exception {
        HubClient.Answer ok = http.get("/sandbox/mitra/return?status=success&orderId=INV-1");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).contains("Kembali di Toko Demo", "id=\"mitra-return\"", "data-status=\"success\"", "INV-1");
        HubClient.Answer fail = http.get("/sandbox/mitra/return?status=fail&orderId="
                + HubClient.q("<script>alert(1)</script>"));
        assertThat(fail.body()).contains("data-status=\"fail\"", "&lt;script&gt;").doesNotContain("<script>");
    }

    @Test
    void thePagesLoadNothingButTheSandboxStyleSheet() throws Exception {
        HubClient.Answer page = http.get("/sandbox/mitra/return?status=success&orderId=INV-2");
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.header("Cache-Control")).contains("no-store");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'", "style-src 'self'",
                "frame-ancestors 'none'").doesNotContain("unsafe");
        assertThat(page.body()).contains("<link rel=\"stylesheet\" href=\"/sandbox/assets/sandbox.css\">")
                .doesNotContain("<style", "style=", "<script");
        HubClient.Answer css = http.get("/sandbox/assets/sandbox.css");
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.header("Content-Type")).startsWith("text/css");
        assertThat(css.body()).contains(".sandbox{");
    }
}
