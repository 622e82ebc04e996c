package id.loket.security;

import static id.loket.security.SecurityChecks.assertEnvelope;
import static id.loket.security.SecurityChecks.basic;
import static id.loket.security.SecurityChecks.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import id.loket.api.Throttle;
import id.loket.flow.HubClient;
import id.loket.flow.HubClient.Answer;
import id.loket.flow.HubTestSupport;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A client address that keeps failing authentication is throttled with 4290000
 * ({@code hub.security.auth-failures-per-minute}, default 20). The count is per client address, and
 * every test connects from 127.0.0.1, so this runs in a context of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class AuthFailureThrottleTest {

    static final int PORT = HubTestSupport.freePort();
    final HubClient hub = new HubClient(PORT);
    @Autowired
    Throttle throttle;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestSupport.register(registry, "sec_throttle", PORT);
        registry.add("hub.merchants.OTHER01.key", () -> "other-secret-key");
        registry.add("hub.merchants.OTHER01.rate-limit", () -> HubTestSupport.UNLIMITED);
    }

    /** A GET sent from another loopback address (127.0.0.2) over a plain socket; returns "status body". */
    static String fromOtherAddress(String path, String authorization) throws Exception {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), PORT), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost:" + PORT + "\r\nAuthorization: " + authorization
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String status = response.substring(9, 12);
            return status + " " + response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

    @Test
    void twentyFailuresFromOneAddressThrottleItAndOnlyIt() throws Exception {
        String path = "/sof/bp/checkCard/NO-SUCH";
        // The window is a calendar minute: start with at least 20 s of it left, for the 30 requests and
        // the flood of 150,000 addresses below on a slow machine.
        await().atMost(Duration.ofSeconds(21)).until(() -> System.currentTimeMillis() % 60_000 <= 40_000);
        // Successful authentications are not failures.
        for (int i = 0; i < 10; i++) {
            assertEnvelope(hub.get(path, "FINPAY770", "SoSecret123"), "4040001");
        }
        // Twenty failures, with different merchant ids and keys: each is an ordinary 4010000.
        for (int i = 0; i < 20; i++) {
            String authorization = switch (i % 4) {
                case 0 -> basic("FINPAY770", "guess-" + i);
                case 1 -> basic("OTHER01", "guess-" + i);
                case 2 -> basic("NOSUCH" + i, "SoSecret123");
                default -> null;
            };
            assertEnvelope(request(hub, "GET", path, authorization, null), "4010000");
        }
        // The next attempt from this address is throttled, whatever it sends, on every Mitra path.
        assertEnvelope(hub.get(path, "FINPAY770", "guess-again"), "4290000");
        // Even the right key: otherwise a throttled guesser would still learn when a guess is right.
        assertEnvelope(hub.get(path, "FINPAY770", "SoSecret123"), "4290000");
        Answer initiate = hub.post("/pg/payment/card/initiate", "{}", "OTHER01", "other-secret-key");
        assertEnvelope(initiate, "4290000");

        // More other addresses than the throttle tracks, each failing once (a guesser rotating its
        // address): the blocked address stays blocked while they come and go.
        for (int i = 0; i < 150_000; i++) {
            throttle.failed("10." + (i >> 16) + "." + (i >> 8 & 255) + "." + (i & 255));
        }
        assertEnvelope(hub.get(path, "FINPAY770", "SoSecret123"), "4290000");

        // Another client address is not affected (contract section 2: "throttled per client address").
        assertThat(fromOtherAddress(path, basic("FINPAY770", "SoSecret123")))
                .as("a Mitra calling from 127.0.0.2 with the right key, after another address failed 20 times")
                .startsWith("404 ").contains("\"responseCode\":\"4040001\"");
        assertThat(fromOtherAddress(path, basic("FINPAY770", "wrong")))
                .as("a first failure from 127.0.0.2")
                .startsWith("401 ").contains("\"responseCode\":\"4010000\"");
    }
}
