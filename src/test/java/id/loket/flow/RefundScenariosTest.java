package id.loket.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import id.loket.flow.HubClient.Answer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refund and void (contract section 2), black-box over HTTP with the sandbox providers: what the
 * Mitra is answered, what the provider refunded, what the hub notified and kept. Runs on H2, and on
 * PostgreSQL with {@code -Dloket.test.db=postgresql}.
 */
class RefundScenariosTest extends SharedHubTest {

    static final AtomicInteger SEQ = new AtomicInteger();
    static final ExecutorService POOL = Executors.newFixedThreadPool(10);
    static final String OTHER = "OTHER02";
    static final String OTHER_KEY = "other-refund-key";
    /** However slow the machine: long enough for anything the hub does here, never waited out when it works. */
    static final Duration PATIENCE = Duration.ofSeconds(60);
    final HubClient hub = new HubClient(PORT);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate tx;

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    static String orderId(String prefix) {
        return prefix + "-" + System.currentTimeMillis() % 100000 + "-" + SEQ.incrementAndGet();
    }

    /** A plain payment order, paid by the customer at a virtual account: PAID. */
    record Paid(String orderId, String reference, long amount) {
    }

    Paid paid(String prefix, long amount) {
        String orderId = orderId(prefix);
        Answer initiated = hub.initiatePlain("""
                {"order":{"id":"%s","amount":"%d"},"customer":{"email":"budi@example.com"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"},"sourceOfFunds":{"type":"vabca"}}
                """.formatted(orderId, amount, hub.base()));
        assertThat(initiated.status()).as(initiated.body()).isEqualTo(200);
        assertThat(hub.pay(initiated.json().get("paymentCode").asText(), "SUCCESS").status()).isEqualTo(200);
        awaitStatus(orderId, "PAID");
        return new Paid(orderId, reference(orderId), amount);
    }

    String reference(String orderId) {
        return jdbc.queryForObject("SELECT reference FROM payment_order WHERE order_id = ?", String.class, orderId);
    }

    void awaitStatus(String orderId, String status) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> status.equals(hub.statusOf(orderId)));
    }

    Answer refundWith(String body, String idempotencyKey) {
        return call("/pg/payment/card/refund", body, idempotencyKey, HubClient.MERCHANT, HubClient.KEY);
    }

    Answer refund(String orderId, String amount) {
        return refundWith(amount == null ? "{\"order\":{\"id\":\"" + orderId + "\"}}"
                : "{\"order\":{\"id\":\"" + orderId + "\",\"amount\":\"" + amount + "\"}}", null);
    }

    Answer voidOf(String orderId) {
        return call("/pg/payment/card/void", "{\"order\":{\"id\":\"" + orderId + "\"}}", null, HubClient.MERCHANT,
                HubClient.KEY);
    }

    Answer call(String path, String body, String idempotencyKey, String merchant, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hub.base() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (merchant != null) {
            b.header("Authorization", HubClient.basic(merchant, key));
        }
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return hub.send(b);
    }

    static void assertCode(Answer a, int http, String code) {
        assertThat(a.status()).as(a.body()).isEqualTo(http);
        assertThat(a.json().get("responseCode").asText()).as(a.body()).isEqualTo(code);
        assertThat(a.json().has("traceId")).isTrue();
        assertThat(a.json().get("processingTime").isNumber()).isTrue();
    }

    /** The one provider payment of the order, as the sandbox provider holds it. */
    JsonNode providerPayment(String reference) {
        JsonNode payments = hub.sofPayments(reference);
        assertThat(payments).hasSize(1);
        return payments.get(0);
    }

    List<Long> providerRefunds(String reference) {
        List<Long> amounts = new ArrayList<>();
        providerPayment(reference).get("refunds").forEach(r -> {
            assertThat(r.get("refundedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
            amounts.add(r.get("amount").asLong());
        });
        return amounts;
    }

    int refundRows(String orderId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM order_refund r JOIN payment_order o ON o.id = r.order_pk"
                + " WHERE o.order_id = ?", Integer.class, orderId);
    }

    long hubRefunded(String orderId) {
        return jdbc.queryForObject("SELECT refund_confirmed FROM payment_order WHERE order_id = ?", Long.class, orderId);
    }

    /** The Mitra's notifications of the order with that status, as received (signature checked both ways). */
    List<JsonNode> notified(String orderId, String status) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode n : hub.notifications(orderId)) {
            if (status.equals(n.get("status").asText())) {
                assertThat(n.get("signatureValid").asBoolean()).as(n.toString()).isTrue();
                try {
                    found.add(HubClient.JSON.readTree(n.get("body").asText()));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        }
        return found;
    }

    List<JsonNode> awaitNotified(String orderId, String status, int count) {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                .until(() -> notified(orderId, status), list -> list.size() >= count);
    }

    static void assertRefund(JsonNode body, long amount, int count) {
        JsonNode refund = body.at("/result/refund");
        assertThat(refund.isObject()).as(body.toString()).isTrue();
        assertThat(refund.get("amount").isIntegralNumber()).isTrue();
        assertThat(refund.get("amount").asLong()).as(body.toString()).isEqualTo(amount);
        assertThat(refund.get("count").asInt()).as(body.toString()).isEqualTo(count);
        assertThat(refund.get("datetime").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
    }

    /** Runs the calls at once, behind one start gate. */
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

    @Test
    void aFullRefundReturnsEverythingAndNotifiesRefunded() {
        Paid p = paid("RFULL", 50000);

        Answer a = refund(p.orderId(), null);

        assertCode(a, 200, "2000000");
        assertThat(a.json().at("/data/result/payment/status").asText()).isEqualTo("REFUNDED");
        assertThat(a.json().at("/data/order/amount").asLong()).isEqualTo(50000);
        assertRefund(a.json().get("data"), 50000, 1);
        JsonNode provider = providerPayment(p.reference());
        assertThat(provider.get("status").asText()).isEqualTo("REFUNDED");
        assertThat(provider.get("refundAmount").asLong()).isEqualTo(50000);
        assertThat(providerRefunds(p.reference())).containsExactly(50000L);
        assertRefund(awaitNotified(p.orderId(), "REFUNDED", 1).get(0), 50000, 1);
        assertRefund(hub.status(p.orderId()).json().get("data"), 50000, 1);

        // Nothing remains: without an amount 4040100, with one too (the order is REFUNDED); nothing more is refunded.
        assertCode(refund(p.orderId(), null), 404, "4040100");
        assertCode(refund(p.orderId(), "1"), 404, "4040100");
        assertThat(providerRefunds(p.reference())).containsExactly(50000L);
        assertThat(refundRows(p.orderId())).isEqualTo(1);
    }

    @Test
    void partialRefundsThenTheRestEachNotifiedWithTheTotalSoFar() {
        Paid p = paid("RPART", 50000);

        Answer first = refund(p.orderId(), "20000");
        assertCode(first, 200, "2000000");
        assertThat(first.json().at("/data/result/payment/status").asText()).isEqualTo("PARTIALLY_REFUNDED");
        assertRefund(first.json().get("data"), 20000, 1);

        // Over what remains (30000): refused, nothing refunded, nothing kept.
        Answer over = refund(p.orderId(), "30001");
        assertCode(over, 400, "4000001");
        assertThat(over.json().get("responseMessage").asText()).contains("order.amount");
        assertThat(refundRows(p.orderId())).isEqualTo(1);
        assertThat(providerRefunds(p.reference())).containsExactly(20000L);

        // A JSON number is read as the digits; then the rest, without an amount.
        Answer second = refundWith("{\"order\":{\"id\":\"" + p.orderId() + "\",\"amount\":5000},"
                + "\"refund\":{\"reason\":\"barang rusak / damaged\"}}", null);
        assertCode(second, 200, "2000000");
        assertRefund(second.json().get("data"), 25000, 2);
        Answer rest = refund(p.orderId(), null);
        assertCode(rest, 200, "2000000");
        assertThat(rest.json().at("/data/result/payment/status").asText()).isEqualTo("REFUNDED");
        assertRefund(rest.json().get("data"), 50000, 3);

        JsonNode provider = providerPayment(p.reference());
        assertThat(provider.get("status").asText()).isEqualTo("REFUNDED");
        assertThat(provider.get("refundAmount").asLong()).isEqualTo(50000);
        assertThat(providerRefunds(p.reference())).containsExactly(20000L, 5000L, 25000L);
        assertThat(jdbc.queryForObject("SELECT reason FROM order_refund WHERE amount = 5000 AND order_pk ="
                + " (SELECT id FROM payment_order WHERE order_id = ?)", String.class, p.orderId()))
                .isEqualTo("barang rusak / damaged");

        List<JsonNode> partial = awaitNotified(p.orderId(), "PARTIALLY_REFUNDED", 2);
        assertThat(partial).hasSize(2);
        assertRefund(partial.get(0), 20000, 1);
        assertRefund(partial.get(1), 25000, 2);
        List<JsonNode> refunded = awaitNotified(p.orderId(), "REFUNDED", 1);
        assertThat(refunded).hasSize(1);
        assertRefund(refunded.get(0), 50000, 3);

        assertCode(refund(p.orderId(), null), 404, "4040100");
        assertThat(hubRefunded(p.orderId())).isEqualTo(50000);
    }

    @Test
    void aVoidOnThePaymentDayTakesTheWholePaymentBack() {
        Paid p = paid("RVOID", 27500);

        Answer a = voidOf(p.orderId());

        assertCode(a, 200, "2000000");
        assertThat(a.json().at("/data/result/payment/status").asText()).isEqualTo("REFUNDED");
        assertRefund(a.json().get("data"), 27500, 1);
        assertThat(providerRefunds(p.reference())).containsExactly(27500L);
        assertRefund(awaitNotified(p.orderId(), "REFUNDED", 1).get(0), 27500, 1);
        assertCode(voidOf(p.orderId()), 404, "4040100");
        assertThat(providerRefunds(p.reference())).containsExactly(27500L);
    }

    @Test
    void aVoidIsRefusedOnceSomethingWasRefundedOrTheDayIsOver() {
        Paid partly = paid("RVPART", 30000);
        assertCode(refund(partly.orderId(), "1000"), 200, "2000000");
        assertCode(voidOf(partly.orderId()), 404, "4040100");
        assertThat(providerRefunds(partly.reference())).containsExactly(1000L);

        Paid yesterday = paid("RVOLD", 30000);
        // The payment was made a day earlier (WIB): it may be refunded, no longer voided.
        jdbc.update("UPDATE payment_order SET paid_at = ? WHERE order_id = ?",
                java.time.OffsetDateTime.now().minusDays(1), yesterday.orderId());
        assertCode(voidOf(yesterday.orderId()), 404, "4040100");
        assertThat(providerPayment(yesterday.reference()).get("refunds")).isEmpty();
        assertThat(refundRows(yesterday.orderId())).isZero();
        assertCode(refund(yesterday.orderId(), null), 200, "2000000");
    }

    @Test
    void refundsThatMayNotHappenAreRefusedWithTheContractsCodesAndLeaveNothingBehind() {
        // A bill payment: the biller has the money.
        String billOrder = orderId("RBILL");
        Answer bill = hub.initiateBill("""
                {"order":{"id":"%s"},"customer":{"email":"budi@example.com"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"},
                 "billing":{"billerServiceProvider":{"id":"050017","customerId":"5555512345"}},
                 "sourceOfFunds":{"type":"vabca"}}""".formatted(billOrder, hub.base()));
        assertThat(bill.status()).as(bill.body()).isEqualTo(200);
        assertThat(hub.pay(bill.json().get("paymentCode").asText(), "SUCCESS").status()).isEqualTo(200);
        awaitStatus(billOrder, "PAID");
        assertCode(refund(billOrder, null), 403, "4030015");
        assertCode(voidOf(billOrder), 403, "4030015");
        assertThat(providerPayment(reference(billOrder)).get("refunds")).isEmpty();

        // Not paid yet.
        String unpaid = orderId("RUNPAID");
        assertThat(hub.initiatePlain("""
                {"order":{"id":"%s","amount":"10000"},"customer":{"email":"budi@example.com"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"},"sourceOfFunds":{"type":"vabca"}}
                """.formatted(unpaid, hub.base())).status()).isEqualTo(200);
        assertCode(refund(unpaid, "1000"), 404, "4040100");
        assertCode(voidOf(unpaid), 404, "4040100");

        // Unknown, and another merchant's.
        Paid p = paid("RMINE", 20000);
        assertCode(refund(orderId("RNONE"), null), 404, "4040001");
        assertCode(call("/pg/payment/card/refund", "{\"order\":{\"id\":\"" + p.orderId() + "\"}}", null, OTHER, OTHER_KEY),
                404, "4040001");
        assertCode(call("/pg/payment/card/void", "{\"order\":{\"id\":\"" + p.orderId() + "\"}}", null, OTHER, OTHER_KEY),
                404, "4040001");

        // Bad requests.
        assertCode(refundWith("{\"order\":{\"amount\":\"1000\"}}", null), 400, "4000002");
        assertCode(refundWith("{\"order\":{\"id\":\"\"}}", null), 400, "4000002");
        assertCode(refundWith("{}", null), 400, "4000002");
        assertCode(refundWith("{\"order\":", null), 400, "4000001");
        assertCode(refundWith("[1]", null), 400, "4000001");
        for (String amount : List.of("\"abc\"", "\"0\"", "0", "-5", "1.5", "\"1e3\"", "\"123456789012345\"")) {
            Answer a = refundWith("{\"order\":{\"id\":\"" + p.orderId() + "\",\"amount\":" + amount + "}}", null);
            assertCode(a, 400, "4000001");
            assertThat(a.json().get("responseMessage").asText()).as(amount).contains("order.amount");
        }
        Answer longReason = refundWith("{\"order\":{\"id\":\"" + p.orderId() + "\"},\"refund\":{\"reason\":\""
                + "x".repeat(256) + "\"}}", null);
        assertCode(longReason, 400, "4000001");
        assertThat(longReason.json().get("responseMessage").asText()).contains("refund.reason");
        assertCode(refundWith("{\"order\":{\"id\":\"" + p.orderId() + "\"}}", "k".repeat(65)), 400, "4000001");
        assertCode(call("/pg/payment/card/refund", "{\"order\":{\"id\":\"" + p.orderId() + "\"}}", null, null, null),
                401, "4010000");
        assertCode(call("/pg/payment/card/void", "{\"order\":{\"id\":\"" + p.orderId() + "\"}}", null,
                HubClient.MERCHANT, "wrong"), 401, "4010000");

        assertThat(refundRows(p.orderId())).isZero();
        assertThat(providerPayment(p.reference()).get("refunds")).isEmpty();
        assertThat(hub.statusOf(p.orderId())).isEqualTo("PAID");
        // ... and the order can still be refunded, up to what was paid (255 characters of reason are fine).
        assertCode(refundWith("{\"order\":{\"id\":\"" + p.orderId() + "\",\"amount\":\"20000\"},\"refund\":{\"reason\":\""
                + "x".repeat(255) + "\"}}", null), 200, "2000000");
    }

    @Test
    void anIdempotencyKeyGetsItsFirstAnswerAgainAndAnotherRequestUnderItIs4090001() throws Exception {
        Paid p = paid("RIDEM", 40000);
        String key = "refund-" + p.orderId() + " #1";

        Answer first = refundWith("{\"order\":{\"id\":\"" + p.orderId() + "\",\"amount\":\"10000\"}}", key);
        assertCode(first, 200, "2000000");
        // The same request (the amount as a number, members reordered): the first answer, a new traceId.
        Answer again = refundWith("{ \"order\" : {\"amount\":10000, \"id\":\"" + p.orderId() + "\"}}", key);
        assertCode(again, 200, "2000000");
        assertThat(again.json().get("data")).isEqualTo(first.json().get("data"));
        assertThat(again.json().get("traceId")).isNotEqualTo(first.json().get("traceId"));

        assertCode(refundWith("{\"order\":{\"id\":\"" + p.orderId() + "\",\"amount\":\"10001\"}}", key), 409, "4090001");
        assertCode(refundWith("{\"order\":{\"id\":\"" + p.orderId() + "\"}}", key), 409, "4090001");
        Answer asVoid = call("/pg/payment/card/void", "{\"order\":{\"id\":\"" + p.orderId() + "\"}}", key,
                HubClient.MERCHANT, HubClient.KEY);
        assertCode(asVoid, 409, "4090001");
        assertThat(providerRefunds(p.reference())).containsExactly(10000L);

        // Without a key every request is a new refund; ten at once under one new key make one refund.
        assertCode(refund(p.orderId(), "10000"), 200, "2000000");
        String other = "refund-" + p.orderId() + " #3";
        List<Callable<Answer>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(() -> refundWith("{\"order\":{\"id\":\"" + p.orderId() + "\",\"amount\":\"5000\"}}", other));
        }
        for (Answer a : together(calls)) {
            assertCode(a, 200, "2000000");
        }
        assertThat(providerRefunds(p.reference())).containsExactly(10000L, 10000L, 5000L);
        assertThat(refundRows(p.orderId())).isEqualTo(3);
        assertThat(hubRefunded(p.orderId())).isEqualTo(25000);
        assertThat(awaitNotified(p.orderId(), "PARTIALLY_REFUNDED", 3)).hasSize(3);
    }

    @Test
    void tenConcurrentRefundsNeverTakeMoreThanWasPaid() throws Exception {
        Paid p = paid("RRACE", 10000);

        // Ten refunds of 3000 of a 10000 payment at once: exactly three fit.
        Map<String, Integer> codes = new HashMap<>();
        List<Callable<Answer>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(() -> refund(p.orderId(), "3000"));
        }
        for (Answer a : together(calls)) {
            codes.merge(a.json().get("responseCode").asText(), 1, Integer::sum);
        }
        // A provider answer slower than hub.sof.timeout is 5040000, a refund taken all the same.
        assertThat(codes.getOrDefault("2000000", 0) + codes.getOrDefault("5040000", 0)).as(codes.toString()).isEqualTo(3);
        assertThat(codes.get("4000001")).as(codes.toString()).isEqualTo(7);
        await().atMost(PATIENCE).until(() -> hubRefunded(p.orderId()) == 9000);
        assertThat(providerRefunds(p.reference())).containsExactly(3000L, 3000L, 3000L);

        // Ten "everything that remains" at once: exactly one takes the last 1000.
        codes.clear();
        calls.clear();
        for (int i = 0; i < 10; i++) {
            calls.add(() -> refund(p.orderId(), null));
        }
        for (Answer a : together(calls)) {
            codes.merge(a.json().get("responseCode").asText(), 1, Integer::sum);
        }
        assertThat(codes.getOrDefault("2000000", 0) + codes.getOrDefault("5040000", 0)).as(codes.toString()).isEqualTo(1);
        assertThat(codes.get("4040100")).as(codes.toString()).isEqualTo(9);
        awaitStatus(p.orderId(), "REFUNDED");

        JsonNode provider = providerPayment(p.reference());
        assertThat(provider.get("refundAmount").asLong()).isEqualTo(10000);
        assertThat(providerRefunds(p.reference())).containsExactlyInAnyOrder(3000L, 3000L, 3000L, 1000L);
        assertThat(hubRefunded(p.orderId())).isEqualTo(10000);
        assertThat(jdbc.queryForObject("SELECT SUM(amount) FROM order_refund WHERE order_pk ="
                + " (SELECT id FROM payment_order WHERE order_id = ?)", Long.class, p.orderId())).isEqualTo(10000);
        // One notification per confirmed refund, counted 1..4, the last one REFUNDED.
        List<JsonNode> partial = awaitNotified(p.orderId(), "PARTIALLY_REFUNDED", 3);
        assertThat(partial.stream().map(n -> n.at("/result/refund/count").asInt()).sorted().toList())
                .containsExactly(1, 2, 3);
        assertThat(partial.stream().map(n -> n.at("/result/refund/amount").asLong()).sorted().toList())
                .containsExactly(3000L, 6000L, 9000L);
        assertRefund(awaitNotified(p.orderId(), "REFUNDED", 1).get(0), 10000, 4);
    }

    @Test
    void aRefundWaitsForAnOrderRowHeldLongerThanTheDatabasesLockTimeout() throws Exception {
        Paid p = paid("RLOCK", 10000);
        CountDownLatch held = new CountDownLatch(1);
        // Someone holds the order's row for 3 s, longer than H2's lock timeout (about 2 s).
        Future<?> holder = POOL.submit(() -> tx.executeWithoutResult(s -> {
            jdbc.queryForList("SELECT id FROM payment_order WHERE order_id = ? FOR UPDATE", p.orderId());
            held.countDown();
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        held.await();

        assertCode(refund(p.orderId(), "4000"), 200, "2000000");
        holder.get();
        assertThat(providerRefunds(p.reference())).containsExactly(4000L);
    }

    @Test
    void aRefundTheProviderDoesNotAnswerIs5040000AndStaysOwedUntilTheProviderConfirmsIt() {
        Paid p = paid("RSLOW", 30000);

        Answer a = refundWith("{\"order\":{\"id\":\"" + p.orderId() + "\",\"amount\":\"10000\"},"
                + "\"refund\":{\"reason\":\"[sandbox:no-answer]\"}}", null);

        assertCode(a, 504, "5040000");
        // The provider took it without answering; the hub owes it and has not told the Mitra anything yet.
        assertThat(providerRefunds(p.reference())).containsExactly(10000L);
        // What remains counts the owed refund: 20000, not 30000.
        assertCode(refund(p.orderId(), "20001"), 400, "4000001");

        // The hub asks again, under the same refund reference: confirmed, never refunded twice.
        awaitStatus(p.orderId(), "PARTIALLY_REFUNDED");
        assertThat(providerRefunds(p.reference())).containsExactly(10000L);
        List<JsonNode> notes = awaitNotified(p.orderId(), "PARTIALLY_REFUNDED", 1);
        assertThat(notes).hasSize(1);
        assertRefund(notes.get(0), 10000, 1);
        assertThat(jdbc.queryForObject("SELECT state FROM order_refund WHERE order_pk ="
                + " (SELECT id FROM payment_order WHERE order_id = ?)", String.class, p.orderId())).isEqualTo("CONFIRMED");
        await().atMost(PATIENCE).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM payment_order WHERE order_id = ? AND work_due_at IS NULL", Integer.class,
                p.orderId()) == 1);
    }

    /**
     * A Mitra's complaint names the traceId of an answer: the order's event rows of that request carry
     * it, and so does every log line of the request, on whatever thread the hub ran it. Work no request
     * started (the Wire Tap's notification, the owed refund asked again) carries an id of its own.
     */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void theTraceIdOfAnAnswerIsOnTheOrdersEventsAndTheRequestsLogLines(CapturedOutput output) {
        String orderId = orderId("RTRACE");
        Answer initiated = hub.initiatePlain("""
                {"order":{"id":"%s","amount":"30000"},"customer":{"email":"budi@example.com"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"},"sourceOfFunds":{"type":"vabca"}}
                """.formatted(orderId, hub.base()));
        String initiate = initiated.json().get("traceId").asText();
        assertThat(hub.pay(initiated.json().get("paymentCode").asText(), "SUCCESS").status()).isEqualTo(200);
        awaitStatus(orderId, "PAID");
        Answer refund = refundWith("{\"order\":{\"id\":\"" + orderId + "\",\"amount\":\"10000\"},"
                + "\"refund\":{\"reason\":\"[sandbox:no-answer]\"}}", null);
        assertCode(refund, 504, "5040000");
        String refused = refund.json().get("traceId").asText();
        awaitStatus(orderId, "PARTIALLY_REFUNDED");

        List<Map<String, Object>> events = jdbc.queryForList("SELECT e.arrow, e.outcome, e.trace_id FROM order_event e"
                + " JOIN payment_order o ON o.id = e.order_pk WHERE o.order_id = ? ORDER BY e.id", orderId);
        assertThat(events).extracting(e -> e.get("trace_id")).as("%s", events).doesNotContainNull();
        assertThat(events).filteredOn(e -> initiate.equals(e.get("trace_id"))).as("%s", events)
                .extracting(e -> e.get("arrow")).contains("mitra-request-payment");
        assertThat(events).filteredOn(e -> refused.equals(e.get("trace_id"))).as("%s", events).isNotEmpty();
        // the confirmation came from the hub asking again later: not the request's id
        assertThat(events).filteredOn(e -> "CONFIRMED".equals(e.get("outcome"))).as("%s", events)
                .extracting(e -> e.get("trace_id")).doesNotContain(initiate, refused);

        // The provider's silence is logged on the thread that ran the refund's route, with the answer's id.
        assertThat(output.getAll().lines().filter(l -> l.contains("not confirmed")))
                .anyMatch(l -> l.contains("[" + refused + "]"));
    }

    @Test
    void anAutomaticRefundAfterABillerRefusalCarriesResultRefund() {
        String orderId = orderId("RAUTO");
        Answer bill = hub.initiateBill("""
                {"order":{"id":"%s"},"customer":{"email":"budi@example.com"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"},
                 "billing":{"billerServiceProvider":{"id":"050017","customerId":"5555550005"}},
                 "sourceOfFunds":{"type":"vabca"}}""".formatted(orderId, hub.base()));
        assertThat(bill.status()).as(bill.body()).isEqualTo(200);
        assertThat(hub.pay(bill.json().get("paymentCode").asText(), "SUCCESS").status()).isEqualTo(200);

        assertRefund(awaitNotified(orderId, "REFUNDED", 1).get(0), 13000, 1);
        assertRefund(hub.status(orderId).json().get("data"), 13000, 1);
        assertThat(providerRefunds(reference(orderId))).containsExactly(13000L);
        assertCode(refund(orderId, null), 404, "4040100");
    }
}
