package id.loket.security;

import static id.loket.security.SecurityChecks.assertEnvelope;
import static id.loket.security.SecurityChecks.basic;
import static id.loket.security.SecurityChecks.request;
import static id.loket.security.SecurityChecks.stable;
import static org.assertj.core.api.Assertions.assertThat;

import id.loket.flow.HubClient;
import id.loket.flow.HubClient.Answer;
import id.loket.flow.HubTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Who may call the Mitra API (contract section 2): Basic auth with one answer for every kind of
 * wrong credentials, a disabled merchant, the per-merchant rate limit, and object-level
 * authorization (another merchant's order is as missing as an unknown one).
 *
 * <p>OTHER01's key comes from a secrets file, the way a deployment keeps keys out of the
 * configuration: Spring's config tree import reads {@code target/security-secrets/hub.merchants.OTHER01.key}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = "spring.config.import=optional:configtree:target/security-secrets/")
class MitraAuthenticationTest {

    static {
        try {
            Path secrets = Files.createDirectories(Path.of("target", "security-secrets"));
            // as a secrets mount holds it, with a trailing newline
            Files.writeString(secrets.resolve("hub.merchants.OTHER01.key"), "other-secret-key\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final int PORT = HubTestSupport.freePort();
    static final AtomicInteger SEQ = new AtomicInteger();
    static final ExecutorService POOL = Executors.newFixedThreadPool(12);
    final HubClient hub = new HubClient(PORT);

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestSupport.register(registry, "sec_auth", PORT);
        // The failure throttle has its own test class; here wrong credentials must answer 4010000 every time.
        registry.add("hub.security.auth-failures-per-minute", () -> "1000");
        // OTHER01's key: from the secrets file above
        registry.add("hub.merchants.OTHER01.callback-hosts", () -> "localhost");
        registry.add("hub.merchants.SLOW01.key", () -> "slow-key");
        registry.add("hub.merchants.SLOW01.rate-limit", () -> "3");
        registry.add("hub.merchants.SLOW01.callback-hosts", () -> "localhost");
        registry.add("hub.merchants.OFF01.key", () -> "off-key");
        registry.add("hub.merchants.OFF01.enabled", () -> "false");
    }

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    static String orderId(String prefix) {
        return prefix + "-" + System.currentTimeMillis() % 100000 + "-" + SEQ.incrementAndGet();
    }

    String bill(String orderId) {
        return """
                {"order":{"id":"%s"},"customer":{"email":"budi@example.com"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"},
                 "billing":{"billerServiceProvider":{"id":"050017","customerId":"7100012345"}}}
                """.formatted(orderId, hub.base());
    }

    int orders(String orderId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM payment_order WHERE order_id = ?", Integer.class, orderId);
    }

    // ------------------------------------------------------------------ authentication

    @Test
    void theRightCredentialsPassAndEveryWrongOneGetsTheSame4010000() {
        String path = "/sof/bp/checkCard/NO-SUCH-ORDER";
        // Right credentials get past authentication: the unknown order is reported, not the caller.
        assertEnvelope(request(hub, "GET", path, basic("FINPAY770", "SoSecret123"), null), "4040001");

        List<String> wrong = List.of(
                basic("NOSUCH01", "SoSecret123"),          // unknown merchant
                basic("FINPAY770", "SoSecret124"),         // wrong key
                basic("FINPAY770", "SoSecret12"),          // a prefix of the key
                basic("FINPAY770", "SoSecret1234"),        // the key and more
                basic("FINPAY770", ""),                    // empty key
                basic("finpay770", "SoSecret123"),         // merchant id in another case
                basic("FINPAY770", "other-secret-key"),    // another merchant's key
                basic("OFF01", "off-key"),                 // disabled merchant, right key
                basic("", "SoSecret123"),                  // no merchant id
                "Basic " + Base64.getEncoder().encodeToString("FINPAY770SoSecret123".getBytes(StandardCharsets.UTF_8)),
                "Basic not*base64!",
                "Bearer " + Base64.getEncoder().encodeToString("FINPAY770:SoSecret123".getBytes(StandardCharsets.UTF_8)),
                "Basic ");
        List<String> answers = new ArrayList<>();
        for (String authorization : wrong) {
            Answer a = request(hub, "GET", path, authorization, null);
            assertEnvelope(a, "4010000");
            answers.add(stable(a));
        }
        Answer none = request(hub, "GET", path, null, null);
        assertEnvelope(none, "4010000");
        answers.add(stable(none));
        // Byte for byte the same answer (apart from trace id and time): nothing tells them apart.
        assertThat(answers).containsOnly(answers.get(0));
    }

    @Test
    void aKeyFromASecretsFileIsTheMerchantsKey() {
        assertEnvelope(hub.get("/sof/bp/checkCard/NO-SUCH", "OTHER01", "other-secret-key"), "4040001");
        // the file's trailing newline is not part of the key
        assertEnvelope(hub.get("/sof/bp/checkCard/NO-SUCH", "OTHER01", "other-secret-key\n"), "4010000");
    }

    @Test
    void wrongCredentialsOnInitiateStoreNothing() {
        for (String[] cred : List.of(new String[] {"NOSUCH01", "x"}, new String[] {"FINPAY770", "wrong"},
                new String[] {"OFF01", "off-key"})) {
            String orderId = orderId("AU");
            for (String path : List.of("/sof/bp/paymentCard", "/pg/payment/card/initiate")) {
                String body = path.startsWith("/sof") ? bill(orderId)
                        : bill(orderId).replace("\"order\":{", "\"order\":{\"amount\":\"15000\",");
                assertEnvelope(hub.post(path, body, cred[0], cred[1]), "4010000");
            }
            assertThat(orders(orderId)).isZero();
        }
        // Disabled: the same request with the enabled merchant's key works.
        String orderId = orderId("AU");
        assertEnvelope(hub.initiateBill(bill(orderId)), "2000000");
        assertThat(orders(orderId)).isOne();
    }

    // ------------------------------------------------------------------ rate limit

    /** Runs the calls at once behind one start gate. */
    static List<Answer> together(int n, Callable<Answer> call) throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<Answer>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            futures.add(POOL.submit(() -> {
                gate.await();
                return call.call();
            }));
        }
        gate.countDown();
        List<Answer> answers = new ArrayList<>();
        for (Future<Answer> f : futures) {
            answers.add(f.get());
        }
        return answers;
    }

    /** A burst and the wall-clock seconds it touched, so the limit's bound holds however slow the machine. */
    record Burst(List<Answer> answers, long seconds) {
        long count(String code) {
            return answers.stream().filter(a -> code.equals(a.json().get("responseCode").asText())).count();
        }
    }

    static Burst burst(int n, Callable<Answer> call) throws Exception {
        long first = System.currentTimeMillis() / 1000;
        List<Answer> answers = together(n, call);
        return new Burst(answers, System.currentTimeMillis() / 1000 - first + 1);
    }

    /**
     * SLOW01 may make 3 requests a second. However long a burst takes, no second serves more than 3,
     * so a burst of 10 that touched s seconds is served at most 3 s times; a burst that fits in one or
     * two seconds must be refused at least 4 times. A slow machine just needs more tries to see one.
     */
    @Test
    void aMerchantOverItsRateLimitGets4290000AndIsServedAgainTheNextSecond() throws Exception {
        Burst tight = null;
        for (int attempt = 0; attempt < 10 && tight == null; attempt++) {
            Thread.sleep(1000 - System.currentTimeMillis() % 1000);
            Burst b = burst(10, () -> hub.get("/sof/bp/checkCard/NO-SUCH", "SLOW01", "slow-key"));
            for (Answer a : b.answers()) {
                assertEnvelope(a, a.json().get("responseCode").asText());
            }
            assertThat(b.count("4290000") + b.count("4040001")).as("every answer is served or refused").isEqualTo(10);
            assertThat(b.count("4040001")).as("served in %d second(s) at 3 per second", b.seconds())
                    .isBetween(1L, 3 * b.seconds());
            if (b.seconds() <= 2) {
                tight = b;
            }
        }
        assertThat(tight).as("a burst of 10 within two seconds").isNotNull();
        assertThat(tight.count("4290000")).as("refused beyond the limit").isGreaterThanOrEqualTo(4L);

        // Another merchant is not affected by SLOW01's flood.
        assertEnvelope(hub.get("/sof/bp/checkCard/NO-SUCH", "FINPAY770", "SoSecret123"), "4040001");

        // A new second serves SLOW01 again.
        Thread.sleep(1000 - System.currentTimeMillis() % 1000 + 50);
        assertEnvelope(hub.get("/sof/bp/checkCard/NO-SUCH", "SLOW01", "slow-key"), "4040001");

        // The limit counts requests, so initiating is limited the same way, and a refused initiate stores nothing.
        Burst initiates = null;
        long served = 0;
        for (int attempt = 0; attempt < 10 && initiates == null; attempt++) {
            Thread.sleep(1000 - System.currentTimeMillis() % 1000);
            Burst b = burst(8, () -> hub.post("/sof/bp/paymentCard", bill(orderId("RL")), "SLOW01", "slow-key"));
            assertThat(b.count("4290000") + b.count("2000000")).isEqualTo(8);
            assertThat(b.count("2000000")).isBetween(1L, 3 * b.seconds());
            served += b.count("2000000");
            if (b.seconds() <= 2) {
                initiates = b;
            }
        }
        assertThat(initiates).as("a burst of 8 initiates within two seconds").isNotNull();
        assertThat(initiates.count("4290000")).isGreaterThanOrEqualTo(2L);
        long stored = jdbc.queryForObject("SELECT COUNT(*) FROM payment_order WHERE merchant_id = 'SLOW01'", Long.class);
        assertThat(stored).isEqualTo(served);
    }

    // ------------------------------------------------------------------ object-level authorization

    @Test
    void anotherMerchantsOrderIsAnsweredExactlyLikeAMissingOneAndStaysUntouched() {
        String orderId = orderId("OWN");
        assertEnvelope(hub.initiateBill(bill(orderId)), "2000000");
        String missing = orderId("MISSING");

        List<String[]> operations = List.of(
                new String[] {"GET", "/sof/bp/checkCard/"},
                new String[] {"GET", "/pg/payment/card/check/"},
                new String[] {"GET", "/pg/payment/card/cancel/"},
                new String[] {"POST", "/pg/payment/card/resend/"});
        for (String[] op : operations) {
            Answer foreign = request(hub, op[0], op[1] + orderId, basic("OTHER01", "other-secret-key"), null);
            Answer absent = request(hub, op[0], op[1] + missing, basic("OTHER01", "other-secret-key"), null);
            assertEnvelope(foreign, "4040001");
            assertEnvelope(absent, "4040001");
            assertThat(stable(foreign)).as(op[1]).isEqualTo(stable(absent));
            assertThat(foreign.body()).doesNotContain(orderId).doesNotContain("FINPAY770");
        }

        // The owner still sees its order as it was: not cancelled, no notification, no resend.
        assertThat(hub.statusOf(orderId)).isEqualTo("REQUEST_INITIATED");
        assertThat(jdbc.queryForObject("SELECT status FROM payment_order WHERE order_id = ?", String.class, orderId))
                .isEqualTo("REQUEST_INITIATED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM notification n JOIN payment_order o ON o.id = n.order_pk"
                + " WHERE o.order_id = ?", Integer.class, orderId)).isZero();
        assertThat(jdbc.queryForList("SELECT e.arrow FROM order_event e JOIN payment_order o ON o.id = e.order_pk"
                + " WHERE o.order_id = ?", String.class, orderId)).containsExactly("mitra-request-payment");
        // Both status paths answer the owner for the same order.
        assertEnvelope(hub.get("/pg/payment/card/check/" + orderId, "FINPAY770", "SoSecret123"), "2000000");
    }

    @Test
    void ordersWithTheSameIdAtTwoMerchantsAreTwoOrders() {
        String orderId = orderId("SAME");
        assertEnvelope(hub.initiateBill(bill(orderId)), "2000000");
        Answer other = hub.post("/sof/bp/paymentCard", bill(orderId), "OTHER01", "other-secret-key");
        assertEnvelope(other, "2000000");
        assertThat(orders(orderId)).isEqualTo(2);
        // Cancelling its own order cancels only that one.
        assertEnvelope(hub.get("/pg/payment/card/cancel/" + orderId, "OTHER01", "other-secret-key"), "2000000");
        assertThat(hub.statusOf(orderId)).isEqualTo("REQUEST_INITIATED");
        assertThat(hub.get("/sof/bp/checkCard/" + orderId, "OTHER01", "other-secret-key").json()
                .at("/data/result/payment/status").asText()).isEqualTo("CANCELLED");
    }
}
