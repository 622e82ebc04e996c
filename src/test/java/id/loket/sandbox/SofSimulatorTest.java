package id.loket.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import id.loket.codec.Hex;
import id.loket.flow.HubClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:sandbox-sof;DB_CLOSE_DELAY=-1",
        "camel.main.routes-collector-enabled=false",
        "hub.sandbox.sof.callback-retry-delays=200ms,200ms,200ms",
        // The safety-net poller only takes attempts 20 s overdue here: a callback that comes sooner was
        // sent when due by its planner, however slow the machine is.
        "hub.sandbox.sof.callback-overdue=20s"})
class SofSimulatorTest {

    /** A provider callback as the hub received it. */
    record Callback(String body, String signature, long atNanos) {
        String paymentCode() {
            Matcher m = Pattern.compile("\"paymentCode\":\"([^\"]+)\"").matcher(body);
            return m.find() ? m.group(1) : null;
        }
    }

    /** Stands in for the hub's {@code /sof/callback}: records every call, fails the first N per payment code. */
    static final HttpServer HUB;
    static final List<Callback> RECEIVED = new CopyOnWriteArrayList<>();
    static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();

    static {
        try {
            HUB = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HUB.createContext("/sof/callback", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Callback c = new Callback(body, exchange.getRequestHeaders().getFirst("X-Loket-Signature"), System.nanoTime());
            RECEIVED.add(c);
            AtomicInteger left = FAILURES.get(c.paymentCode());
            int status = left != null && left.getAndDecrement() > 0 ? 500 : 200;
            byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        HUB.start();
    }

    @DynamicPropertySource
    static void hubCallbackUrl(DynamicPropertyRegistry registry) {
        registry.add("hub.sandbox.sof.callback-url",
                () -> "http://127.0.0.1:" + HUB.getAddress().getPort() + "/sof/callback");
    }

    @AfterAll
    static void stopHub() {
        HUB.stop(0);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    HubClient http;
    private static final AtomicInteger REF = new AtomicInteger();

    @BeforeEach
    void setUp() {
        http = new HubClient(port);
    }

    static String newReference() {
        return "LKT" + System.currentTimeMillis() + REF.incrementAndGet();
    }

    HubClient.Answer create(String family, String type, String reference, long amount) throws Exception {
        return http.postJson("/sandbox/sof/" + family + "/payments", Map.of("reference", reference, "type", type,
                "amount", amount, "customerName", "BUDI SANTOSO", "expiresAt", "2026-11-25 17:02:18",
                "returnUrl", "http://localhost:" + port + "/pg/payment/card/access/tok-" + reference));
    }

    String createCode(String family, String type, String reference, long amount) throws Exception {
        HubClient.Answer a = create(family, type, reference, amount);
        assertThat(a.status()).isEqualTo(200);
        return a.json().get("paymentCode").asText();
    }

    HubClient.Answer pay(String code, String outcome) throws Exception {
        return http.postJson("/sandbox/sof/pay", Map.of("paymentCode", code, "outcome", outcome));
    }

    List<Callback> callbacksFor(String code) {
        return RECEIVED.stream().filter(c -> code.equals(c.paymentCode())).toList();
    }

    static void await(String what, BooleanSupplier condition) {
        Awaitility.await(what).atMost(HubClient.PATIENCE).pollInterval(Duration.ofMillis(20)).until(condition::getAsBoolean);
    }

    JsonNode delivery(String code) {
        return http.get("/sandbox/sof/callbacks?paymentCode=" + code).json().get(0);
    }

    @Test
    void vaPaymentIsCreatedOncePerReference() throws Exception {
        String ref = newReference();
        HubClient.Answer a = create("va", "vabca", ref, 22500);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("status").asText()).isEqualTo("CREATED");
        assertThat(a.json().get("paymentCode").asText()).matches("3901\\d{12}");
        assertThat(a.json().get("channel").asText()).isEqualTo("014");
        assertThat(a.json().get("providerRef").asText()).isNotBlank();
        assertThat(a.json().has("stringQr")).isFalse();
        assertThat(a.json().has("redirectUrl")).isFalse();

        HubClient.Answer again = create("va", "vabca", ref, 22500);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(a.json());

        assertThat(create("va", "vabca", ref, 22600).status()).isEqualTo(409);
        assertThat(create("va", "vamandiri", ref, 22500).status()).isEqualTo(409);

        HubClient.Answer mandiri = create("va", "vamandiri", newReference(), 10000);
        assertThat(mandiri.json().get("paymentCode").asText()).matches("8802\\d{12}");
        assertThat(mandiri.json().get("channel").asText()).isEqualTo("008");
        assertThat(mandiri.json().get("paymentCode").asText()).isNotEqualTo(a.json().get("paymentCode").asText());

        assertThat(http.get("/sandbox/sof/payments?reference=" + ref).json()).hasSize(1);
    }

    @Test
    void concurrentCreatesForOneReferenceGetOnePayment() throws Exception {
        String ref = newReference();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<HubClient.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(clients.submit(() -> create("va", "vabni", ref, 15000)));
            }
            Set<String> codes = new HashSet<>();
            for (Future<HubClient.Answer> answer : answers) {
                HubClient.Answer a = answer.get(10, TimeUnit.SECONDS);
                assertThat(a.status()).isEqualTo(200);
                codes.add(a.json().get("paymentCode").asText());
            }
            assertThat(codes).hasSize(1);
        } finally {
            clients.shutdownNow();
        }
        assertThat(http.get("/sandbox/sof/payments?reference=" + ref).json()).hasSize(1);
    }

    @Test
    void eachFamilyGivesItsOwnKindOfCode() throws Exception {
        HubClient.Answer qris = create("qris", "qris", newReference(), 22500);
        String qr = qris.json().get("paymentCode").asText();
        assertThat(qr).matches("QR\\d+");
        String payload = qris.json().get("stringQr").asText();
        assertThat(payload).startsWith("000201010212").contains("ID.CO.QRIS.WWW", "540522500", "5303360", qr);
        assertThat(payload.substring(payload.length() - 4))
                .isEqualTo(Qris.crc16(payload.substring(0, payload.length() - 4)));

        HubClient.Answer wallet = create("ewallet", "ovo", newReference(), 15000);
        String ew = wallet.json().get("paymentCode").asText();
        assertThat(ew).matches("EW\\d+");
        assertThat(wallet.json().get("redirectUrl").asText())
                .isEqualTo("http://localhost:" + port + "/sandbox/sof/ewallet/approve/" + ew);
        assertThat(wallet.json().get("channel").asText()).isEqualTo("ovo");

        HubClient.Answer card = create("card", "cc", newReference(), 15000);
        String cc = card.json().get("paymentCode").asText();
        assertThat(cc).matches("CC\\d+");
        assertThat(card.json().get("redirectUrl").asText()).endsWith("/sandbox/sof/card/page/" + cc);

        HubClient.Answer alfa = create("paycode", "alfamart", newReference(), 15000);
        assertThat(alfa.json().get("paymentCode").asText()).matches("\\d{12,16}");
        assertThat(alfa.json().get("channel").asText()).isEqualTo("alfamart");

        assertThat(create("qris", "vabca", newReference(), 1000).status()).isEqualTo(400);
        assertThat(create("bitcoin", "btc", newReference(), 1000).status()).isEqualTo(404);
        assertThat(create("va", "vabca", newReference(), 0).status()).isEqualTo(400);
    }

    @Test
    void paymentIsTakenOnceThenRefundedOnce() throws Exception {
        String ref = newReference();
        String code = createCode("va", "vabni", ref, 22500);

        HubClient.Answer paid = pay(code, "SUCCESS");
        assertThat(paid.status()).isEqualTo(200);
        assertThat(paid.json().get("status").asText()).isEqualTo("PAID");
        assertThat(paid.json().get("amount").asLong()).isEqualTo(22500);

        HubClient.Answer twice = pay(code, "SUCCESS");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().get("status").asText()).isEqualTo("PAID");

        JsonNode status = http.postJson("/sandbox/sof/va/status", Map.of("paymentCode", code)).json();
        assertThat(status.get("status").asText()).isEqualTo("PAID");
        assertThat(status.get("amount").asLong()).isEqualTo(22500);
        assertThat(status.get("paidAt").asText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");

        HubClient.Answer close = http.postJson("/sandbox/sof/va/close", Map.of("paymentCode", code));
        assertThat(close.status()).isEqualTo(409);
        assertThat(close.json().get("status").asText()).isEqualTo("PAID");

        HubClient.Answer refund = http.postJson("/sandbox/sof/va/refund",
                Map.of("paymentCode", code, "amount", 22500, "reason", "biller refused"));
        assertThat(refund.status()).isEqualTo(200);
        assertThat(refund.json().get("status").asText()).isEqualTo("REFUNDED");
        String refundRef = refund.json().get("refundRef").asText();
        assertThat(refundRef).isNotBlank();

        HubClient.Answer again = http.postJson("/sandbox/sof/va/refund",
                Map.of("paymentCode", code, "amount", 22500, "reason", "biller refused"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("refundRef").asText()).isEqualTo(refundRef);

        assertThat(pay(code, "SUCCESS").json().get("status").asText()).isEqualTo("REFUNDED");
        // The wrong family's provider does not know this payment.
        assertThat(http.postJson("/sandbox/sof/qris/refund", Map.of("paymentCode", code)).status()).isEqualTo(404);

        JsonNode list = http.get("/sandbox/sof/payments?reference=" + ref).json();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("family").asText()).isEqualTo("va");
        assertThat(list.get(0).get("type").asText()).isEqualTo("vabni");
        assertThat(list.get(0).get("status").asText()).isEqualTo("REFUNDED");
        assertThat(list.get(0).get("refunded").asBoolean()).isTrue();
        assertThat(list.get(0).get("refundAmount").asLong()).isEqualTo(22500);
    }

    @Test
    void aBankTheCloseHadNotReachedTakesAClosedPaymentOnlyWhenAskedTo() throws Exception {
        String code = createCode("va", "vabri", newReference(), 30000);
        assertThat(http.postJson("/sandbox/sof/va/close", Map.of("paymentCode", code)).status()).isEqualTo(200);
        assertThat(http.postJson("/sandbox/sof/pay", Map.of("paymentCode", code, "afterClose", "yes")).status())
                .isEqualTo(400);
        assertThat(http.postJson("/sandbox/sof/pay", Map.of("paymentCode", code, "afterClose", false)).status())
                .isEqualTo(409);

        HubClient.Answer late = http.postJson("/sandbox/sof/pay", Map.of("paymentCode", code, "afterClose", true));
        assertThat(late.status()).isEqualTo(200);
        assertThat(late.json().get("status").asText()).isEqualTo("PAID");
        Awaitility.await("the provider's callback").atMost(Duration.ofSeconds(30))
                .until(() -> !callbacksFor(code).isEmpty());
        assertThat(callbacksFor(code).get(0).body()).contains("\"status\":\"SUCCESS\"", "\"amount\":30000");
        HubClient.Answer refund = http.postJson("/sandbox/sof/va/refund", Map.of("paymentCode", code));
        assertThat(refund.status()).isEqualTo(200);
        assertThat(refund.json().get("refundAmount").asLong()).isEqualTo(30000);
        assertThat(http.postJson("/sandbox/sof/pay", Map.of("paymentCode", code, "afterClose", true)).status())
                .as("a refunded payment is not taken again").isEqualTo(409);
    }

    @Test
    void aPaymentIsRefundedInPartsOnePerReferenceNeverBeyondWhatWasPaid() throws Exception {
        String ref = newReference();
        String code = createCode("va", "vabca", ref, 30000);
        assertThat(pay(code, "SUCCESS").status()).isEqualTo(200);

        HubClient.Answer first = http.postJson("/sandbox/sof/va/refund",
                Map.of("paymentCode", code, "amount", 10000, "refundReference", "R1", "reason", "part"));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("status").asText()).isEqualTo("PARTIALLY_REFUNDED");
        assertThat(first.json().get("amount").asLong()).isEqualTo(10000);
        assertThat(first.json().get("refundAmount").asLong()).isEqualTo(10000);
        // The same reference again: the same refund, not a second one.
        HubClient.Answer repeat = http.postJson("/sandbox/sof/va/refund",
                Map.of("paymentCode", code, "amount", 10000, "refundReference", "R1"));
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.json().get("refundRef").asText()).isEqualTo(first.json().get("refundRef").asText());
        assertThat(http.postJson("/sandbox/sof/va/refund",
                Map.of("paymentCode", code, "amount", 9000, "refundReference", "R1")).status()).isEqualTo(400);
        // More than is left is refused; without an amount, all that is left.
        assertThat(http.postJson("/sandbox/sof/va/refund",
                Map.of("paymentCode", code, "amount", 20001, "refundReference", "R2")).status()).isEqualTo(400);
        HubClient.Answer rest = http.postJson("/sandbox/sof/va/refund", Map.of("paymentCode", code, "refundReference", "R2"));
        assertThat(rest.json().get("status").asText()).isEqualTo("REFUNDED");
        assertThat(rest.json().get("amount").asLong()).isEqualTo(20000);
        assertThat(http.postJson("/sandbox/sof/va/refund",
                Map.of("paymentCode", code, "amount", 1, "refundReference", "R3")).status()).isEqualTo(409);

        JsonNode listed = http.get("/sandbox/sof/payments?reference=" + ref).json().get(0);
        assertThat(listed.get("status").asText()).isEqualTo("REFUNDED");
        assertThat(listed.get("refundAmount").asLong()).isEqualTo(30000);
        assertThat(listed.get("refunds")).hasSize(2);
        assertThat(listed.get("refunds").get(0).get("amount").asLong()).isEqualTo(10000);
        assertThat(listed.get("refunds").get(1).get("amount").asLong()).isEqualTo(20000);
        assertThat(listed.get("refunds").get(1).get("refundedAt").asText()).matches("\\d{4}-\\d{2}-\\d{2} .*");
    }

    @Test
    void closedPaymentCannotBePaidOrRefunded() throws Exception {
        String code = createCode("paycode", "finpaycode", newReference(), 50000);
        HubClient.Answer notPaid = http.postJson("/sandbox/sof/paycode/refund", Map.of("paymentCode", code));
        assertThat(notPaid.status()).isEqualTo(409);
        assertThat(notPaid.json().get("status").asText()).isEqualTo("CREATED");

        HubClient.Answer close = http.postJson("/sandbox/sof/paycode/close", Map.of("paymentCode", code));
        assertThat(close.status()).isEqualTo(200);
        assertThat(close.json().get("status").asText()).isEqualTo("CLOSED");
        assertThat(http.postJson("/sandbox/sof/paycode/close", Map.of("paymentCode", code)).status()).isEqualTo(200);

        HubClient.Answer pay = pay(code, "SUCCESS");
        assertThat(pay.status()).isEqualTo(409);
        assertThat(pay.json().get("status").asText()).isEqualTo("CLOSED");
        assertThat(http.postJson("/sandbox/sof/paycode/refund", Map.of("paymentCode", code)).status()).isEqualTo(409);
        assertThat(http.postJson("/sandbox/sof/paycode/status", Map.of("paymentCode", code)).json()
                .get("status").asText()).isEqualTo("CLOSED");
        HubClient.stays("no callback", Duration.ofMillis(400), () -> callbacksFor(code).isEmpty());

        for (String path : List.of("/sandbox/sof/pay", "/sandbox/sof/va/close", "/sandbox/sof/va/refund",
                "/sandbox/sof/va/status")) {
            HubClient.Answer unknown = http.postJson(path, Map.of("paymentCode", "3901999999999999"));
            assertThat(unknown.status()).as(path).isEqualTo(404);
            assertThat(unknown.json().get("status").asText()).isEqualTo("NOT_FOUND");
        }
    }

    @Test
    void callbackIsSignedAndSentRightAfterThePayment() throws Exception {
        String ref = newReference();
        String code = createCode("va", "vabca", ref, 22500);
        HubClient.Answer paid = pay(code, "SUCCESS");
        long answeredAt = System.nanoTime();
        assertThat(paid.status()).isEqualTo(200);
        await("the callback", () -> callbacksFor(code).size() == 1);
        Callback c = callbacksFor(code).get(0);
        // Sent when due (about 100 ms after the payment), not when the poller next looks (20 s overdue here).
        assertThat(Duration.ofNanos(c.atNanos() - answeredAt)).isLessThan(Duration.ofSeconds(10));

        assertThat(c.signature()).isEqualTo(Hex.hmac("HmacSHA256", "va-callback-secret", c.body()));
        JsonNode body = HubClient.JSON.readTree(c.body());
        assertThat(body.get("family").asText()).isEqualTo("va");
        assertThat(body.get("type").asText()).isEqualTo("vabca");
        assertThat(body.get("paymentCode").asText()).isEqualTo(code);
        assertThat(body.get("reference").asText()).isEqualTo(ref);
        assertThat(body.get("amount").asLong()).isEqualTo(22500);
        assertThat(body.get("status").asText()).isEqualTo("SUCCESS");
        assertThat(body.get("providerRef").asText()).isNotBlank();
        assertThat(body.get("paidAt").asText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");

        await("the acknowledgement recorded", () -> !delivery(code).get("ackedAt").isNull());
        assertThat(delivery(code).get("attempts").asInt()).isEqualTo(1);
        HubClient.stays("one callback", Duration.ofMillis(500), () -> callbacksFor(code).size() == 1);
    }

    @Test
    void callbackIsRepeatedUntilTheHubAcknowledgesIt() throws Exception {
        String code = createCode("qris", "qris", newReference(), 30000);
        FAILURES.put(code, new AtomicInteger(2));
        assertThat(pay(code, "SUCCESS").status()).isEqualTo(200);
        await("three attempts", () -> callbacksFor(code).size() == 3);
        List<Callback> calls = callbacksFor(code);
        assertThat(calls).extracting(Callback::body).containsOnly(calls.get(0).body());
        assertThat(calls).extracting(Callback::signature)
                .containsOnly(Hex.hmac("HmacSHA256", "qris-callback-secret", calls.get(0).body()));
        // Each repeat follows the 200 ms schedule: not earlier, and not left to the poller (20 s overdue here).
        for (int i = 1; i < 3; i++) {
            assertThat(Duration.ofNanos(calls.get(i).atNanos() - calls.get(i - 1).atNanos()))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(150)).isLessThan(Duration.ofSeconds(10));
        }

        await("the acknowledgement recorded", () -> !delivery(code).get("ackedAt").isNull());
        assertThat(delivery(code).get("attempts").asInt()).isEqualTo(3);
        HubClient.stays("three callbacks", Duration.ofMillis(800), () -> callbacksFor(code).size() == 3);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sandbox_sof_callback c JOIN sandbox_sof_payment p"
                + " ON p.id = c.payment_id WHERE p.payment_code = ? AND c.acked_at IS NOT NULL", Integer.class, code))
                .isEqualTo(1);
    }

    @Test
    void callbackGivesUpWhenTheScheduleIsSpent() throws Exception {
        String code = createCode("paycode", "idm", newReference(), 30000);
        FAILURES.put(code, new AtomicInteger(100));
        assertThat(pay(code, "SUCCESS").status()).isEqualTo(200);
        await("four attempts", () -> callbacksFor(code).size() == 4);
        await("giving up recorded", () -> !delivery(code).get("gaveUpAt").isNull());
        // the first attempt and three repeats
        HubClient.stays("four callbacks", Duration.ofMillis(800), () -> callbacksFor(code).size() == 4);
        assertThat(delivery(code).get("ackedAt").isNull()).isTrue();
        assertThat(delivery(code).get("lastResult").asText()).isEqualTo("HTTP 500");
    }

    @Test
    void declinedPaymentIsCalledBackAsDeclined() throws Exception {
        String code = createCode("va", "vabri", newReference(), 12000);
        HubClient.Answer declined = pay(code, "DECLINED");
        assertThat(declined.status()).isEqualTo(200);
        assertThat(declined.json().get("status").asText()).isEqualTo("DECLINED");
        await("the callback", () -> callbacksFor(code).size() == 1);
        assertThat(HubClient.JSON.readTree(callbacksFor(code).get(0).body()).get("status").asText()).isEqualTo("DECLINED");
        assertThat(pay(code, "SUCCESS").status()).isEqualTo(409);
        assertThat(http.postJson("/sandbox/sof/pay", Map.of("paymentCode", code, "outcome", "MAYBE")).status()).isEqualTo(400);
    }

    @Test
    void cardPageTakesTheCardAndGoesBackToTheHub() throws Exception {
        String ref = newReference();
        HubClient.Answer created = create("card", "cc", ref, 25000);
        String code = created.json().get("paymentCode").asText();
        String path = "/sandbox/sof/card/page/" + code;

        HubClient.Answer page = http.get(path);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"card-number\"", "id=\"card-expiry\"", "id=\"card-cvv\"",
                "id=\"card-name\"", "id=\"card-submit\"", "SANDBOX", "Rp 25.000");

        HubClient.Answer invalid = http.postForm(path, Map.of("cardNumber", "4111111111111112",
                "cardExpiry", "12/30", "cardCvv", "123", "cardName", "<b>Budi</b>"));
        assertThat(invalid.status()).isEqualTo(200);
        assertThat(invalid.body()).contains("id=\"card-error\"", "&lt;b&gt;Budi&lt;/b&gt;").doesNotContain("<b>Budi");
        assertThat(invalid.body()).doesNotContain("4111111111111112");
        assertThat(pay(code, "SUCCESS").status()).as("still payable").isEqualTo(200);

        String code2 = createCode("card", "cc", newReference(), 25000);
        HubClient.Answer ok = http.postForm("/sandbox/sof/card/page/" + code2, Map.of(
                "cardNumber", "4111 1111 1111 1111", "cardExpiry", "12/30", "cardCvv", "123", "cardName", "Budi"));
        assertThat(ok.status()).isEqualTo(303);
        assertThat(ok.header("Location")).contains("/pg/payment/card/access/tok-");
        JsonNode status = http.postJson("/sandbox/sof/card/status", Map.of("paymentCode", code2)).json();
        assertThat(status.get("status").asText()).isEqualTo("PAID");
        await("the card callback", () -> callbacksFor(code2).size() == 1);
        assertThat(callbacksFor(code2).get(0).signature())
                .isEqualTo(Hex.hmac("HmacSHA256", "card-callback-secret", callbacksFor(code2).get(0).body()));

        String code3 = createCode("card", "cc", newReference(), 25000);
        HubClient.Answer declined = http.postForm("/sandbox/sof/card/page/" + code3, Map.of(
                "cardNumber", "4000000000000002", "cardExpiry", "01/29", "cardCvv", "999", "cardName", "Budi"));
        assertThat(declined.status()).isEqualTo(303);
        assertThat(http.postJson("/sandbox/sof/card/status", Map.of("paymentCode", code3)).json()
                .get("status").asText()).isEqualTo("DECLINED");
        assertThat(http.get("/sandbox/sof/card/page/" + code3).body()).contains("data-status=\"DECLINED\"");

        // Only the last four digits are kept, anywhere.
        assertThat(jdbc.queryForObject("SELECT card_last4 FROM sandbox_sof_payment WHERE payment_code = ?",
                String.class, code2)).isEqualTo("1111");
        for (String table : List.of("sandbox_sof_payment", "sandbox_sof_callback")) {
            assertThat(jdbc.queryForList("SELECT * FROM " + table).toString())
                    .doesNotContain("4111111111111111", "4000000000000002");
        }
    }

    @Test
    void walletPageApprovesOrDeclines() throws Exception {
        String code = createCode("ewallet", "dana", newReference(), 18000);
        String path = "/sandbox/sof/ewallet/approve/" + code;
        HubClient.Answer page = http.get(path);
        assertThat(page.body()).contains("id=\"ewallet-approve\"", "id=\"ewallet-decline\"", "DANA", "Rp 18.000");
        HubClient.Answer approved = http.postForm(path, Map.of("action", "approve"));
        assertThat(approved.status()).isEqualTo(303);
        assertThat(http.postJson("/sandbox/sof/ewallet/status", Map.of("paymentCode", code)).json()
                .get("status").asText()).isEqualTo("PAID");
        // Approving again does not charge again.
        assertThat(http.postForm(path, Map.of("action", "approve")).status()).isEqualTo(303);
        await("the wallet callback", () -> callbacksFor(code).size() == 1);
        HubClient.stays("one wallet callback", Duration.ofMillis(300), () -> callbacksFor(code).size() == 1);

        String code2 = createCode("ewallet", "ovo", newReference(), 18000);
        assertThat(http.postForm("/sandbox/sof/ewallet/approve/" + code2, Map.of("action", "decline")).status())
                .isEqualTo(303);
        assertThat(http.postJson("/sandbox/sof/ewallet/status", Map.of("paymentCode", code2)).json()
                .get("status").asText()).isEqualTo("DECLINED");
        assertThat(http.get("/sandbox/sof/ewallet/approve/EW000").status()).isEqualTo(404);
    }

    @Test
    void lendersAndOnlineBanksHaveTheirOwnApprovalPages() throws Exception {
        String loan = createCode("paylater", "kredivo", newReference(), 250000);
        assertThat(loan).matches("PL\\d{12}");
        HubClient.Answer lender = http.get("/sandbox/sof/paylater/approve/" + loan);
        assertThat(lender.body()).contains("Kredivo", "id=\"paylater-tenor\"", "id=\"paylater-approve\"",
                "Rp 250.000");
        String bank = createCode("onlinebanking", "permatanet", newReference(), 99000);
        assertThat(bank).matches("OB\\d{12}");
        assertThat(http.get("/sandbox/sof/onlinebanking/approve/" + bank).body())
                .contains("PermataNet", "id=\"onlinebanking-user\"", "id=\"onlinebanking-decline\"");
        // a code is approved only on its own provider's page, and only families with a page have one
        assertThat(http.get("/sandbox/sof/ewallet/approve/" + loan).status()).isEqualTo(404);
        assertThat(http.postForm("/sandbox/sof/onlinebanking/approve/" + loan, Map.of("action", "approve")).status())
                .isEqualTo(404);
        String va = createCode("va", "vamuamalat", newReference(), 99000);
        assertThat(http.get("/sandbox/sof/va/approve/" + va).status()).isEqualTo(404);

        assertThat(http.postForm("/sandbox/sof/paylater/approve/" + loan, Map.of("tenor", "3", "action", "approve"))
                .status()).isEqualTo(303);
        assertThat(http.postForm("/sandbox/sof/onlinebanking/approve/" + bank, Map.of("action", "decline")).status())
                .isEqualTo(303);
        assertThat(http.postJson("/sandbox/sof/paylater/status", Map.of("paymentCode", loan)).json()
                .get("status").asText()).isEqualTo("PAID");
        assertThat(http.postJson("/sandbox/sof/onlinebanking/status", Map.of("paymentCode", bank)).json()
                .get("status").asText()).isEqualTo("DECLINED");
        await("the lender's and the bank's callbacks", () -> callbacksFor(loan).size() == 1 && callbacksFor(bank).size() == 1);
        assertThat(callbacksFor(loan).get(0).signature())
                .isEqualTo(Hex.hmac("HmacSHA256", "paylater-callback-secret", callbacksFor(loan).get(0).body()));
        assertThat(callbacksFor(bank).get(0).signature())
                .isEqualTo(Hex.hmac("HmacSHA256", "onlinebanking-callback-secret", callbacksFor(bank).get(0).body()));
    }

    @Test
    void everyVirtualAccountBankAndRetailCounterHasItsOwnNumbers() throws Exception {
        Set<String> prefixes = new HashSet<>();
        for (String type : List.of("vabca", "vabjb", "vabnc", "vabni", "vabri", "vabsi", "vabtn", "vacimb", "vadanamon",
                "vadki", "vamandiri", "vamaybank", "vamega", "vamuamalat", "vanagari", "vapermata", "finpaybpd")) {
            HubClient.Answer a = create("va", type, newReference(), 10000);
            assertThat(a.status()).as(type).isEqualTo(200);
            String code = a.json().get("paymentCode").asText();
            assertThat(code).as(type).matches("\\d{16}");
            assertThat(prefixes.add(code.substring(0, 4))).as(type + " prefix " + code).isTrue();
        }
        HubClient.Answer pos = create("paycode", "pospay", newReference(), 10000);
        assertThat(pos.json().get("channel").asText()).isEqualTo("posindonesia");
        assertThat(create("paycode", "idm", newReference(), 10000).json().get("channel").asText()).isEqualTo("indomaret");
        assertThat(create("paylater", "ovo", newReference(), 10000).status()).isEqualTo(400);
    }
}
