package id.loket.safety;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import id.loket.codec.Hex;
import id.loket.flow.HubClient;
import id.loket.flow.HubClient.Answer;
import id.loket.flow.SharedHubTest;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Exactly-once effects, black-box: duplicates arriving together, a provider repeating its callback,
 * a Mitra that does not answer, a cancel racing a payment.
 */
class MoneySafetyTest extends SharedHubTest {

    static final AtomicInteger SEQ = new AtomicInteger();
    static final ExecutorService POOL = Executors.newFixedThreadPool(50);
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

    String core(String orderId, String billNumber, String callbackUrl) {
        return """
                {"order":{"id":"%s"},"customer":{"email":"budi@example.com"},"url":{"callbackUrl":"%s"},
                 "billing":{"billerServiceProvider":{"id":"050017","customerId":"%s"}},"sourceOfFunds":{"type":"vabca"}}
                """.formatted(orderId, callbackUrl, billNumber);
    }

    String hosted(String orderId, String billNumber) {
        return """
                {"order":{"id":"%s"},"customer":{"email":"budi@example.com"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"},
                 "billing":{"billerServiceProvider":{"id":"050017","customerId":"%s"}}}
                """.formatted(orderId, hub.base(), billNumber);
    }

    /** Runs the calls at once, behind one start gate, and returns their results in order. */
    static <T> List<T> together(List<Callable<T>> calls) throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> call : calls) {
            futures.add(POOL.submit(() -> {
                gate.await();
                return call.call();
            }));
        }
        gate.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get());
        }
        return results;
    }

    String notificationState(String orderId) {
        List<String> states = jdbc.queryForList("SELECT n.state FROM notification n JOIN payment_order o ON o.id = n.order_pk"
                + " WHERE o.order_id = ?", String.class, orderId);
        return states.isEmpty() ? null : states.get(0);
    }

    int count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Integer.class, args);
    }

    @Test
    void fiftyIdenticalInitiatesAtOnceCreateOneOrderAndOnePayment() throws Exception {
        String orderId = orderId("DUP");
        String body = core(orderId, "7000012345", hub.base() + "/sandbox/mitra/callback");
        List<Callable<Answer>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(() -> hub.initiateBill(body));
        }
        List<Answer> answers = together(calls);

        Set<String> urls = new HashSet<>();
        Set<String> codes = new HashSet<>();
        for (Answer a : answers) {
            assertThat(a.status()).as(a.body()).isEqualTo(200);
            urls.add(a.json().get("redirecturl").asText());
            codes.add(a.json().get("paymentCode").asText());
        }
        assertThat(urls).hasSize(1);
        assertThat(codes).hasSize(1);
        assertThat(count("SELECT COUNT(*) FROM payment_order WHERE order_id = ?", orderId)).isEqualTo(1);
        String reference = jdbc.queryForObject("SELECT reference FROM payment_order WHERE order_id = ?", String.class, orderId);
        assertThat(hub.sofPayments(reference)).hasSize(1);
    }

    @Test
    void concurrentInitiatesWithDifferentBodiesCreateOneOrderAndTheOthersGet4090001() throws Exception {
        String orderId = orderId("DIF");
        List<Callable<Answer>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String body = hosted(orderId, "70000" + (12300 + i % 2));
            calls.add(() -> hub.initiateBill(body));
        }
        List<Answer> answers = together(calls);

        assertThat(count("SELECT COUNT(*) FROM payment_order WHERE order_id = ?", orderId)).isEqualTo(1);
        String stored = jdbc.queryForObject("SELECT bill_number FROM payment_order WHERE order_id = ?", String.class, orderId);
        for (int i = 0; i < answers.size(); i++) {
            boolean winnersBody = stored.equals("70000" + (12300 + i % 2));
            assertThat(answers.get(i).status()).as(answers.get(i).body()).isEqualTo(winnersBody ? 200 : 409);
            if (!winnersBody) {
                assertThat(answers.get(i).json().get("responseCode").asText()).isEqualTo("4090001");
            }
        }
    }

    @Test
    void twentyPaySubmissionsFromTwoTabsCreateOnePaymentAtOneProvider() throws Exception {
        String orderId = orderId("TAB");
        String url = hub.initiateBill(hosted(orderId, "7000054321")).json().get("redirecturl").asText();
        String csrf = hub.csrf(url);
        List<Callable<Answer>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String type = i % 2 == 0 ? "vabca" : "qris";
            calls.add(() -> hub.choose(url, type, csrf));
        }
        List<Answer> answers = together(calls);

        assertThat(answers).allSatisfy(a -> assertThat(a.status()).isEqualTo(303));
        String reference = jdbc.queryForObject("SELECT reference FROM payment_order WHERE order_id = ?", String.class, orderId);
        JsonNode payments = hub.sofPayments(reference);
        assertThat(payments).hasSize(1);
        assertThat(hub.statusOf(orderId)).isEqualTo("PENDING");
        String code = payments.get(0).get("paymentCode").asText();
        assertThat(hub.status(orderId).json().at("/data/sourceOfFunds/paymentCode").asText()).isEqualTo(code);

        // The customer pays twenty times at once: charged once.
        List<Callable<Answer>> pays = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            pays.add(() -> hub.pay(code, "SUCCESS"));
        }
        List<Answer> paid = together(pays);
        assertThat(paid.stream().filter(a -> a.status() == 200).count()).isEqualTo(1);
        hub.awaitNotification(orderId, n -> "PAID".equals(n.get("status").asText()));
        assertThat(hub.sofPayments(reference)).hasSize(1);
        String traxId = jdbc.queryForObject("SELECT trax_id FROM payment_order WHERE order_id = ?", String.class, orderId);
        int messages = 0;
        for (JsonNode m : hub.billerTransactions("7000054321")) {
            messages += m.get("traxId").asText().equals(traxId) ? 1 : 0;
        }
        assertThat(messages).isEqualTo(1);
    }

    String signedCallbackBody(String type, String code, String reference, long amount, String status) {
        return "{\"family\":\"va\",\"type\":\"" + type + "\",\"paymentCode\":\"" + code + "\",\"reference\":\"" + reference
                + "\",\"amount\":" + amount + ",\"status\":\"" + status + "\",\"providerRef\":\"BANK-1\",\"paidAt\":\"2026-11-24 10:00:00\"}";
    }

    Answer callback(String body, String secret) {
        return hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/sof/callback"))
                .header("Content-Type", "application/json")
                .header("X-Loket-Signature", Hex.hmac("HmacSHA256", secret, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void aCallbackSentFiveTimesMakesOneStateChangeAndOneNotification() throws Exception {
        String orderId = orderId("CB5");
        Answer init = hub.initiateBill(core(orderId, "7000011111", hub.base() + "/sandbox/mitra/callback"));
        String code = init.json().get("paymentCode").asText();
        Map<String, Object> row = jdbc.queryForMap("SELECT reference, amount FROM payment_order WHERE order_id = ?", orderId);
        String body = signedCallbackBody("vabca", code, (String) row.get("reference"), ((Number) row.get("amount")).longValue(), "SUCCESS");

        // A forged one first: refused, nothing changes.
        Answer forged = callback(body, "not-the-bank's-secret");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(hub.statusOf(orderId)).isEqualTo("PENDING");

        List<Callable<Answer>> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(() -> callback(body, "va-callback-secret"));
        }
        assertThat(together(calls)).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));

        hub.awaitNotification(orderId, n -> "PAID".equals(n.get("status").asText()));
        HubClient.stays("one notification", Duration.ofMillis(1500), () -> hub.notifications(orderId).size() == 1);
        assertThat(count("SELECT COUNT(*) FROM order_event e JOIN payment_order o ON o.id = e.order_pk WHERE o.order_id = ?"
                + " AND e.to_status = 'PROCESSING'", orderId)).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM order_event e JOIN payment_order o ON o.id = e.order_pk WHERE o.order_id = ?"
                + " AND e.arrow = 'payment-callback' AND e.outcome = 'REPEAT'", orderId)).isEqualTo(4);
        assertThat(count("SELECT COUNT(*) FROM notification n JOIN payment_order o ON o.id = n.order_pk WHERE o.order_id = ?",
                orderId)).isEqualTo(1);
    }

    @Test
    void aCallbackWhoseAmountDiffersIsRefusedAndRecorded() {
        String orderId = orderId("AMT");
        String code = hub.initiateBill(core(orderId, "7000011112", hub.base() + "/sandbox/mitra/callback"))
                .json().get("paymentCode").asText();
        String reference = jdbc.queryForObject("SELECT reference FROM payment_order WHERE order_id = ?", String.class, orderId);
        Answer refused = callback(signedCallbackBody("vabca", code, reference, 1L, "SUCCESS"), "va-callback-secret");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(hub.statusOf(orderId)).isEqualTo("PENDING");
        assertThat(count("SELECT COUNT(*) FROM order_event e JOIN payment_order o ON o.id = e.order_pk WHERE o.order_id = ?"
                + " AND e.arrow = 'payment-callback' AND e.outcome = 'REFUSED'", orderId)).isEqualTo(1);
    }

    /** A Mitra endpoint that fails its first {@code failures} answers, then accepts. */
    static HttpServer mitra(int failures, AtomicInteger calls) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/cb", ex -> {
            ex.getRequestBody().readAllBytes();
            int n = calls.incrementAndGet();
            byte[] body = (n <= failures ? "{\"responseCode\":\"5000000\"}" : "{\"responseCode\":\"2000000\",\"responseMessage\":\"Success\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(n <= failures ? 500 : 200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        return server;
    }

    @Test
    void aMitraThatFailsThreeTimesGetsTheNotificationOnTheFourthAttemptWithEveryAttemptRecorded() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = mitra(3, calls);
        try {
            String orderId = orderId("RTY");
            String code = hub.initiateBill(core(orderId, "7000022222",
                    "http://localhost:" + server.getAddress().getPort() + "/cb")).json().get("paymentCode").asText();
            hub.pay(code, "SUCCESS");

            HubClient.await(() -> "DELIVERED".equals(notificationState(orderId)) ? true : null, "delivery");
            assertThat(calls.get()).isEqualTo(4);
            List<Map<String, Object>> attempts = jdbc.queryForList("SELECT a.http_status, a.outcome, a.attempted_at"
                    + " FROM notification_attempt a JOIN notification n ON n.id = a.notification_id"
                    + " JOIN payment_order o ON o.id = n.order_pk WHERE o.order_id = ? ORDER BY a.id", orderId);
            assertThat(attempts).hasSize(4);
            for (int i = 0; i < 3; i++) {
                assertThat(((Number) attempts.get(i).get("http_status")).intValue()).isEqualTo(500);
                assertThat((String) attempts.get(i).get("outcome")).startsWith("REFUSED");
            }
            assertThat(((Number) attempts.get(3).get("http_status")).intValue()).isEqualTo(200);
            assertThat(attempts.get(3).get("outcome")).isEqualTo("DELIVERED");
            assertThat(attempts).allSatisfy(a -> assertThat(a.get("attempted_at")).isNotNull());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aMitraThatNeverAnswersIsGivenUpVisiblyAndCanAskForAResend() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = mitra(4, calls);
        try {
            String orderId = orderId("GUP");
            String code = hub.initiateBill(core(orderId, "7000033333",
                    "http://localhost:" + server.getAddress().getPort() + "/cb")).json().get("paymentCode").asText();
            hub.pay(code, "SUCCESS");

            HubClient.await(() -> "GAVE_UP".equals(notificationState(orderId)) ? true : null, "giving up");
            assertThat(calls.get()).isEqualTo(4);
            assertThat(hub.statusOf(orderId)).isEqualTo("PAID");

            // Another merchant cannot ask for it; the order's own merchant can.
            Answer stranger = hub.post("/pg/payment/card/resend/" + orderId, "", "NOBODY", "x");
            assertThat(stranger.status()).isEqualTo(401);
            Answer resend = hub.post("/pg/payment/card/resend/" + orderId, "", HubClient.MERCHANT, HubClient.KEY);
            assertThat(resend.status()).as(resend.body()).isEqualTo(200);
            assertThat(resend.json().at("/data/result/payment/status").asText()).isEqualTo("PAID");
            HubClient.await(() -> "DELIVERED".equals(notificationState(orderId)) ? true : null, "the resend");
            assertThat(calls.get()).isEqualTo(5);

            Answer unknown = hub.post("/pg/payment/card/resend/NOPE-" + orderId, "", HubClient.MERCHANT, HubClient.KEY);
            assertThat(unknown.json().get("responseCode").asText()).isEqualTo("4040001");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aCancelRacingAPaymentEndsInOneConsistentOutcome() throws Exception {
        int cancelled = 0;
        int paid = 0;
        for (int round = 0; round < 8; round++) {
            String orderId = orderId("RACE");
            String code = hub.initiateBill(core(orderId, "70000444" + (10 + round), hub.base() + "/sandbox/mitra/callback"))
                    .json().get("paymentCode").asText();
            String reference = jdbc.queryForObject("SELECT reference FROM payment_order WHERE order_id = ?", String.class, orderId);
            List<Callable<Answer>> calls = List.of(() -> hub.cancel(orderId), () -> hub.pay(code, "SUCCESS"));
            List<Answer> answers = together(calls);
            Answer cancel = answers.get(0);
            Answer pay = answers.get(1);
            if (cancel.status() == 200) {
                cancelled++;
                assertThat(pay.status()).as("a cancelled VA takes no payment").isEqualTo(409);
                hub.awaitNotification(orderId, n -> "CANCELLED".equals(n.get("status").asText()));
                assertThat(hub.sofPayments(reference).get(0).get("status").asText()).isEqualTo("CLOSED");
            } else {
                paid++;
                assertThat(cancel.json().get("responseCode").asText()).isEqualTo("4040100");
                assertThat(pay.status()).isEqualTo(200);
                hub.awaitNotification(orderId, n -> "PAID".equals(n.get("status").asText()));
                assertThat(hub.sofPayments(reference).get(0).get("status").asText()).isEqualTo("PAID");
            }
            assertThat(hub.notifications(orderId)).hasSize(1);
        }
        assertThat(cancelled + paid).isEqualTo(8);
    }

    @Test
    void aPaymentReportedForACancelledOrderIsRefundedNotAppliedAndRecorded() throws Exception {
        String orderId = orderId("LATE");
        String code = hub.initiateBill(core(orderId, "7000055555", hub.base() + "/sandbox/mitra/callback"))
                .json().get("paymentCode").asText();
        assertThat(hub.cancel(orderId).status()).isEqualTo(200);
        hub.awaitNotification(orderId, n -> "CANCELLED".equals(n.get("status").asText()));
        Map<String, Object> row = jdbc.queryForMap("SELECT reference, amount FROM payment_order WHERE order_id = ?", orderId);

        // The bank reports a payment that crossed the cancel.
        Answer late = callback(signedCallbackBody("vabca", code, (String) row.get("reference"),
                ((Number) row.get("amount")).longValue(), "SUCCESS"), "va-callback-secret");
        assertThat(late.status()).isEqualTo(200);

        HubClient.await(() -> count("SELECT COUNT(*) FROM order_event e JOIN payment_order o ON o.id = e.order_pk"
                + " WHERE o.order_id = ? AND e.arrow = 'late-payment-refund'", orderId) > 0 ? true : null, "the refund");
        assertThat(count("SELECT COUNT(*) FROM order_event e JOIN payment_order o ON o.id = e.order_pk"
                + " WHERE o.order_id = ? AND e.arrow = 'payment-callback' AND e.outcome = 'LATE'", orderId)).isEqualTo(1);
        assertThat(hub.statusOf(orderId)).isEqualTo("CANCELLED");
        assertThat(jdbc.queryForObject("SELECT refund_pending FROM payment_order WHERE order_id = ?", Boolean.class, orderId))
                .isFalse();
        assertThat(hub.notifications(orderId)).hasSize(1);
    }
}
