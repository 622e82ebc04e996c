package id.loket.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.loket.flow.HubClient;
import id.loket.flow.HubClient.Answer;
import id.loket.flow.SharedHubTest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Contract section 1: every answer on the hub's port outside the page, the sandbox, the API
 * description, actuator and operations carries the envelope, whatever went wrong and whether or
 * not the request carries credentials; over real HTTP, and raw sockets for what clients refuse to send.
 */
class EnvelopeEverywhereTest extends SharedHubTest {

    static final AtomicInteger SEQ = new AtomicInteger();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("FINPAY770:SoSecret123".getBytes(StandardCharsets.UTF_8));

    final HubClient hub = new HubClient(PORT);

    @Autowired
    JdbcTemplate jdbc;

    static String orderId(String prefix) {
        return prefix + "-" + System.currentTimeMillis() % 100000 + "-" + SEQ.incrementAndGet();
    }

    String plain(String orderId, String description) {
        return """
                {"order":{"id":"%s","amount":"15000","description":"%s"},"customer":{"email":"budi@example.com"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"}}""".formatted(orderId, description, hub.base());
    }

    Answer call(String method, String path, String contentType, String body, boolean credentials) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hub.base() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (credentials) {
            b.header("Authorization", AUTH);
        }
        return hub.send(b);
    }

    /** The envelope with exactly {@code code}, its HTTP status, JSON, never cached. */
    static JsonNode assertEnvelope(int status, String contentType, String cacheControl, String body, String code) {
        assertThat(status).as(body).isEqualTo(Integer.parseInt(code.substring(0, 3)));
        assertThat(contentType).as(body).startsWith("application/json");
        assertThat(cacheControl).as(body).isEqualTo("no-store");
        JsonNode j;
        try {
            j = JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON (HTTP " + status + "): " + body, e);
        }
        assertThat(j.path("responseCode").asText()).as(body).isEqualTo(code);
        assertThat(j.path("responseMessage").asText()).as(body).isNotBlank();
        assertThat(j.path("processingTime").isNumber()).as(body).isTrue();
        assertThat(j.path("traceId").asText()).as(body).isNotBlank();
        return j;
    }

    static JsonNode assertEnvelope(Answer a, String code) {
        return assertEnvelope(a.status(), a.header("Content-Type"), a.header("Cache-Control"), a.body(), code);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "GET, /",
            "GET, /nothing-here",
            "GET, /favicon.ico",
            "GET, /index.html",
            "POST, /pg/payment/card/nothing",
            "GET, /pg/payment/card/check",
            "GET, /sof/bp/checkCard/",
            "GET, /sof/bp/checkCard/A/B",
            "PUT, /pg",
            "DELETE, /sof/bp/nothing",
            "GET, /error",
            "GET, /sandboxes",
            "GET, /opsx"})
    void anUnknownPathIs4040000WithOrWithoutCredentials(String method, String path) {
        assertEnvelope(call(method, path, null, null, false), "4040000");
        assertEnvelope(call(method, path, null, null, true), "4040000");
        // a browser asking for HTML gets the envelope too
        Answer html = hub.send(HttpRequest.newBuilder(URI.create(hub.base() + path)).header("Accept", "text/html")
                .method(method, HttpRequest.BodyPublishers.noBody()));
        assertEnvelope(html, "4040000");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "GET, /sof/bp/paymentCard",
            "DELETE, /sof/bp/paymentCard",
            "PUT, /pg/payment/card/initiate",
            "POST, /sof/bp/checkCard/ORDER1",
            "PATCH, /pg/payment/card/check/ORDER1",
            "POST, /pg/payment/card/cancel/ORDER1",
            "GET, /pg/payment/card/resend/ORDER1"})
    void aKnownPathWithTheWrongMethodIs4050000WithOrWithoutCredentials(String method, String path) {
        assertEnvelope(call(method, path, null, null, false), "4050000");
        assertEnvelope(call(method, path, "application/json", "{}", true), "4050000");
    }

    @Test
    void aBodyThatIsNotJsonIs4150000UnderAnotherContentTypeAnd4000001UnderJson() {
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "application/xml"}) {
            String orderId = orderId("CT");
            assertEnvelope(call("POST", "/pg/payment/card/initiate", type, "order.id=" + orderId + "&amount=1000", true),
                    "4150000");
            assertEnvelope(call("POST", "/sof/bp/paymentCard", type, "<order id=\"" + orderId + "\"/>", true), "4150000");
        }
        String parts = "--XyZ\r\nContent-Disposition: form-data; name=\"order\"\r\n\r\n{}\r\n--XyZ--\r\n";
        assertEnvelope(call("POST", "/pg/payment/card/initiate", "multipart/form-data; boundary=XyZ", parts, true), "4150000");
        assertEnvelope(call("POST", "/pg/payment/card/initiate", "application/json", "{\"order\":", true), "4000001");
        assertEnvelope(call("POST", "/pg/payment/card/initiate", "application/json; charset=utf-8", "order=1", true),
                "4000001");
        assertEnvelope(call("POST", "/sof/bp/paymentCard", null, "{\"order\" 1}", true), "4000001");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM payment_order WHERE order_id LIKE 'CT-%'", Integer.class)).isZero();
    }

    @Test
    void aJsonBodyIsReadWhateverContentTypeItCameWith() {
        // PHP's curl sends application/x-www-form-urlencoded unless the client sets a type
        String orderId = orderId("FORM");
        JsonNode ok = assertEnvelope(call("POST", "/pg/payment/card/initiate", "application/x-www-form-urlencoded",
                plain(orderId, "Tagihan"), true), "2000000");
        assertThat(ok.get("redirecturl").asText()).contains("/pg/payment/card/access/");
    }

    // ------------------------------------------------------------------ an unexpected failure in a route

    int count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Integer.class, args);
    }

    @Test
    void aFailureTheStoreRaisesWhileMakingAnOrderIs5000000AndLeavesNoOrderBehind() {
        // The database refuses the order's final reference (a constraint the hub does not expect),
        // after its row was written: the answer is 5000000 and the row, its events, all are gone.
        String orderId = orderId("FAIL");
        String body = plain(orderId, "refused-by-the-store");
        String traceId;
        jdbc.execute("ALTER TABLE payment_order ADD CONSTRAINT ck_envelope_test"
                + " CHECK (reference NOT LIKE 'LKT-%' OR description IS NULL OR description <> 'refused-by-the-store')");
        try {
            traceId = assertEnvelope(call("POST", "/pg/payment/card/initiate", "application/json", body, true), "5000000")
                    .get("traceId").asText();
        } finally {
            jdbc.execute("ALTER TABLE payment_order DROP CONSTRAINT ck_envelope_test");
        }
        assertThat(count("SELECT COUNT(*) FROM payment_order WHERE order_id = ?", orderId)).isZero();
        // the event rows that request wrote, found by its traceId (the other tests' orders go on meanwhile)
        assertThat(count("SELECT COUNT(*) FROM order_event WHERE trace_id = ?", traceId)).isZero();
        assertEnvelope(call("GET", "/pg/payment/card/check/" + orderId, null, null, true), "4040001");
        // nothing half made stands in the way: the same request now makes the order
        assertEnvelope(call("POST", "/pg/payment/card/initiate", "application/json", body, true), "2000000");
        assertThat(count("SELECT COUNT(*) FROM payment_order WHERE order_id = ?", orderId)).isOne();
    }

    @Test
    void aFailureTheStoreRaisesWhileCancellingIs5000000AndLeavesTheOrderAsItWas() {
        String orderId = orderId("FCX");
        assertEnvelope(call("POST", "/pg/payment/card/initiate", "application/json", plain(orderId, "Tagihan"), true), "2000000");
        long pk = jdbc.queryForObject("SELECT id FROM payment_order WHERE order_id = ?", Long.class, orderId);
        int events = count("SELECT COUNT(*) FROM order_event WHERE order_pk = ?", pk);
        // the cancel's last statement, its notification's outbox row, is refused
        jdbc.execute("ALTER TABLE notification ADD CONSTRAINT ck_envelope_test CHECK (order_pk <> " + pk + ")");
        try {
            assertEnvelope(call("GET", "/pg/payment/card/cancel/" + orderId, null, null, true), "5000000");
        } finally {
            jdbc.execute("ALTER TABLE notification DROP CONSTRAINT ck_envelope_test");
        }
        JsonNode status = assertEnvelope(call("GET", "/pg/payment/card/check/" + orderId, null, null, true), "2000000");
        assertThat(status.at("/data/result/payment/status").asText()).isEqualTo("REQUEST_INITIATED");
        assertThat(jdbc.queryForObject("SELECT status FROM payment_order WHERE id = ?", String.class, pk))
                .isEqualTo("REQUEST_INITIATED");
        assertThat(count("SELECT COUNT(*) FROM order_event WHERE order_pk = ?", pk)).isEqualTo(events);
        assertThat(count("SELECT COUNT(*) FROM notification WHERE order_pk = ?", pk)).isZero();
        // and the cancel goes through once the store takes it
        JsonNode cancelled = assertEnvelope(call("GET", "/pg/payment/card/cancel/" + orderId, null, null, true), "2000000");
        assertThat(cancelled.at("/data/result/payment/status").asText()).isEqualTo("CANCELLED");
        assertThat(count("SELECT COUNT(*) FROM notification WHERE order_pk = ?", pk)).isOne();
    }

    @Test
    void thePageTheSandboxAndActuatorKeepTheirOwnAnswers() {
        Answer page = hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/pg/payment/card/access/" + "0".repeat(64)))
                .header("Accept", "text/html").GET());
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).doesNotContain("responseCode");
        Answer sandbox = call("GET", "/sandbox/nothing-here", null, null, false);
        assertThat(sandbox.status()).isEqualTo(404);
        assertThat(sandbox.body()).doesNotContain("responseCode");
        Answer actuator = call("GET", "/actuator/nothing-here", null, null, false);
        assertThat(actuator.status()).isEqualTo(404);
        assertThat(actuator.body()).doesNotContain("responseCode");
    }

    // ------------------------------------------------------------------ what Tomcat refuses itself

    /** Sends {@code request} as it is on a socket and reads the whole answer. */
    static String raw(String request) throws Exception {
        try (Socket s = new Socket("localhost", PORT)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                answer.write(buf, 0, n);
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    /** The envelope in a raw HTTP/1.1 answer. */
    static JsonNode assertRawEnvelope(String answer, String code) {
        int split = answer.indexOf("\r\n\r\n");
        assertThat(split).as(answer).isPositive();
        String head = answer.substring(0, split);
        String body = answer.substring(split + 4);
        if (head.toLowerCase().contains("transfer-encoding: chunked")) {
            body = unchunk(body);
        }
        int status = Integer.parseInt(head.substring(9, 12));
        return assertEnvelope(status, header(head, "Content-Type"), header(head, "Cache-Control"), body, code);
    }

    static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < chunked.length()) {
            int eol = chunked.indexOf("\r\n", i);
            int size = Integer.parseInt(chunked.substring(i, eol).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
        return out.toString();
    }

    @Test
    void aMalformedRequestLineIs4000001() throws Exception {
        assertRawEnvelope(raw("GET /sof/bp/check Card/X HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), "4000001");
        assertRawEnvelope(raw("GET /sof/bp/checkCard/{x} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), "4000001");
    }

    @Test
    void anInvalidHeaderIs4000001() throws Exception {
        assertRawEnvelope(raw("GET /sof/bp/checkCard/X HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\nConnection: close\r\n\r\n"),
                "4000001");
        assertRawEnvelope(raw("GET /sof/bp/checkCard/X HTTP/1.1\r\nConnection: close\r\n\r\n"), "4000001");
    }

    @Test
    void anOverLongHeaderIs4000001() throws Exception {
        assertRawEnvelope(raw("GET /sof/bp/checkCard/X HTTP/1.1\r\nHost: localhost\r\nX-Long: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n"), "4000001");
    }

    @Test
    void aBadUriEncodingIs4000001() throws Exception {
        assertRawEnvelope(raw("GET /sof/bp/checkCard/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), "4000001");
        assertRawEnvelope(raw("GET /pg/payment/card/check/%C0%AF HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
                "4000001");
    }
}
