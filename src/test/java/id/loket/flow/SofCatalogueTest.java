package id.loket.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import id.loket.flow.HubClient.Answer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every SOF type of contract section 5 is payable end to end over HTTP against the real sandbox:
 * a bill payment in core mode for each of the 35 (initiate with {@code sourceOfFunds}, the customer
 * pays at the provider, the biller is paid, the Mitra receives a signed PAID notification), and a
 * plain payment through the hosted page for every type paid on a provider's page. The payments run
 * concurrently; each test waits for its own with Awaitility, never for a fixed time.
 */
class SofCatalogueTest extends SharedHubTest {

    static final AtomicInteger SEQ = new AtomicInteger();
    static final Duration PATIENCE = Duration.ofSeconds(90);

    /**
     * Contract section 5, written out (not read from the hub's own table, so a type the hub forgets
     * fails here), with the channel the sandbox provider answers for it: the bank code of a VA, the
     * counter of a paycode, the provider itself for the page families.
     */
    static final Map<String, String> CHANNEL = channels();

    static Map<String, String> channels() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("vabca", "014");
        c.put("vabjb", "110");
        c.put("vabnc", "490");
        c.put("vabni", "009");
        c.put("vabri", "002");
        c.put("vabsi", "451");
        c.put("vabtn", "200");
        c.put("vacimb", "022");
        c.put("vadanamon", "011");
        c.put("vadki", "111");
        c.put("vamandiri", "008");
        c.put("vamaybank", "016");
        c.put("vamega", "426");
        c.put("vamuamalat", "147");
        c.put("vanagari", "118");
        c.put("vapermata", "013");
        c.put("finpaybpd", "bpd");
        c.put("qris", "qris");
        for (String t : List.of("ovo", "dana", "shopeepay", "linkaja", "linkajawco", "finpaymoney", "jeniuspay", "virgo",
                "kredivo", "indodana", "octoclicks", "permatanet")) {
            c.put(t, t);
        }
        c.put("finpaycode", "finpay");
        c.put("alfamart", "alfamart");
        c.put("idm", "indomaret");
        c.put("pospay", "posindonesia");
        c.put("cc", "cc");
        return Map.copyOf(c);
    }

    static final List<String> TYPES = List.of("vabca", "vabjb", "vabnc", "vabni", "vabri", "vabsi", "vabtn", "vacimb",
            "vadanamon", "vadki", "vamandiri", "vamaybank", "vamega", "vamuamalat", "vanagari", "vapermata", "finpaybpd",
            "qris", "ovo", "dana", "shopeepay", "linkaja", "linkajawco", "finpaymoney", "jeniuspay", "virgo",
            "kredivo", "indodana", "octoclicks", "permatanet", "finpaycode", "alfamart", "idm", "pospay", "cc");

    /** The types whose customer is sent to the provider's page (e-wallet, pay later, online banking, card). */
    static final List<String> PAGE_TYPES = List.of("ovo", "dana", "shopeepay", "linkaja", "linkajawco", "finpaymoney",
            "jeniuspay", "virgo", "kredivo", "indodana", "octoclicks", "permatanet", "cc");

    static final HubClient HUB = new HubClient(PORT);
    static final ExecutorService CUSTOMERS = Executors.newFixedThreadPool(6);
    static final Map<String, CompletableFuture<Started>> CORE = new LinkedHashMap<>();
    static final Map<String, CompletableFuture<Started>> HOSTED = new LinkedHashMap<>();

    @Autowired
    JdbcTemplate jdbc;

    @AfterAll
    static void stopCustomers() {
        CUSTOMERS.shutdownNow();
    }

    /** An order the customer has paid at the provider; its outcome is still to come. */
    record Started(String orderId, String paymentCode, String paymentUrl, long amount) {
    }

    static String orderId(String prefix, String type) {
        return prefix + "-" + type + "-" + System.currentTimeMillis() % 100000 + "-" + SEQ.incrementAndGet();
    }

    /** Starts every payment of a kind at the first test that needs one, so they run side by side. */
    static synchronized CompletableFuture<Started> started(Map<String, CompletableFuture<Started>> kind,
                                                            List<String> types, Function<String, Started> pay,
                                                            String type) {
        if (kind.isEmpty()) {
            for (String t : types) {
                kind.put(t, CompletableFuture.supplyAsync(() -> pay.apply(t), CUSTOMERS));
            }
        }
        return kind.get(type);
    }

    // ------------------------------------------------------------------ core mode, bill payments

    /** Bill numbers ...0200 to ...0234: plain bills of 10000 + 100 x (last three digits), admin fee 2500. */
    static String billNumber(String type) {
        return "8888880" + (200 + TYPES.indexOf(type));
    }

    static Started payCore(String type) {
        String orderId = orderId("CAT", type);
        Answer initiated = HUB.initiateBill("""
                {"order":{"id":"%s"},"customer":{"email":"budi@example.com","firstName":"Budi"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"},
                 "billing":{"billerServiceProvider":{"id":"050017","customerId":"%s"}},
                 "sourceOfFunds":{"type":"%s"}}""".formatted(orderId, HUB.base(), billNumber(type), type));
        assertThat(initiated.status()).as(type + ": " + initiated.body()).isEqualTo(200);
        String code = initiated.json().path("paymentCode").asText();
        assertThat(code).as(type + " payment code").isNotBlank();
        String url = initiated.json().get("redirecturl").asText();
        if (type.equals("cc")) {
            // Card details only ever go to the acquirer's page (contract section 6); the rest pay the code.
            payByCard(type, url);
        } else {
            Answer paid = HUB.pay(code, "SUCCESS");
            assertThat(paid.status()).as(type + " pay: " + paid.body()).isEqualTo(200);
        }
        return new Started(orderId, code, url, 10000 + 100L * (200 + TYPES.indexOf(type)) + 2500);
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("TYPES")
    void everyTypePaysABillInCoreMode(String type) {
        Started s = started(CORE, TYPES, SofCatalogueTest::payCore, type).join();

        JsonNode note = paidNotification(s.orderId());
        JsonNode body = json(note.get("body").asText());
        assertThat(note.get("signatureValid").asBoolean()).isTrue();
        assertThat(body.at("/order/id").asText()).isEqualTo(s.orderId());
        assertThat(body.at("/order/amount").asLong()).isEqualTo(s.amount());
        assertThat(body.at("/result/flagging/amount").asText()).isEqualTo(String.valueOf(s.amount()));
        assertThat(body.at("/result/flagging/productCode").asText()).isEqualTo("050017");
        assertStoredAsGiven(type, s, body);
        // the bill was paid once, with this order's one traxId
        String traxId = jdbc.queryForObject("SELECT trax_id FROM payment_order WHERE order_id = ?", String.class,
                s.orderId());
        assertThat(HUB.billerTransactions(billNumber(type)).findValues("traxId").stream().map(JsonNode::asText))
                .containsExactly(traxId);
    }

    // ------------------------------------------------------------------ hosted page, plain payments

    static Started payOnProviderPage(String type) {
        String orderId = orderId("CATP", type);
        long amount = 20000 + PAGE_TYPES.indexOf(type);
        Answer initiated = HUB.initiatePlain("""
                {"order":{"id":"%s","amount":"%d"},"customer":{"email":"sari@example.com"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"}}""".formatted(orderId, amount, HUB.base()));
        assertThat(initiated.status()).as(type + ": " + initiated.body()).isEqualTo(200);
        String url = initiated.json().get("redirecturl").asText();
        Answer chosen = HUB.choose(url, type);
        assertThat(chosen.status()).as(type + " chosen: " + chosen.body()).isEqualTo(303);
        String code = HUB.status(orderId).json().at("/data/sourceOfFunds/paymentCode").asText();
        assertThat(code).as(type + " payment code").isNotBlank();
        if (type.equals("cc")) {
            payByCard(type, url);
        } else {
            String provider = providerPage(url);
            assertThat(HUB.openPage(provider).body()).as(type + " provider page").contains("id=\"", "-approve\"");
            Answer approved = HUB.send(HttpRequest.newBuilder(URI.create(provider))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("action=approve")));
            assertThat(approved.status()).as(type + " approved").isEqualTo(303);
            assertThat(approved.header("Location")).isEqualTo(url);
        }
        return new Started(orderId, code, url, amount);
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("PAGE_TYPES")
    void everyProviderPageTypePaysThroughTheHostedPage(String type) {
        Started s = started(HOSTED, PAGE_TYPES, SofCatalogueTest::payOnProviderPage, type).join();

        JsonNode note = paidNotification(s.orderId());
        JsonNode body = json(note.get("body").asText());
        assertThat(note.get("signatureValid").asBoolean()).isTrue();
        assertThat(body.at("/order/amount").asLong()).isEqualTo(s.amount());
        assertThat(body.has("result") && !body.get("result").has("flagging")).isTrue();
        assertStoredAsGiven(type, s, body);
        assertThat(HUB.openPage(s.paymentUrl()).body()).contains("data-state=\"PAID\"");
    }

    // ------------------------------------------------------------------ the catalogue's edges

    @Test
    void theHostedPageOffersAllThirtyFiveTypesInTheirFamilies() {
        String orderId = orderId("CATL", "all");
        Answer initiated = HUB.initiatePlain("""
                {"order":{"id":"%s","amount":"15000"},"customer":{"email":"sari@example.com"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"}}""".formatted(orderId, HUB.base()));
        String page = HUB.openPage(initiated.json().get("redirecturl").asText()).body();
        for (String type : TYPES) {
            assertThat(page).contains("name=\"sofType\" value=\"" + type + "\" id=\"sof-" + type + "\"");
        }
        assertThat(page).contains("id=\"family-paylater\"", "id=\"family-onlinebanking\"", ">Bayar Nanti</legend>",
                ">Internet Banking</legend>", ">Kredivo</button>", ">PermataNet</button>", ">Indomaret</button>");
        assertThat(page).doesNotContain("id=\"family-other\"");
    }

    @Test
    void aTypeOutsideTheCatalogueIsAFormatErrorAndAnUnenabledOneIsNotAllowed() {
        for (String bad : List.of("gopay", "VABCA", "va", "linkajawco ")) {
            String orderId = orderId("CATX", "x");
            Answer refused = HUB.initiateBill(core(orderId, "8888880300", bad));
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.json().get("responseCode").asText()).isEqualTo("4000001");
            assertThat(refused.json().get("responseMessage").asText()).isEqualTo("Invalid field format sourceOfFunds.type");
            assertThat(rows(orderId)).isZero();
        }
        // CATLG01 has vabjb and kredivo only
        String orderId = orderId("CATN", "vamega");
        Answer notAllowed = HUB.post("/sof/bp/paymentCard", core(orderId, "8888880301", "vamega"), "CATLG01",
                "catalogue-key");
        assertThat(notAllowed.status()).isEqualTo(403);
        assertThat(notAllowed.json().get("responseCode").asText()).isEqualTo("4030001");
        assertThat(rows(orderId)).isZero();
        String allowedId = orderId("CATN", "kredivo");
        Answer allowed = HUB.post("/sof/bp/paymentCard", core(allowedId, "8888880302", "kredivo"), "CATLG01",
                "catalogue-key");
        assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
        // its page offers only what it has
        Answer hosted = HUB.post("/pg/payment/card/initiate", """
                {"order":{"id":"%s","amount":"15000"},"customer":{"email":"sari@example.com"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"}}""".formatted(orderId("CATN", "page"), HUB.base()),
                "CATLG01", "catalogue-key");
        String page = HUB.openPage(hosted.json().get("redirecturl").asText()).body();
        assertThat(page).contains("id=\"sof-vabjb\"", "id=\"sof-kredivo\"").doesNotContain("id=\"sof-vamega\"",
                "id=\"sof-octoclicks\"");
    }

    @Test
    void aDeclineAtALenderOrAnOnlineBankFailsTheOrderAndNoBillerIsCalled() {
        String lenderId = orderId("CATD", "indodana");
        String url = HUB.initiateBill(bill(lenderId, "8888880310")).json().get("redirecturl").asText();
        assertThat(HUB.choose(url, "indodana").status()).isEqualTo(303);
        Answer declined = HUB.send(HttpRequest.newBuilder(URI.create(providerPage(url)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("tenor=3&action=decline")));
        assertThat(declined.status()).isEqualTo(303);

        String bankId = orderId("CATD", "octoclicks");
        Answer core = HUB.initiateBill(core(bankId, "8888880311", "octoclicks"));
        assertThat(HUB.pay(core.json().get("paymentCode").asText(), "DECLINED").status()).isEqualTo(200);

        for (String id : List.of(lenderId, bankId)) {
            JsonNode note = await().atMost(PATIENCE).until(() -> find(id, "FAILED"), n -> n != null);
            assertThat(note.get("signatureValid").asBoolean()).isTrue();
        }
        assertThat(HUB.billerTransactions("8888880310")).isEmpty();
        assertThat(HUB.billerTransactions("8888880311")).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    String core(String orderId, String billNumber, String type) {
        return """
                {"order":{"id":"%s"},"customer":{"email":"budi@example.com"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"},
                 "billing":{"billerServiceProvider":{"id":"050017","customerId":"%s"}},
                 "sourceOfFunds":{"type":"%s"}}""".formatted(orderId, HUB.base(), billNumber, type);
    }

    String bill(String orderId, String billNumber) {
        return """
                {"order":{"id":"%s"},"customer":{"email":"budi@example.com"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"},
                 "billing":{"billerServiceProvider":{"id":"050017","customerId":"%s"}}}"""
                .formatted(orderId, HUB.base(), billNumber);
    }

    int rows(String orderId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM payment_order WHERE order_id = ?", Integer.class, orderId);
    }

    /** The link of the hub's page that sends the customer on to the provider. */
    static String providerPage(String paymentUrl) {
        return HubClient.find(HUB.openPage(paymentUrl).body(), "id=\"continue-to-provider\"[^>]* href=\"([^\"]+)\"")
                .replace("&amp;", "&");
    }

    static void payByCard(String type, String paymentUrl) {
        Answer submitted = HUB.send(HttpRequest.newBuilder(URI.create(providerPage(paymentUrl)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "cardNumber=4111111111111111&cardExpiry=12%2F30&cardCvv=123&cardName=BUDI")));
        assertThat(submitted.status()).as(type + " card").isEqualTo(303);
        assertThat(submitted.header("Location")).isEqualTo(paymentUrl);
    }

    static JsonNode find(String orderId, String status) {
        for (JsonNode n : HUB.notifications(orderId)) {
            if (status.equals(n.get("status").asText())) {
                return n;
            }
        }
        return null;
    }

    static JsonNode paidNotification(String orderId) {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> find(orderId, "PAID"), n -> n != null);
    }

    static JsonNode json(String text) {
        try {
            return HubClient.JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** Type and channel as the provider gave them, in the row, the notification and the status answer alike. */
    void assertStoredAsGiven(String type, Started s, JsonNode notification) {
        Map<String, Object> row = jdbc.queryForMap("SELECT sof_type, sof_channel, sof_payment_code FROM payment_order"
                + " WHERE order_id = ?", s.orderId());
        assertThat(row.get("sof_type")).isEqualTo(type);
        assertThat(row.get("sof_channel")).isEqualTo(CHANNEL.get(type));
        assertThat(row.get("sof_payment_code")).isEqualTo(s.paymentCode());
        JsonNode atProvider = HUB.sofPayments(jdbc.queryForObject(
                "SELECT reference FROM payment_order WHERE order_id = ?", String.class, s.orderId())).get(0);
        assertThat(atProvider.get("type").asText()).isEqualTo(type);
        assertThat(atProvider.get("channel").asText()).isEqualTo(CHANNEL.get(type));
        assertThat(atProvider.get("status").asText()).isEqualTo("PAID");
        assertThat(atProvider.get("amount").asLong()).isEqualTo(s.amount());
        assertThat(notification.at("/sourceOfFunds/type").asText()).isEqualTo(type);
        assertThat(notification.at("/sourceOfFunds/channel").asText()).isEqualTo(CHANNEL.get(type));
        assertThat(notification.at("/sourceOfFunds/paymentCode").asText()).isEqualTo(s.paymentCode());
        assertThat(notification.at("/result/payment/status").asText()).isEqualTo("PAID");
        JsonNode status = HUB.get("/pg/payment/card/check/" + s.orderId(), HubClient.MERCHANT, HubClient.KEY).json();
        assertThat(status.at("/data/result/payment/status").asText()).isEqualTo("PAID");
        assertThat(status.at("/data/sourceOfFunds/type").asText()).isEqualTo(type);
        assertThat(status.at("/data/sourceOfFunds/channel").asText()).isEqualTo(CHANNEL.get(type));
    }
}
