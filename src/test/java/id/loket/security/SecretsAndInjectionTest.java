package id.loket.security;

import static id.loket.security.SecurityChecks.JSON;
import static id.loket.security.SecurityChecks.assertEnvelope;
import static id.loket.security.SecurityChecks.basic;
import static id.loket.security.SecurityChecks.request;
import static id.loket.security.SecurityChecks.textColumnsContaining;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.loket.flow.HubClient;
import id.loket.flow.HubClient.Answer;
import id.loket.flow.HubTestSupport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What must never leave the hub or land in its database: merchant keys (in logs or any table),
 * full card numbers (same), and values resolved from expressions a client sent as text. The log is
 * captured with the hub's own code at DEBUG.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ExtendWith(OutputCaptureExtension.class)
class SecretsAndInjectionTest {

    static final int PORT = HubTestSupport.freePort();
    static final AtomicInteger SEQ = new AtomicInteger();
    static final String DB_PASSWORD = "h2-Db-Pass-7351";
    final HubClient hub = new HubClient(PORT);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestSupport.register(registry, "sec_secrets", PORT);
        if (!HubTestSupport.onPostgres()) {
            // A password a resolved {{spring.datasource.password}} would reveal.
            registry.add("spring.datasource.username", () -> "sa");
            registry.add("spring.datasource.password", () -> DB_PASSWORD);
        }
        registry.add("hub.merchants.OTHER01.key", () -> "other-secret-key");
        registry.add("hub.merchants.OTHER01.rate-limit", () -> HubTestSupport.UNLIMITED);
        registry.add("hub.merchants.OTHER01.callback-hosts", () -> "localhost");
        registry.add("logging.level.id.loket", () -> "DEBUG");
    }

    static String orderId(String prefix) {
        return prefix + "-" + System.currentTimeMillis() % 100000 + "-" + SEQ.incrementAndGet();
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    ObjectNode coreBill(String orderId, String billNumber) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("order").put("id", orderId);
        root.putObject("customer").put("email", "budi@example.com");
        root.putObject("url").put("callbackUrl", hub.base() + "/sandbox/mitra/callback");
        root.putObject("billing").putObject("billerServiceProvider").put("id", "050017").put("customerId", billNumber);
        root.putObject("sourceOfFunds").put("type", "vabca");
        return root;
    }

    /** Initiates a core-mode VA bill payment, pays it at the sandbox bank and waits for the PAID notification. */
    JsonNode payToTheEnd(String orderId, ObjectNode body, String merchant, String key) {
        Answer init = hub.post("/sof/bp/paymentCard", body.toString(), merchant, key);
        assertEnvelope(init, "2000000");
        assertThat(hub.pay(init.json().get("paymentCode").asText(), "SUCCESS").status()).isEqualTo(200);
        return hub.awaitNotification(orderId, n -> "PAID".equals(n.get("status").asText()));
    }

    // ------------------------------------------------------------------ merchant keys

    @Test
    void merchantKeysNeverAppearInTheLogOrTheDatabase(CapturedOutput output) throws Exception {
        String path = "/sof/bp/checkCard/NO-SUCH";
        // failed authentications, including one whose password is a real key under the wrong merchant id
        assertEnvelope(hub.get(path, "FINPAY770", "SoSecret124"), "4010000");
        assertEnvelope(hub.get(path, "NOSUCH01", "SoSecret123"), "4010000");
        assertEnvelope(hub.get(path, "OTHER01", "SoSecret123"), "4010000");
        assertEnvelope(request(hub, "GET", path, "Basic " + b64("FINPAY770:SoSecret123") + "x", null), "4010000");
        assertEnvelope(hub.post("/sof/bp/paymentCard", "{", "FINPAY770", "other-secret-key"), "4010000");
        // successful ones, a refusal after authentication, and two payments to their signed notifications
        assertEnvelope(hub.get(path, "FINPAY770", "SoSecret123"), "4040001");
        assertEnvelope(hub.post("/sof/bp/paymentCard", "{", "FINPAY770", "SoSecret123"), "4000001");
        String mine = orderId("KEY");
        JsonNode note = payToTheEnd(mine, coreBill(mine, "7600012301"), "FINPAY770", "SoSecret123");
        assertThat(note.get("signatureValid").asBoolean()).isTrue();
        String theirs = orderId("KEY");
        assertThat(payToTheEnd(theirs, coreBill(theirs, "7600012302"), "OTHER01", "other-secret-key")
                .get("signatureValid").asBoolean()).isTrue();
        assertEnvelope(hub.status(mine), "2000000");
        assertEnvelope(request(hub, "POST", "/pg/payment/card/resend/" + mine, basic("FINPAY770", "SoSecret123"), null), "2000000");
        HubClient.await(() -> hub.notifications(mine).size() >= 2 ? true : null, "the resent notification");

        List<String> secrets = List.of("SoSecret123", "SoSecret124", "other-secret-key", b64("FINPAY770:SoSecret123"),
                b64("OTHER01:other-secret-key"), b64("FINPAY770:SoSecret124"));
        // The capture is live (the flow's own log lines are in it) and the scan finds what is stored.
        assertThat(output.getAll()).contains("sandbox mitra: notification " + mine + " PAID");
        assertThat(textColumnsContaining(dataSource, mine)).isNotEmpty();
        for (String secret : secrets) {
            assertThat(output.getAll()).as("the log contains " + secret).doesNotContain(secret);
            assertThat(textColumnsContaining(dataSource, secret)).as("columns holding " + secret).isEmpty();
        }
    }

    // ------------------------------------------------------------------ card numbers

    String payByCard(String orderId, String billNumber, String card) {
        String body = """
                {"order":{"id":"%s"},"customer":{"email":"budi@example.com"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"},
                 "billing":{"billerServiceProvider":{"id":"050017","customerId":"%s"}}}
                """.formatted(orderId, hub.base(), billNumber);
        String url = hub.initiateBill(body).json().get("redirecturl").asText();
        hub.openPage(url);
        assertThat(hub.choose(url, "cc").status()).isEqualTo(303);
        String provider = HubClient.find(hub.openPage(url).body(), "id=\"continue-to-provider\"[^>]* href=\"([^\"]+)\"")
                .replace("&amp;", "&");
        assertThat(hub.openPage(provider).status()).isEqualTo(200);
        Answer submitted = hub.send(HttpRequest.newBuilder(URI.create(provider))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("cardNumber=" + card + "&cardExpiry=12%2F30&cardCvv=123&cardName=BUDI")));
        assertThat(submitted.status()).isEqualTo(303);
        return url;
    }

    @Test
    void cardNumbersAreNeverStoredOrLoggedInFull(CapturedOutput output) throws Exception {
        String paid = orderId("CARD");
        payByCard(paid, "7600012401", "4111111111111111");
        hub.awaitNotification(paid, n -> "PAID".equals(n.get("status").asText()));
        String declined = orderId("CARD");
        payByCard(declined, "7600012402", "4000000000000002");
        hub.awaitNotification(declined, n -> "FAILED".equals(n.get("status").asText()));
        String spaced = orderId("CARD");
        payByCard(spaced, "7600012403", "5555+5555+5555+4444");
        hub.awaitNotification(spaced, n -> "PAID".equals(n.get("status").asText()));

        for (String pan : List.of("4111111111111111", "4000000000000002", "5555555555554444", "5555 5555 5555 4444")) {
            assertThat(textColumnsContaining(dataSource, pan)).as("columns holding " + pan).isEmpty();
            assertThat(output.getAll()).as("the log holds " + pan).doesNotContain(pan);
        }
        // The status API and the provider's record do not echo it either.
        assertThat(hub.status(paid).body()).doesNotContain("4111111111111111");
        String reference = jdbc.queryForObject("SELECT reference FROM payment_order WHERE order_id = ?", String.class, paid);
        assertThat(hub.sofPayments(reference).toString()).doesNotContain("4111111111111111");
    }

    // ------------------------------------------------------------------ expression injection

    static final List<String> PAYLOADS = List.of("{{spring.datasource.password}}", "${body}", "#bean:x", "%{x}",
            "${sys:user.home}", "$simple{header.foo}", "{{hub.merchants.FINPAY770.key}}", "${header.Authorization}",
            "${exchangeProperty.loketMerchantId}", "{{env:PATH}}");

    @Test
    void expressionsInFreeTextAreStoredAndEchoedLiterally(CapturedOutput output) throws Exception {
        List<String> ids = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < PAYLOADS.size(); i++) {
            String p = PAYLOADS.get(i);
            String orderId = orderId("EXPR");
            ObjectNode body = coreBill(orderId, "76000125" + (10 + i));
            ObjectNode order = (ObjectNode) body.get("order");
            order.put("description", p);
            order.putArray("item").addObject().put("name", p).put("category", p).put("subMerchantId", p).put("quantity", "1");
            ((ObjectNode) body.get("customer")).put("firstName", p).put("lastName", p).put("id", p);
            ((ObjectNode) body.get("billing").get("billerServiceProvider")).put("subId", p);
            body.putObject("meta").put("data", p);
            Answer init = hub.initiateBill(body.toString());
            assertEnvelope(init, "2000000");
            ids.add(orderId);
            codes.add(init.json().get("paymentCode").asText());
        }
        for (String code : codes) {
            assertThat(hub.pay(code, "SUCCESS").status()).isEqualTo(200);
        }

        List<String> seen = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String p = PAYLOADS.get(i);
            String orderId = ids.get(i);
            JsonNode note = hub.awaitNotification(orderId, n -> "PAID".equals(n.get("status").asText()));
            assertThat(note.get("signatureValid").asBoolean()).isTrue();
            JsonNode sent = JSON.readTree(note.get("body").asText());
            assertThat(sent.at("/meta/data").asText()).as("notification meta.data").isEqualTo(p);
            assertThat(sent.at("/customer/id").asText()).as("notification customer.id").isEqualTo(p);

            Answer status = hub.status(orderId);
            JsonNode data = status.json().get("data");
            assertThat(data.at("/meta/data").asText()).as("status meta.data").isEqualTo(p);
            assertThat(data.at("/customer/id").asText()).as("status customer.id").isEqualTo(p);

            Map<String, Object> row = jdbc.queryForMap("SELECT description, customer_first_name, customer_last_name, customer_id,"
                    + " meta_data, bill_sub_id, items_json FROM payment_order WHERE order_id = ?", orderId);
            for (String column : List.of("description", "customer_first_name", "customer_last_name", "customer_id", "meta_data",
                    "bill_sub_id")) {
                assertThat(row.get(column)).as(column).isEqualTo(p);
            }
            JsonNode item = JSON.readTree((String) row.get("items_json")).get(0);
            assertThat(item.get("name").asText()).isEqualTo(p);
            assertThat(item.get("category").asText()).isEqualTo(p);
            assertThat(item.get("subMerchantId").asText()).isEqualTo(p);

            seen.add(note.get("body").asText());
            seen.add(status.body());
        }

        // Nothing anywhere holds what those expressions would resolve to (the home directory as a JSON string value).
        List<String> resolved = new ArrayList<>(List.of("SoSecret123", System.getProperty("user.home") + "\""));
        if (!HubTestSupport.onPostgres()) {
            resolved.add(DB_PASSWORD);
        }
        for (String value : resolved) {
            for (String text : seen) {
                assertThat(text.replace("\\/", "/")).as("an answer holds " + value).doesNotContain(value);
            }
            assertThat(output.getAll()).as("the log holds " + value).doesNotContain(value);
        }
        if (!HubTestSupport.onPostgres()) {
            assertThat(textColumnsContaining(dataSource, DB_PASSWORD)).isEmpty();
        }
    }

    @Test
    void theHostedPageShowsExpressionsLiterally() {
        for (String p : PAYLOADS) {
            String orderId = orderId("EXPP");
            String body = """
                    {"order":{"id":"%s","amount":"12000","description":%s},"customer":{"email":"budi@example.com"},
                     "url":{"callbackUrl":"%s/sandbox/mitra/callback"}}
                    """.formatted(orderId, JSON.valueToTree(p), hub.base());
            String url = hub.initiatePlain(body).json().get("redirecturl").asText();
            String page = hub.openPage(url).body();
            assertThat(page).contains("<div id=\"order-description\" class=\"desc\">" + p + "</div>");
            assertThat(page).doesNotContain("SoSecret123");
            if (!HubTestSupport.onPostgres()) {
                assertThat(page).doesNotContain(DB_PASSWORD);
            }
        }
    }
}
