package id.loket.security;

import static id.loket.security.SecurityChecks.assertEnvelope;
import static id.loket.security.SecurityChecks.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import id.loket.codec.Hex;
import id.loket.flow.HubClient;
import id.loket.flow.HubClient.Answer;
import id.loket.flow.SharedHubTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The two doors that are not the Mitra API: the providers' callbacks (authenticated, amount-checked,
 * a forgery changes nothing) and the hosted page (unguessable token, framing and caching headers,
 * CSRF on the SOF choice, escaped output).
 */
class ProviderCallbackAndPageTest extends SharedHubTest {

    static final AtomicInteger SEQ = new AtomicInteger();
    static final ExecutorService POOL = Executors.newFixedThreadPool(8);
    final HubClient hub = new HubClient(PORT);

    @Autowired
    JdbcTemplate jdbc;

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    static String orderId(String prefix) {
        return prefix + "-" + System.currentTimeMillis() % 100000 + "-" + SEQ.incrementAndGet();
    }

    String core(String orderId, String billNumber) {
        return """
                {"order":{"id":"%s"},"customer":{"email":"budi@example.com"},"url":{"callbackUrl":"%s/sandbox/mitra/callback"},
                 "billing":{"billerServiceProvider":{"id":"050017","customerId":"%s"}},"sourceOfFunds":{"type":"vabca"}}
                """.formatted(orderId, hub.base(), billNumber);
    }

    String plain(String orderId, String description) {
        return """
                {"order":{"id":"%s","amount":"25000","description":%s},"customer":{"email":"budi@example.com"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"}}
                """.formatted(orderId, SecurityChecks.JSON.valueToTree(description).toString(), hub.base());
    }

    // ------------------------------------------------------------------ provider callbacks

    static String callbackBody(String family, String type, String code, String reference, long amount, String status) {
        return "{\"family\":\"" + family + "\",\"type\":\"" + type + "\",\"paymentCode\":\"" + code + "\",\"reference\":\""
                + reference + "\",\"amount\":" + amount + ",\"status\":\"" + status
                + "\",\"providerRef\":\"BANK-1\",\"paidAt\":\"2026-11-24 10:00:00\"}";
    }

    Answer callback(String body, String signature) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hub.base() + "/sof/callback"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            b.header("X-Loket-Signature", signature);
        }
        return hub.send(b);
    }

    static String sign(String secret, String body) {
        return Hex.hmac("HmacSHA256", secret, body);
    }

    int events(String orderId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM order_event e JOIN payment_order o ON o.id = e.order_pk"
                + " WHERE o.order_id = ?", Integer.class, orderId);
    }

    int notifications(String orderId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM notification n JOIN payment_order o ON o.id = n.order_pk"
                + " WHERE o.order_id = ?", Integer.class, orderId);
    }

    @Test
    void aForgedCallbackChangesNothingAndAnswers4010000() {
        String orderId = orderId("FORGE");
        String code = hub.initiateBill(core(orderId, "7400012345")).json().get("paymentCode").asText();
        Map<String, Object> row = jdbc.queryForMap("SELECT reference, amount FROM payment_order WHERE order_id = ?", orderId);
        String reference = (String) row.get("reference");
        long amount = ((Number) row.get("amount")).longValue();
        String genuine = callbackBody("va", "vabca", code, reference, amount, "SUCCESS");
        String declined = callbackBody("va", "vabca", code, reference, amount, "DECLINED");
        int eventsBefore = events(orderId);

        List<String[]> forgeries = List.of(
                new String[] {"wrong secret", genuine, sign("not-the-bank's-secret", genuine)},
                new String[] {"no signature", genuine, null},
                new String[] {"empty signature", genuine, ""},
                new String[] {"another body's signature", genuine, sign("va-callback-secret", declined)},
                new String[] {"signed, then the body changed", genuine.replace("BANK-1", "BANK-2"),
                        sign("va-callback-secret", genuine)},
                new String[] {"truncated signature", genuine, sign("va-callback-secret", genuine).substring(0, 32)},
                new String[] {"a decline with a wrong secret", declined, sign("x", declined)},
                new String[] {"another family's secret", genuine, sign("qris-callback-secret", genuine)},
                new String[] {"type not of its family (va secret)", callbackBody("va", "qris", code, reference, amount, "SUCCESS"),
                        sign("va-callback-secret", callbackBody("va", "qris", code, reference, amount, "SUCCESS"))},
                new String[] {"family claimed to match another secret",
                        callbackBody("qris", "vabca", code, reference, amount, "SUCCESS"),
                        sign("qris-callback-secret", callbackBody("qris", "vabca", code, reference, amount, "SUCCESS"))},
                new String[] {"card family for a VA", callbackBody("card", "vabca", code, reference, amount, "SUCCESS"),
                        sign("card-callback-secret", callbackBody("card", "vabca", code, reference, amount, "SUCCESS"))},
                new String[] {"unknown family", callbackBody("bank", "vabca", code, reference, amount, "SUCCESS"),
                        sign("va-callback-secret", callbackBody("bank", "vabca", code, reference, amount, "SUCCESS"))},
                new String[] {"signature with a byte more", genuine, sign("va-callback-secret", genuine) + "00"});
        for (String[] f : forgeries) {
            Answer a = callback(f[1], f[2]);
            assertThat(a.status()).as(f[0]).isEqualTo(401);
            assertEnvelope(a, "4010000");
        }
        Answer malformed = callback("{\"family\":\"va\"", sign("va-callback-secret", "{\"family\":\"va\""));
        assertEnvelope(malformed, "4000001");

        assertThat(hub.statusOf(orderId)).isEqualTo("PENDING");
        assertThat(events(orderId)).isEqualTo(eventsBefore);
        assertThat(notifications(orderId)).isZero();

        // The genuine callback still works: the forgeries were refused for being forged.
        Answer ok = callback(genuine, sign("va-callback-secret", genuine));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("responseCode").asText()).isEqualTo("2000000");
        hub.awaitStatus(orderId, "PAID");
    }

    @Test
    void aCallbackWhoseAmountDiffersIsRefusedAndRecordedAndChargesNothingFurther() {
        String orderId = orderId("AMT");
        String code = hub.initiateBill(core(orderId, "7400012346")).json().get("paymentCode").asText();
        Map<String, Object> row = jdbc.queryForMap("SELECT reference, amount FROM payment_order WHERE order_id = ?", orderId);
        String reference = (String) row.get("reference");
        long amount = ((Number) row.get("amount")).longValue();

        for (long wrong : List.of(amount - 1, amount + 1, 1L, 0L, -amount, amount * 100)) {
            String body = callbackBody("va", "vabca", code, reference, wrong, "SUCCESS");
            assertRefused(callback(body, sign("va-callback-secret", body)), "4000001", "amount");
        }
        String noAmount = "{\"family\":\"va\",\"type\":\"vabca\",\"paymentCode\":\"" + code + "\",\"status\":\"SUCCESS\"}";
        assertRefused(callback(noAmount, sign("va-callback-secret", noAmount)), "4000001", "amount");
        String textAmount = callbackBody("va", "vabca", code, reference, amount, "SUCCESS")
                .replace("\"amount\":" + amount, "\"amount\":\"" + amount + "x\"");
        assertRefused(callback(textAmount, sign("va-callback-secret", textAmount)), "4000001", "amount");

        assertThat(hub.statusOf(orderId)).isEqualTo("PENDING");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_event e JOIN payment_order o ON o.id = e.order_pk"
                + " WHERE o.order_id = ? AND e.arrow = 'payment-callback' AND e.outcome = 'REFUSED'", Integer.class, orderId))
                .isEqualTo(8);
        assertThat(notifications(orderId)).isZero();
        assertThat(hub.billerTransactions("7400012346").findValues("transactionType").stream()
                .filter(t -> t.asText().equals("50")).count()).isZero();
    }

    // ------------------------------------------------------------------ the hosted page

    @Test
    void paymentUrlTokensCarryAtLeast128RandomBitsAndNeverRepeat() throws Exception {
        List<Future<Answer>> futures = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String orderId = orderId("TOK");
            ids.add(orderId);
            futures.add(POOL.submit(() -> hub.initiatePlain(plain(orderId, "Token " + orderId))));
        }
        Set<String> tokens = new HashSet<>();
        Set<String> prefixes = new HashSet<>();
        for (int i = 0; i < futures.size(); i++) {
            Answer a = futures.get(i).get();
            assertEnvelope(a, "2000000");
            String url = a.json().get("redirecturl").asText();
            String token = HubClient.find(url, "/pg/payment/card/access/([^/?#]+)$");
            assertThat(token).matches("[0-9a-f]{32,}");
            assertThat(token).doesNotContain(ids.get(i));
            tokens.add(token);
            prefixes.add(token.substring(0, 8));
        }
        assertThat(tokens).hasSize(200);
        // Not a counter with a random tail: even their first 32 bits differ.
        assertThat(prefixes).hasSize(200);
        // A near-miss token finds nothing.
        String token = tokens.iterator().next();
        String flipped = token.substring(0, token.length() - 1) + (token.endsWith("0") ? "1" : "0");
        Answer miss = hub.openPage(hub.base() + "/pg/payment/card/access/" + flipped);
        assertThat(miss.status()).isEqualTo(404);
        assertThat(miss.body()).doesNotContain("sof-form");
    }

    @Test
    void thePageCannotBeFramedAndShowsTheDescriptionEscaped() {
        String orderId = orderId("XSS");
        String script = "<script>alert(1)</script>";
        String url = hub.initiatePlain(plain(orderId, script + "\"><img src=x onerror=alert(2)>")).json().get("redirecturl").asText();

        Answer page = hub.openPage(url);
        assertThat(page.status()).isEqualTo(200);
        for (Answer a : List.of(page, hub.openPage(url + "?lang=en"), hub.openPage(hub.base() + "/pg/payment/card/access/0000"))) {
            String what = a.raw().uri() + " (HTTP " + a.status() + ") " + a.raw().headers().map();
            assertThat(a.header("Content-Security-Policy")).as(what).contains("frame-ancestors 'none'");
            assertThat(a.header("X-Frame-Options")).as(what).isEqualTo("DENY");
            assertThat(a.header("Content-Type")).as(what).startsWith("text/html");
        }
        assertThat(page.body())
                .doesNotContain(script)
                .doesNotContain("<img src=x")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("&lt;img src=x onerror=alert(2)&gt;");
        // The script the CSP allows is the hub's own file: no inline script from the order.
        assertThat(page.header("Content-Security-Policy")).doesNotContain("'unsafe-inline'").doesNotContain("'unsafe-eval'");
    }

    @Test
    void thePageLoadsOnlyTheHubsOwnStyleAndScriptAndABrowserMayKeepThem() {
        String url = hub.initiatePlain(plain(orderId("ASSETS"), "assets")).json().get("redirecturl").asText();
        Answer page = hub.openPage(url);
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'", "style-src 'self'",
                "script-src 'self'");
        assertThat(page.body()).doesNotContain("<style", "<script>");
        // Named by their content's hash: a new file is a new URL, so the old one may be kept for a year.
        Map<String, String> assets = Map.of(
                HubClient.find(page.body(), "<link rel=\"stylesheet\" href=\"(/page/assets/page-[0-9a-f]{32}\\.css)\">"), "text/css",
                HubClient.find(page.body(), "<script src=\"(/page/assets/page-[0-9a-f]{32}\\.js)\"></script>"), "javascript");
        assets.forEach((path, type) -> {
            Answer a = hub.openPage(hub.base() + path);
            String what = path + " (HTTP " + a.status() + ") " + a.raw().headers().map();
            assertThat(a.status()).as(what).isEqualTo(200);
            assertThat(a.header("Content-Type")).as(what).contains(type);
            assertThat(a.header("Cache-Control")).as(what).contains("max-age=31536000", "immutable").doesNotContain("no-store");
            assertThat(a.body()).as(what).isNotBlank();
        });
        assertThat(hub.openPage(hub.base() + "/page/assets/none.js").status()).isEqualTo(404);
    }

    @Test
    void thePageIsNeverStoredByACache() {
        // The page holds the CSRF value of the form, the VA number or QR and the amount: no cache may keep it.
        String url = hub.initiatePlain(plain(orderId("CACHE"), "cache")).json().get("redirecturl").asText();
        for (Answer a : List.of(hub.openPage(url), hub.openPage(url + "?lang=en"),
                hub.openPage(hub.base() + "/pg/payment/card/access/0000"))) {
            String what = a.raw().uri() + " (HTTP " + a.status() + ") " + a.raw().headers().map();
            assertThat(a.header("Cache-Control")).as(what).isNotNull().contains("no-store");
        }
    }

    @Test
    void aSofChoiceWithoutTheRightCsrfValueCreatesNoPayment() {
        String orderId = orderId("CSRF");
        String url = hub.initiatePlain(plain(orderId, "CSRF")).json().get("redirecturl").asText();
        String otherUrl = hub.initiatePlain(plain(orderId("CSRF"), "other")).json().get("redirecturl").asText();
        String reference = jdbc.queryForObject("SELECT reference FROM payment_order WHERE order_id = ?", String.class, orderId);
        String right = hub.csrf(url);
        String othersValue = hub.csrf(otherUrl);

        List<String> forms = List.of(
                "sofType=vabca&lang=id",
                "sofType=vabca&csrf=&lang=id",
                "sofType=vabca&csrf=00&lang=id",
                "sofType=vabca&csrf=" + "0".repeat(right.length()),
                "sofType=vabca&csrf=" + right.substring(0, right.length() - 1),
                "sofType=vabca&csrf=" + right.toUpperCase() + "00",
                "sofType=vabca&csrf=" + othersValue);
        for (String form : forms) {
            Answer a = hub.send(HttpRequest.newBuilder(URI.create(url + "/sof"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
            assertThat(a.status()).as(form).isLessThan(500).isNotEqualTo(303);
        }
        // A cross-site form post can carry neither the value nor the header; a JSON post is not a form.
        Answer json = hub.send(HttpRequest.newBuilder(URI.create(url + "/sof"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sofType\":\"vabca\"}")));
        assertThat(json.status()).isLessThan(500);

        assertThat(hub.statusOf(orderId)).isEqualTo("REQUEST_INITIATED");
        assertThat(hub.sofPayments(reference)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT sof_type FROM payment_order WHERE order_id = ?", String.class, orderId)).isNull();

        // With the page's own value the same choice goes through.
        assertThat(hub.choose(url, "vabca", right).status()).isEqualTo(303);
        assertThat(hub.statusOf(orderId)).isEqualTo("PENDING");
        assertThat(hub.sofPayments(reference)).hasSize(1);
    }
}
