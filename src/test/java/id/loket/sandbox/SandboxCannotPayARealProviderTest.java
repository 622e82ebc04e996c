package id.loket.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import id.loket.codec.Hex;
import id.loket.flow.HubClient;
import id.loket.flow.HubTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A hub whose VA provider is a real bank (not the sandbox) but whose sandbox was left on: nothing
 * the sandbox can send is taken as that bank's callback. The sandbox signs with its own secrets
 * ({@code hub.sandbox.sof.secrets.*}), never with the hub's {@code hub.sof.providers.*.callback-secret}.
 *
 * <p>To leave the signature as the only thing that could stop it, the bank here hands out exactly
 * the payment codes the sandbox VA provider does (it asks the sandbox for a twin of every payment),
 * so the sandbox holds a payment with the real payment's code, reference, type and amount, and its
 * callback body is one the hub would take from the bank.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class SandboxCannotPayARealProviderTest {

    static final int PORT = HubTestSupport.freePort();
    static final String BANK_SECRET = "the-real-banks-own-callback-secret";
    static final HttpServer BANK;
    /** The create requests the bank received. */
    static final List<String> BANK_CREATES = new CopyOnWriteArrayList<>();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static {
        try {
            BANK = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BANK.createContext("/va/payments", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            BANK_CREATES.add(body);
            try {
                HttpResponse<String> twin = HTTP.send(HttpRequest.newBuilder(
                                URI.create("http://localhost:" + PORT + "/sandbox/sof/va/payments"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                answer(exchange, twin.statusCode(), twin.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer(exchange, 503, "{}");
            }
        });
        // The bank's other operations are no part of this test.
        BANK.createContext("/va", exchange -> answer(exchange, 503, "{}"));
        BANK.start();
    }

    static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestSupport.register(registry, "sandbox_not_a_bank", PORT);
        registry.add("hub.sof.providers.va.url", () -> "http://127.0.0.1:" + BANK.getAddress().getPort() + "/va");
        registry.add("hub.sof.providers.va.callback-secret", () -> BANK_SECRET);
        // No status question to the bank while the test runs: only callbacks can pay the order.
        registry.add("hub.sof.status-check-after", () -> "1h");
    }

    @AfterAll
    static void stopBank() {
        BANK.stop(0);
    }

    final HubClient hub = new HubClient(PORT);

    @Test
    void theSandboxsCallbackForAPaymentAtTheBankIsRefusedAndTheOrderIsNotPaid() {
        String orderId = "NOTABANK-" + System.currentTimeMillis() % 100000;
        HubClient.Answer initiated = hub.initiateBill("""
                {"order":{"id":"%s"},"customer":{"email":"budi@example.com"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"},
                 "billing":{"billerServiceProvider":{"id":"050017","customerId":"118120000441100"}},
                 "sourceOfFunds":{"type":"vabca"}}""".formatted(orderId, hub.base()));
        assertThat(initiated.status()).as(initiated.body()).isEqualTo(200);
        String code = initiated.json().get("paymentCode").asText();
        // The payment was made at the bank, and the sandbox holds its twin.
        assertThat(BANK_CREATES).hasSize(1);
        assertThat(BANK_CREATES.get(0)).contains("\"type\":\"vabca\"", "\"amount\":22500");
        assertThat(hub.statusOf(orderId)).isEqualTo("PENDING");

        // The sandbox plays the customer paying that code, and calls the hub back until it gives up.
        assertThat(hub.pay(code, "SUCCESS").status()).isEqualTo(200);
        JsonNode callback = await().atMost(Duration.ofSeconds(30)).until(() -> sandboxCallback(code),
                c -> c != null && !(c.path("gaveUpAt").isNull() && c.path("ackedAt").isNull()));
        assertThat(callback.path("ackedAt").isNull()).as(callback.toString()).isTrue();
        assertThat(callback.path("attempts").asInt()).isGreaterThan(1);
        assertThat(callback.path("lastResult").asText()).isEqualTo("HTTP 401");
        assertThat(callback.path("body").asText()).contains("\"paymentCode\":\"" + code + "\"", "\"amount\":22500",
                "\"status\":\"SUCCESS\"");

        // The order is not paid: no move, no biller payment, no notification.
        assertThat(hub.statusOf(orderId)).isEqualTo("PENDING");
        assertThat(hub.billerTransactions("118120000441100")).isEmpty();
        assertThat(hub.notifications(orderId)).isEmpty();

        // The same body signed by the bank is the bank's callback: the signature alone made the difference.
        String body = callback.path("body").asText();
        HubClient.Answer fromTheBank = hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/sof/callback"))
                .header("Content-Type", "application/json")
                .header("X-Loket-Signature", Hex.hmac("HmacSHA256", BANK_SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(fromTheBank.status()).as(fromTheBank.body()).isEqualTo(200);
        hub.awaitStatus(orderId, "PAID");
    }

    /** The sandbox provider's callback for the code, as it records it (null before there is one). */
    JsonNode sandboxCallback(String code) {
        JsonNode callbacks = hub.get("/sandbox/sof/callbacks?paymentCode=" + code, null, null).json();
        return callbacks.isArray() && callbacks.size() == 1 ? callbacks.get(0) : null;
    }
}
