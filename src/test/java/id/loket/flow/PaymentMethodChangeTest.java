package id.loket.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import id.loket.codec.Hex;
import id.loket.flow.HubClient.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The customer changes the payment method on the hosted page, black-box over HTTP: the first
 * provider payment is closed before the order goes back to choosing; a close the provider refuses
 * (already paid) or does not answer keeps the payment; a payment that still arrives on a closed one
 * is refunded to it as a late payment. Whatever the interleaving, the customer pays at most once net.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class PaymentMethodChangeTest {

    static final int PORT = HubTestSupport.freePort();
    static final int PROXY_PORT = HubTestSupport.freePort();
    static final AtomicInteger SEQ = new AtomicInteger();
    static final ExecutorService POOL = Executors.newFixedThreadPool(4);
    /** While set, the paycode provider (reached through {@link #proxy}) drops every close / refund unanswered. */
    static final AtomicBoolean DROP_CLOSE = new AtomicBoolean();
    static final AtomicBoolean DROP_REFUND = new AtomicBoolean();
    static HttpServer proxy;

    final HubClient hub = new HubClient(PORT);

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestSupport.register(registry, "methodchange", PORT);
        registry.add("hub.sof.providers.paycode.url", () -> "http://localhost:" + PROXY_PORT + "/sandbox/sof/paycode");
    }

    /** The sandbox paycode provider behind a relay that can lose the provider's answer to a close. */
    @BeforeAll
    static void relay() throws IOException {
        HttpClient client = HttpClient.newHttpClient();
        proxy = HttpServer.create(new InetSocketAddress("localhost", PROXY_PORT), 0);
        proxy.createContext("/", ex -> {
            try (ex) {
                String path = ex.getRequestURI().getPath();
                byte[] body;
                try (InputStream in = ex.getRequestBody()) {
                    body = in.readAllBytes();
                }
                if (DROP_CLOSE.get() && path.endsWith("/close") || DROP_REFUND.get() && path.endsWith("/refund")) {
                    return; // the connection ends without an answer
                }
                boolean close = path.endsWith("/close");
                run(close ? BEFORE_CLOSE : null);
                HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
                run(close ? AFTER_CLOSE : null);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(r.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        proxy.start();
    }

    /** What happens at the provider just before / just after it takes the hub's close (once each). */
    static final AtomicReference<Runnable> BEFORE_CLOSE = new AtomicReference<>();
    static final AtomicReference<Runnable> AFTER_CLOSE = new AtomicReference<>();

    static void run(AtomicReference<Runnable> hook) {
        Runnable r = hook == null ? null : hook.getAndSet(null);
        if (r != null) {
            r.run();
        }
    }

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
        if (proxy != null) {
            proxy.stop(0);
        }
    }

    // ------------------------------------------------------------------ helpers

    record Order(String orderId, String url, String reference, long amount) {
    }

    /** A hosted bill payment whose page has been opened (the inquiry made); amount 10000 + 100 x nnn + 2500. */
    Order hosted(String prefix, int nnn) {
        String orderId = prefix + "-" + System.currentTimeMillis() % 100000 + "-" + SEQ.incrementAndGet();
        Answer a = hub.initiateBill("""
                {"order":{"id":"%s"},"customer":{"email":"budi@example.com"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"},
                 "billing":{"billerServiceProvider":{"id":"050017","customerId":"71000%03d"}}}
                """.formatted(orderId, hub.base(), nnn));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        String url = a.json().get("redirecturl").asText();
        assertThat(hub.openPage(url).status()).isEqualTo(200);
        String reference = jdbc.queryForObject("SELECT reference FROM payment_order WHERE order_id = ?", String.class, orderId);
        return new Order(orderId, url, reference, 10000 + 100L * nnn + 2500);
    }

    /** Chooses the method on the page and returns the provider's payment code the page shows. */
    String choose(Order o, String sofType) {
        Answer chosen = hub.choose(o.url(), sofType);
        assertThat(chosen.status()).as(chosen.body()).isEqualTo(303);
        String page = hub.openPage(o.url()).body();
        assertThat(page).contains("data-state=\"PAY_INSTRUCTIONS\"");
        String code = HubClient.find(page, "id=\"payment-code\"[^>]*>([^<]+)<");
        assertThat(code).isEqualTo(row(o, "sof_payment_code"));
        return code;
    }

    /** "Choose another method", posted as the page's form does (the CSRF value and the payment the tab shows). */
    Answer changeMethod(Order o, String csrf, String payment) {
        return hub.send(HttpRequest.newBuilder(URI.create(o.url() + "/method"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8)
                        + "&lang=id&payment=" + URLEncoder.encode(payment, StandardCharsets.UTF_8))));
    }

    String row(Order o, String column) {
        return jdbc.queryForObject("SELECT " + column + " FROM payment_order WHERE order_id = ?", String.class, o.orderId());
    }

    int count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Integer.class, args);
    }

    int events(Order o, String arrow, String outcome) {
        return count("SELECT COUNT(*) FROM order_event e JOIN payment_order o ON o.id = e.order_pk"
                + " WHERE o.order_id = ? AND e.arrow = ? AND e.outcome = ?", o.orderId(), arrow, outcome);
    }

    List<String> history(Order o) {
        return jdbc.queryForList("SELECT p.sof_type || ' ' || p.state FROM order_payment p JOIN payment_order o"
                + " ON o.id = p.order_pk WHERE o.order_id = ? ORDER BY p.id", String.class, o.orderId());
    }

    JsonNode providerPayment(Order o, String code) {
        for (JsonNode p : hub.sofPayments(o.reference())) {
            if (code.equals(p.get("paymentCode").asText())) {
                return p;
            }
        }
        throw new AssertionError("no provider payment " + code + " for " + o.reference());
    }

    /** What the customer paid in all, less what came back, over every provider payment of the order. */
    long netCharged(Order o) {
        long net = 0;
        for (JsonNode p : hub.sofPayments(o.reference())) {
            String status = p.get("status").asText();
            if ("PAID".equals(status) || "REFUNDED".equals(status)) {
                net += p.get("amount").asLong() - p.get("refundAmount").asLong();
            }
        }
        return net;
    }

    int paidNotRefunded(Order o) {
        int n = 0;
        for (JsonNode p : hub.sofPayments(o.reference())) {
            n += "PAID".equals(p.get("status").asText()) ? 1 : 0;
        }
        return n;
    }

    int outboxRows(Order o) {
        return count("SELECT COUNT(*) FROM notification n JOIN payment_order o ON o.id = n.order_pk WHERE o.order_id = ?",
                o.orderId());
    }

    static <T> T waitFor(Callable<T> probe, String what) {
        return await(what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(probe, v -> v != null && !Boolean.FALSE.equals(v));
    }

    String signed(String type, String code, String reference, long amount) {
        return "{\"family\":\"va\",\"type\":\"" + type + "\",\"paymentCode\":\"" + code + "\",\"reference\":\""
                + reference + "\",\"amount\":" + amount + ",\"status\":\"SUCCESS\",\"providerRef\":\"BANK-2\","
                + "\"paidAt\":\"2026-11-24 10:00:00\"}";
    }

    Answer callback(String body) {
        return hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/sof/callback"))
                .header("Content-Type", "application/json")
                .header("X-Loket-Signature", Hex.hmac("HmacSHA256", "va-callback-secret", body))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    // ------------------------------------------------------------------ tests

    @Test
    void theCustomerSwitchesFromAVirtualAccountToQrisAndPaysOnce() {
        Order o = hosted("SW", 101);
        String va = choose(o, "vabca");
        String csrf = hub.csrf(o.url());
        assertThat(hub.openPage(o.url()).body()).contains("id=\"change-method\"")
                .contains("<input type=\"hidden\" name=\"payment\" value=\"" + va + "\">");

        long started = System.nanoTime();
        Answer changed = changeMethod(o, csrf, va);
        System.out.printf("method change (close at the provider, order back to choosing): %d ms%n",
                (System.nanoTime() - started) / 1_000_000);
        assertThat(changed.status()).isEqualTo(303);
        assertThat(changed.header("Location")).doesNotContain("notice=");
        assertThat(hub.statusOf(o.orderId())).isEqualTo("REQUEST_INITIATED");
        assertThat(providerPayment(o, va).get("status").asText()).isEqualTo("CLOSED");
        assertThat(events(o, "customer-change-payment-method", "REQUEST_INITIATED")).isEqualTo(1);
        // The page offers the methods again, but not another virtual account: that provider closed this order's.
        String page = hub.openPage(o.url()).body();
        assertThat(page).contains("data-state=\"CHOOSE\"").contains("id=\"sof-qris\"").doesNotContain("id=\"sof-vabca\"");
        Answer againVa = hub.choose(o.url(), "vamandiri");
        assertThat(hub.statusOf(o.orderId())).as(againVa.body()).isEqualTo("REQUEST_INITIATED");

        String qr = choose(o, "qris");
        assertThat(hub.pay(va, "SUCCESS").status()).as("a closed VA takes no money").isEqualTo(409);
        assertThat(hub.pay(qr, "SUCCESS").status()).isEqualTo(200);
        hub.awaitNotification(o.orderId(), n -> "PAID".equals(n.get("status").asText()));

        assertThat(hub.statusOf(o.orderId())).isEqualTo("PAID");
        assertThat(netCharged(o)).isEqualTo(o.amount());
        assertThat(paidNotRefunded(o)).isEqualTo(1);
        assertThat(providerPayment(o, va).get("status").asText()).isEqualTo("CLOSED");
        assertThat(history(o)).containsExactly("vabca CLOSED", "qris OPEN");
        assertThat(hub.notifications(o.orderId())).hasSize(1);
    }

    @Test
    void aFormWithoutThePagesCsrfValueChangesNothing() {
        Order o = hosted("SWX", 102);
        String va = choose(o, "vabca");
        Answer forged = changeMethod(o, "00".repeat(32), va);
        assertThat(forged.status()).isEqualTo(200);
        assertThat(forged.body()).contains("data-state=\"PAY_INSTRUCTIONS\"");
        assertThat(hub.statusOf(o.orderId())).isEqualTo("PENDING");
        assertThat(row(o, "sof_payment_code")).isEqualTo(va);
        assertThat(providerPayment(o, va).get("status").asText()).isEqualTo("CREATED");
    }

    @Test
    void aPaymentAlreadyTakenKeepsTheMethodAndTheOrderIsPaidByIt() {
        Order o = hosted("SWP", 103);
        String va = choose(o, "vabca");
        String csrf = hub.csrf(o.url());
        assertThat(hub.pay(va, "SUCCESS").status()).isEqualTo(200);

        Answer changed = changeMethod(o, csrf, va);
        assertThat(changed.status()).isEqualTo(303);
        hub.awaitNotification(o.orderId(), n -> "PAID".equals(n.get("status").asText()));
        assertThat(hub.statusOf(o.orderId())).isEqualTo("PAID");
        assertThat(events(o, "customer-change-payment-method", "REQUEST_INITIATED")).isZero();
        assertThat(providerPayment(o, va).get("status").asText()).isEqualTo("PAID");
        assertThat(history(o)).containsExactly("vabca OPEN");
        assertThat(netCharged(o)).isEqualTo(o.amount());
    }

    @Test
    void aProviderThatDoesNotAnswerTheCloseKeepsThePaymentOpen() {
        Order o = hosted("SWU", 104);
        String code = choose(o, "finpaycode");
        String csrf = hub.csrf(o.url());
        DROP_CLOSE.set(true);
        Answer changed;
        try {
            changed = changeMethod(o, csrf, code);
        } finally {
            DROP_CLOSE.set(false);
        }
        assertThat(changed.status()).isEqualTo(303);
        assertThat(changed.header("Location")).contains("notice=method-kept");
        assertThat(hub.statusOf(o.orderId())).isEqualTo("PENDING");
        assertThat(row(o, "sof_payment_code")).isEqualTo(code);
        assertThat(events(o, "sof-close", "UNKNOWN")).isEqualTo(1);
        assertThat(hub.openPage(o.url() + "?notice=method-kept").body()).contains("id=\"message\"")
                .contains("data-state=\"PAY_INSTRUCTIONS\"");

        // The code is still the order's: paying it pays the order.
        assertThat(hub.pay(code, "SUCCESS").status()).isEqualTo(200);
        hub.awaitNotification(o.orderId(), n -> "PAID".equals(n.get("status").asText()));
        assertThat(history(o)).containsExactly("finpaycode OPEN");
    }

    @Test
    void aPaymentArrivingOnTheClosedCodeAfterTheNewOneWasPaidIsRefundedToIt() {
        Order o = hosted("SWL", 105);
        String va = choose(o, "vabca");
        assertThat(changeMethod(o, hub.csrf(o.url()), va).status()).isEqualTo(303);
        String qr = choose(o, "qris");
        assertThat(hub.pay(qr, "SUCCESS").status()).isEqualTo(200);
        hub.awaitNotification(o.orderId(), n -> "PAID".equals(n.get("status").asText()));
        assertThat(outboxRows(o)).isEqualTo(1);

        // The bank took a transfer to the old VA before the provider's close reached it.
        Answer late = hub.post("/sandbox/sof/pay", "{\"paymentCode\":\"" + va + "\",\"outcome\":\"SUCCESS\",\"afterClose\":true}",
                null, null);
        assertThat(late.status()).as(late.body()).isEqualTo(200);
        JsonNode refunded = waitFor(() -> {
            JsonNode p = providerPayment(o, va);
            return "REFUNDED".equals(p.get("status").asText()) ? p : null;
        }, "the late payment's refund at the provider");
        assertThat(refunded.get("refundAmount").asLong()).isEqualTo(o.amount());
        waitFor(() -> history(o).equals(List.of("vabca REFUNDED", "qris OPEN")), "the late refund settled");

        assertThat(events(o, "payment-callback", "LATE")).isEqualTo(1);
        assertThat(events(o, "late-payment-refund", "OK")).isEqualTo(1);
        assertThat(hub.statusOf(o.orderId())).isEqualTo("PAID");
        assertThat(providerPayment(o, qr).get("status").asText()).isEqualTo("PAID");
        assertThat(netCharged(o)).isEqualTo(o.amount());
        assertThat(outboxRows(o)).isEqualTo(1);
        assertThat(hub.notifications(o.orderId())).hasSize(1);

        // The bank says it again: nothing more is refunded.
        Answer again = callback(signed("vabca", va, o.reference(), o.amount()));
        assertThat(again.status()).isEqualTo(200);
        assertThat(events(o, "payment-callback", "REPEAT")).isEqualTo(1);
        assertThat(events(o, "late-payment-refund", "OK")).isEqualTo(1);
        assertThat(providerPayment(o, va).get("refundAmount").asLong()).isEqualTo(o.amount());
    }

    @Test
    void aLateRefundTheProviderDoesNotConfirmIsAskedAgainUntilItIs() {
        Order o = hosted("SWR", 106);
        String code = choose(o, "finpaycode");
        assertThat(changeMethod(o, hub.csrf(o.url()), code).status()).isEqualTo(303);
        String qr = choose(o, "qris");
        assertThat(hub.pay(qr, "SUCCESS").status()).isEqualTo(200);
        hub.awaitNotification(o.orderId(), n -> "PAID".equals(n.get("status").asText()));

        // The first refund request is lost on its way (the relay drops it); the background work asks again.
        DROP_REFUND.set(true);
        Answer late = hub.post("/sandbox/sof/pay", "{\"paymentCode\":\"" + code + "\",\"outcome\":\"SUCCESS\",\"afterClose\":true}",
                null, null);
        assertThat(late.status()).as(late.body()).isEqualTo(200);
        waitFor(() -> events(o, "late-payment-refund", "UNKNOWN") > 0, "the lost refund");
        assertThat(providerPayment(o, code).get("status").asText()).isEqualTo("PAID");
        DROP_REFUND.set(false);
        waitFor(() -> "REFUNDED".equals(providerPayment(o, code).get("status").asText()), "the refund asked again");
        waitFor(() -> history(o).equals(List.of("finpaycode REFUNDED", "qris OPEN")), "the late refund settled");
        assertThat(providerPayment(o, code).get("refundAmount").asLong()).isEqualTo(o.amount());
        assertThat(hub.statusOf(o.orderId())).isEqualTo("PAID");
        assertThat(netCharged(o)).isEqualTo(o.amount());
        assertThat(outboxRows(o)).isEqualTo(1);
    }

    /**
     * The biller refuses the bill's payment ({@code 0005}) and the provider's answer to the refund is
     * lost: the refund asked again by the background work confirms it, and the REFUNDED notification
     * still says why the money came back, as a refund confirmed at once does.
     */
    @Test
    void aBillerRefusalRefundedOnlyOnARetryIsNotifiedWithTheRefusal() throws Exception {
        Order o = hosted("BRR", 5);
        String code = choose(o, "finpaycode");
        DROP_REFUND.set(true);
        try {
            assertThat(hub.pay(code, "SUCCESS").status()).isEqualTo(200);
            waitFor(() -> events(o, "sof-refund", "UNKNOWN") > 0, "the lost refund");
            assertThat(hub.statusOf(o.orderId())).isEqualTo("PROCESSING");
        } finally {
            DROP_REFUND.set(false);
        }
        JsonNode n = hub.awaitNotification(o.orderId(), x -> "REFUNDED".equals(x.get("status").asText()));
        JsonNode payment = new ObjectMapper().readTree(n.get("body").asText()).path("result").path("payment");
        assertThat(payment.path("statusDesc").asText())
                .isEqualTo("Dana dikembalikan, biller menolak (05) - refunded, the biller refused");
        assertThat(providerPayment(o, code).get("refundAmount").asLong()).isEqualTo(o.amount());
        assertThat(events(o, "sof-refund", "OK")).isEqualTo(1);
    }

    /**
     * The customer pays the old VA while changing the method, behind one start gate, several times:
     * either the change is refused and the VA pays the order, or the change happened and the VA took
     * nothing (or, had it taken money, gave it back). Never two charges.
     */
    @Test
    void payingTheOldMethodWhileChangingItChargesAtMostOnce() throws Exception {
        int switched = 0;
        int kept = 0;
        for (int i = 0; i < 8; i++) {
            Order o = hosted("SWRACE", 110 + i);
            String va = choose(o, "vabca");
            String csrf = hub.csrf(o.url());
            // Which of the two is submitted first alternates, so both interleavings come up.
            Callable<Answer> paying = () -> hub.pay(va, "SUCCESS");
            Callable<Answer> changing = () -> changeMethod(o, csrf, va);
            boolean payFirst = i % 2 == 0;
            List<Answer> answers = together(payFirst ? List.of(paying, changing) : List.of(changing, paying));
            Answer pay = answers.get(payFirst ? 0 : 1);
            assertThat(answers.get(payFirst ? 1 : 0).status()).isEqualTo(303);
            if (events(o, "customer-change-payment-method", "REQUEST_INITIATED") == 1) {
                switched++;
                assertThat(hub.statusOf(o.orderId())).isEqualTo("REQUEST_INITIATED");
                String status = providerPayment(o, va).get("status").asText();
                if (pay.status() == 200) {
                    // Taken although closed: refunded in full as a late payment.
                    waitFor(() -> "REFUNDED".equals(providerPayment(o, va).get("status").asText()), "the refund");
                } else {
                    assertThat(status).isEqualTo("CLOSED");
                }
                String qr = choose(o, "qris");
                assertThat(hub.pay(qr, "SUCCESS").status()).isEqualTo(200);
            } else {
                kept++;
                assertThat(pay.status()).as("the change is refused only for a payment taken").isEqualTo(200);
                assertThat(providerPayment(o, va).get("status").asText()).isEqualTo("PAID");
            }
            hub.awaitNotification(o.orderId(), n -> "PAID".equals(n.get("status").asText()));
            assertThat(hub.statusOf(o.orderId())).isEqualTo("PAID");
            waitFor(() -> netCharged(o) == o.amount() && paidNotRefunded(o) == 1, "one charge, net");
            assertThat(hub.notifications(o.orderId())).hasSize(1);
            assertThat(outboxRows(o)).isEqualTo(1);
        }
        System.out.printf("method change racing a payment: %d switched, %d kept the paid method%n", switched, kept);
        assertThat(switched + kept).isEqualTo(8);
    }

    @Test
    void twoTabsChangingAtOnceCloseThePaymentAndMoveTheOrderOnce() throws Exception {
        Order o = hosted("SW2", 107);
        String va = choose(o, "vabca");
        String csrf = hub.csrf(o.url());
        List<Answer> answers = together(List.of(() -> changeMethod(o, csrf, va), () -> changeMethod(o, csrf, va)));
        assertThat(answers).extracting(Answer::status).containsExactly(303, 303);
        assertThat(events(o, "customer-change-payment-method", "REQUEST_INITIATED")).isEqualTo(1);
        assertThat(hub.statusOf(o.orderId())).isEqualTo("REQUEST_INITIATED");
        assertThat(history(o)).containsExactly("vabca CLOSED");

        // A tab still showing the VA, after the customer chose QRIS in the other: the QRIS stays.
        String qr = choose(o, "qris");
        assertThat(changeMethod(o, csrf, va).status()).isEqualTo(303);
        assertThat(hub.statusOf(o.orderId())).isEqualTo("PENDING");
        assertThat(row(o, "sof_payment_code")).isEqualTo(qr);
        assertThat(providerPayment(o, qr).get("status").asText()).isEqualTo("CREATED");
        assertThat(history(o)).containsExactly("vabca CLOSED", "qris OPEN");
    }

    /**
     * The three ways a payment on the old code can meet the close at the provider, each made to happen
     * (not left to timing): paid just before the close, tried just after it, and taken just after it
     * by a bank the close had not reached. The customer is charged once net in every case.
     */
    @Test
    void aPaymentJustBeforeOrJustAfterTheCloseChargesOnce() {
        for (String when : List.of("before", "after", "after-taken")) {
            Order o = hosted("SWAT", "before".equals(when) ? 120 : "after".equals(when) ? 121 : 122);
            String code = choose(o, "finpaycode");
            String csrf = hub.csrf(o.url());
            AtomicReference<Answer> pay = new AtomicReference<>();
            String body = "{\"paymentCode\":\"" + code + "\",\"outcome\":\"SUCCESS\""
                    + ("after-taken".equals(when) ? ",\"afterClose\":true}" : "}");
            (("before".equals(when)) ? BEFORE_CLOSE : AFTER_CLOSE)
                    .set(() -> pay.set(hub.post("/sandbox/sof/pay", body, null, null)));
            Answer changed = changeMethod(o, csrf, code);
            assertThat(changed.status()).isEqualTo(303);
            assertThat(pay.get()).as(when + ": the payment was tried").isNotNull();
            boolean switched = events(o, "customer-change-payment-method", "REQUEST_INITIATED") == 1;
            switch (when) {
                case "before" -> {
                    assertThat(pay.get().status()).isEqualTo(200);
                    assertThat(switched).as("a paid payment is not changed").isFalse();
                    assertThat(changed.header("Location")).contains("notice=method-kept");
                }
                case "after" -> {
                    assertThat(pay.get().status()).as("a closed code takes no money").isEqualTo(409);
                    assertThat(switched).isTrue();
                }
                default -> assertThat(pay.get().status()).isEqualTo(200);
            }
            if (switched) {
                if (pay.get().status() == 200) {
                    waitFor(() -> "REFUNDED".equals(providerPayment(o, code).get("status").asText()), "the late refund");
                }
                assertThat(hub.pay(choose(o, "qris"), "SUCCESS").status()).isEqualTo(200);
            }
            hub.awaitNotification(o.orderId(), n -> "PAID".equals(n.get("status").asText()));
            waitFor(() -> netCharged(o) == o.amount() && paidNotRefunded(o) == 1, when + ": one charge, net");
            assertThat(hub.statusOf(o.orderId())).isEqualTo("PAID");
            assertThat(outboxRows(o)).isEqualTo(1);
            System.out.printf("payment %s the close: %s%n", when, switched ? "method changed" : "method kept");
        }
    }

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
}
