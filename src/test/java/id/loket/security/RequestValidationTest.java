package id.loket.security;

import static id.loket.security.SecurityChecks.JSON;
import static id.loket.security.SecurityChecks.assertEnvelope;
import static id.loket.security.SecurityChecks.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import id.loket.flow.HubClient;
import id.loket.flow.HubClient.Answer;
import id.loket.flow.HubTestSupport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Input validation of both initiate paths, black-box, per the contract's field table (section 2):
 * each refusal has its exact code, HTTP status, the offending field in the message and the full
 * envelope, and leaves no order behind. Also the callback-host rule for outbound calls.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class RequestValidationTest {

    static final int PORT = HubTestSupport.freePort();
    static final String BASE = "http://localhost:" + PORT;
    static final String BILL = "/sof/bp/paymentCard";
    static final String PLAIN = "/pg/payment/card/initiate";
    static final AtomicInteger SEQ = new AtomicInteger();
    final HubClient hub = new HubClient(PORT);

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestSupport.register(registry, "sec_validation", PORT);
        registry.add("hub.merchants.OTHER01.key", () -> "other-secret-key");
        registry.add("hub.merchants.OTHER01.rate-limit", () -> HubTestSupport.UNLIMITED);
        registry.add("hub.merchants.OTHER01.callback-hosts", () -> "");
        registry.add("hub.merchants.OTHER01.sof-types", () -> "vabca");
        registry.add("hub.merchants.NOPROD1.key", () -> "np-key");
        registry.add("hub.merchants.NOPROD1.rate-limit", () -> HubTestSupport.UNLIMITED);
        registry.add("hub.merchants.NOPROD1.products", () -> "999999");
        registry.add("hub.merchants.NOPROD1.callback-hosts", () -> "localhost");
    }

    static String orderId(String prefix) {
        return prefix + "-" + System.currentTimeMillis() % 100000 + "-" + SEQ.incrementAndGet();
    }

    static ObjectNode billBody(String orderId) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("order").put("id", orderId).put("description", "Tagihan listrik");
        root.putObject("customer").put("email", "budi@example.com").put("mobilePhone", "+6281234567890")
                .put("firstName", "Budi").put("lastName", "Santoso").put("id", "CUST-1");
        root.putObject("url").put("callbackUrl", BASE + "/sandbox/mitra/callback");
        root.putObject("billing").putObject("billerServiceProvider").put("id", "050017").put("customerId", "7200012345");
        return root;
    }

    static ObjectNode plainBody(String orderId) {
        ObjectNode root = billBody(orderId);
        root.remove("billing");
        ((ObjectNode) root.get("order")).put("amount", "15000");
        return root;
    }

    static ObjectNode obj(ObjectNode root, String name) {
        return (ObjectNode) root.get(name);
    }

    static ObjectNode bsp(ObjectNode root) {
        return (ObjectNode) root.get("billing").get("billerServiceProvider");
    }

    /** One refused request: where it goes, who sends it, how the valid body is spoiled, and the expected answer. */
    record Case(String name, String path, String merchant, String key, Consumer<ObjectNode> spoil, String raw,
                String code, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Case> CASES = new ArrayList<>();

    static void bill(String name, Consumer<ObjectNode> spoil, String code, String field) {
        CASES.add(new Case("bill: " + name, BILL, "FINPAY770", "SoSecret123", spoil, null, code, field));
    }

    static void plain(String name, Consumer<ObjectNode> spoil, String code, String field) {
        CASES.add(new Case("plain: " + name, PLAIN, "FINPAY770", "SoSecret123", spoil, null, code, field));
    }

    static void both(String name, Consumer<ObjectNode> spoil, String code, String field) {
        bill(name, spoil, code, field);
        plain(name, spoil, code, field);
    }

    static void raw(String name, String body) {
        CASES.add(new Case("bill: " + name, BILL, "FINPAY770", "SoSecret123", null, body, "4000001", "body"));
        CASES.add(new Case("plain: " + name, PLAIN, "FINPAY770", "SoSecret123", null, body, "4000001", "body"));
    }

    static String text(int n, char c) {
        return String.valueOf(c).repeat(n);
    }

    static {
        String valid = "{\"order\":{\"id\":\"RAW-1\",\"amount\":\"15000\"},\"customer\":{\"email\":\"budi@example.com\"},"
                + "\"url\":{\"callbackUrl\":\"" + BASE + "/sandbox/mitra/callback\"},"
                + "\"billing\":{\"billerServiceProvider\":{\"id\":\"050017\",\"customerId\":\"7200012345\"}}}";
        // malformed JSON and bodies that are not one JSON object
        raw("truncated JSON", valid.substring(0, valid.length() / 2));
        raw("trailing tokens", valid + "}");
        raw("two objects", valid + valid);
        raw("JSON array", "[" + valid + "]");
        raw("JSON string", "\"" + valid.replace("\"", "'") + "\"");
        raw("JSON null", "null");
        raw("empty body", "");
        raw("single quotes", valid.replace('"', '\''));
        raw("a comment", "/*x*/" + valid);
        raw("a raw control character", valid.replace("budi@", "bu\u0001di@"));
        raw("duplicate member", valid.replace("{\"order\":{\"id\":\"RAW-1\",", "{\"order\":{\"id\":\"RAW-1\",\"id\":\"RAW-2\","));
        raw("form encoding", "order.id=RAW-1&order.amount=15000");

        // order.*
        both("order missing", r -> r.remove("order"), "4000002", "order");
        both("order a string", r -> r.put("order", "RAW-1"), "4000001", "order");
        both("order an array", r -> r.putArray("order"), "4000001", "order");
        both("order.id missing", r -> obj(r, "order").remove("id"), "4000002", "order.id");
        both("order.id empty", r -> obj(r, "order").put("id", ""), "4000002", "order.id");
        // an integer id is read as its decimal string (section 2, tolerant reading), by the same rules
        both("order.id a negative number", r -> obj(r, "order").put("id", -12345), "4000001", "order.id");
        both("order.id a fraction", r -> obj(r, "order").put("id", new java.math.BigDecimal("12345.5")), "4000001", "order.id");
        both("order.id a number of 31 digits", r -> obj(r, "order").put("id", new java.math.BigInteger(text(31, '9'))),
                "4000001", "order.id");
        both("order.id an object", r -> obj(r, "order").putObject("id").put("x", 1), "4000001", "order.id");
        both("order.id 31 chars", r -> obj(r, "order").put("id", text(31, 'A')), "4000001", "order.id");
        for (String bad : List.of("INV 1", "INV/1", "INV.1", "INV'1", "INV\"1", "INV;1", "../etc", "INV\n1", "ÄBC-1", "INV%201",
                "<b>x</b>", "INV\u00001", "١٢٣")) {
            both("order.id " + JSON.valueToTree(bad), r -> obj(r, "order").put("id", bad), "4000001", "order.id");
        }
        plain("order.amount missing", r -> obj(r, "order").remove("amount"), "4000002", "order.amount");
        plain("order.amount null", r -> obj(r, "order").putNull("amount"), "4000002", "order.amount");
        for (String bad : List.of("12a", "0", "00", "-5", "+5", "123456789012345", "1.5", "1e3", " 100", "100 ", "１００", "0x10",
                "99999999999999999999")) {
            both("order.amount \"" + bad + "\"", r -> obj(r, "order").put("amount", bad), "4000001", "order.amount");
        }
        both("order.amount 0", r -> obj(r, "order").put("amount", 0), "4000001", "order.amount");
        both("order.amount -5", r -> obj(r, "order").put("amount", -5), "4000001", "order.amount");
        both("order.amount 15 digits", r -> obj(r, "order").put("amount", 123456789012345L), "4000001", "order.amount");
        both("order.amount 1.5", r -> obj(r, "order").put("amount", 1.5), "4000001", "order.amount");
        both("order.amount 1e3", r -> obj(r, "order").put("amount", new java.math.BigDecimal("1E+3")), "4000001", "order.amount");
        both("order.amount true", r -> obj(r, "order").put("amount", true), "4000001", "order.amount");
        both("order.amount an array", r -> obj(r, "order").putArray("amount").add("15000"), "4000001", "order.amount");
        both("order.currency USD", r -> obj(r, "order").put("currency", "USD"), "4000001", "order.currency");
        both("order.currency idr", r -> obj(r, "order").put("currency", "idr"), "4000001", "order.currency");
        both("order.currency a number", r -> obj(r, "order").put("currency", 360), "4000001", "order.currency");
        both("order.description 128 chars", r -> obj(r, "order").put("description", text(128, 'd')), "4000001", "order.description");
        both("order.description empty", r -> obj(r, "order").put("description", ""), "4000001", "order.description");
        both("order.description a number", r -> obj(r, "order").put("description", 7), "4000001", "order.description");
        for (String bad : List.of("0", "100000000", "-1", "abc", "1.5")) {
            both("order.timeout \"" + bad + "\"", r -> obj(r, "order").put("timeout", bad), "4000001", "order.timeout");
        }
        both("order.item an object", r -> obj(r, "order").putObject("item").put("name", "x"), "4000001", "order.item");
        both("order.item[0] a string", r -> obj(r, "order").putArray("item").add("x"), "4000001", "order.item[0]");
        both("order.item[0].name 256 chars", r -> obj(r, "order").putArray("item").addObject().put("name", text(256, 'n')),
                "4000001", "order.item[0].name");
        both("order.item[0].name a number", r -> obj(r, "order").putArray("item").addObject().put("name", 5),
                "4000001", "order.item[0].name");
        both("order.item[1].quantity 0", r -> {
            var items = obj(r, "order").putArray("item");
            items.addObject().put("name", "ok").put("quantity", "1");
            items.addObject().put("name", "bad").put("quantity", "0");
        }, "4000001", "order.item[1].quantity");
        both("order.item[0].unitPrice -1", r -> obj(r, "order").putArray("item").addObject().put("unitPrice", "-1"),
                "4000001", "order.item[0].unitPrice");
        both("order.item[0].category 65 chars", r -> obj(r, "order").putArray("item").addObject().put("category", text(65, 'c')),
                "4000001", "order.item[0].category");

        // customer.*
        both("customer missing", r -> r.remove("customer"), "4000002", "customer");
        both("customer an array", r -> r.putArray("customer"), "4000001", "customer");
        both("customer without email and phone", r -> {
            obj(r, "customer").remove("email");
            obj(r, "customer").remove("mobilePhone");
        }, "4000002", "customer.email");
        for (String bad : List.of("not-an-email", "a@b", "a@@example.com", "budi@example", "budi @example.com", "budi@example.com\n",
                "<script>@example.com", "budi@-example.com", "budi@exa_mple.com", text(309, 'b') + "@example.com")) {
            both("customer.email " + JSON.valueToTree(bad.length() > 40 ? bad.length() + " chars" : bad),
                    r -> obj(r, "customer").put("email", bad), "4000001", "customer.email");
        }
        both("customer.email a number", r -> obj(r, "customer").put("email", 42), "4000001", "customer.email");
        for (String bad : List.of("081234567890", "+1 555 0100", "+62abc", "+62812345678901234", "+62 812 3456 7890", "+6281234",
                "6281234567890")) {
            both("customer.mobilePhone \"" + bad + "\"", r -> obj(r, "customer").put("mobilePhone", bad), "4000001",
                    "customer.mobilePhone");
        }
        both("customer.mobilePhone a number", r -> obj(r, "customer").put("mobilePhone", 6281234567890L), "4000001",
                "customer.mobilePhone");
        both("customer.firstName 51 chars", r -> obj(r, "customer").put("firstName", text(51, 'f')), "4000001", "customer.firstName");
        both("customer.firstName a number", r -> obj(r, "customer").put("firstName", 1), "4000001", "customer.firstName");
        both("customer.lastName 51 chars", r -> obj(r, "customer").put("lastName", text(51, 'l')), "4000001", "customer.lastName");
        both("customer.lastName an object", r -> obj(r, "customer").putObject("lastName"), "4000001", "customer.lastName");
        both("customer.id 321 chars", r -> obj(r, "customer").put("id", text(321, 'i')), "4000001", "customer.id");
        both("customer.id a boolean", r -> obj(r, "customer").put("id", false), "4000001", "customer.id");

        // url.*
        both("url missing", r -> r.remove("url"), "4000002", "url");
        both("url a string", r -> r.put("url", BASE), "4000001", "url");
        both("url.callbackUrl missing", r -> obj(r, "url").remove("callbackUrl"), "4000002", "url.callbackUrl");
        for (String bad : List.of("ftp://localhost/cb", "localhost/cb", "//localhost/cb", "javascript:alert(1)", "file:///etc/passwd",
                "http://user:pw@localhost/cb", "http:///cb", "http://localhost/{{x}}", "http://localhost/" + text(2040, 'p'))) {
            both("url.callbackUrl " + JSON.valueToTree(bad.length() > 60 ? bad.length() + " chars" : bad),
                    r -> obj(r, "url").put("callbackUrl", bad), "4000001", "url.callbackUrl");
        }
        both("url.callbackUrl a number", r -> obj(r, "url").put("callbackUrl", 1), "4000001", "url.callbackUrl");
        for (String bad : List.of("javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "https://bank.example@evil.example/",
                "/relative", "")) {
            both("url.successUrl " + JSON.valueToTree(bad), r -> obj(r, "url").put("successUrl", bad), "4000001", "url.successUrl");
        }
        both("url.failUrl javascript", r -> obj(r, "url").put("failUrl", "javascript:alert(1)"), "4000001", "url.failUrl");
        both("url.backUrl vbscript", r -> obj(r, "url").put("backUrl", "vbscript:x"), "4000001", "url.backUrl");

        // billing.* (bill payments)
        bill("billing missing", r -> r.remove("billing"), "4000002", "billing");
        bill("billing a string", r -> r.put("billing", "050017"), "4000001", "billing");
        bill("billerServiceProvider missing", r -> obj(r, "billing").remove("billerServiceProvider"), "4000002",
                "billing.billerServiceProvider");
        bill("billerServiceProvider.id missing", r -> bsp(r).remove("id"), "4000002", "billing.billerServiceProvider.id");
        for (String bad : List.of("50017", "0500170", "05001A", " 50017", "05OO17")) {
            bill("billerServiceProvider.id \"" + bad + "\"", r -> bsp(r).put("id", bad), "4000001", "billing.billerServiceProvider.id");
        }
        bill("billerServiceProvider.id a number", r -> bsp(r).put("id", 50017), "4000001", "billing.billerServiceProvider.id");
        bill("billerServiceProvider.customerId missing", r -> bsp(r).remove("customerId"), "4000002",
                "billing.billerServiceProvider.customerId");
        for (String bad : List.of("12ab", "123456789012345678901", "-1", "72000 12345", "7200012345\n")) {
            bill("billerServiceProvider.customerId " + JSON.valueToTree(bad), r -> bsp(r).put("customerId", bad), "4000001",
                    "billing.billerServiceProvider.customerId");
        }
        bill("billerServiceProvider.customerId a number", r -> bsp(r).put("customerId", 7200012345L), "4000001",
                "billing.billerServiceProvider.customerId");
        bill("billerServiceProvider.type \"x\"", r -> bsp(r).put("type", "x"), "4000001", "billing.billerServiceProvider.type");
        bill("billerServiceProvider.subId 65 chars", r -> bsp(r).put("subId", text(65, 's')), "4000001",
                "billing.billerServiceProvider.subId");
        bill("a product no biller serves", r -> bsp(r).put("id", "123456"), "4030001", "billing.billerServiceProvider.id");

        // meta
        both("meta a string", r -> r.put("meta", "x"), "4000001", "meta");
        both("meta.data 1000 chars", r -> r.putObject("meta").put("data", text(1000, 'm')), "4000001", "meta.data");
        both("meta.data a number", r -> r.putObject("meta").put("data", 5), "4000001", "meta.data");
        both("meta.data an object", r -> r.putObject("meta").putObject("data").put("a", 1), "4000001", "meta.data");

        // sourceOfFunds
        // a bare string is the type (section 2, tolerant reading), by the same rules
        both("sourceOfFunds a number", r -> r.put("sourceOfFunds", 5), "4000001", "sourceOfFunds");
        both("sourceOfFunds a bare unknown string", r -> r.put("sourceOfFunds", "bitcoin"), "4000001", "sourceOfFunds.type");
        both("sourceOfFunds.type missing", r -> r.putObject("sourceOfFunds"), "4000002", "sourceOfFunds.type");
        for (String bad : List.of("bitcoin", "VABCA", "vabca ", "va", "card")) {
            both("sourceOfFunds.type \"" + bad + "\"", r -> r.putObject("sourceOfFunds").put("type", bad), "4000001",
                    "sourceOfFunds.type");
        }
        both("sourceOfFunds.type a number", r -> r.putObject("sourceOfFunds").put("type", 1), "4000001", "sourceOfFunds.type");

        // features the merchant does not have
        Consumer<ObjectNode> publicCallback = r -> obj(r, "url").put("callbackUrl", "https://mitra.example.com/loket/callback");
        for (String type : List.of("qris", "vamandiri", "cc", "ovo", "alfamart")) {
            CASES.add(new Case("bill: OTHER01 (sof-types vabca) with " + type, BILL, "OTHER01", "other-secret-key",
                    publicCallback.andThen(r -> r.putObject("sourceOfFunds").put("type", type)), null, "4030001", "sourceOfFunds.type"));
        }
        CASES.add(new Case("plain: OTHER01 (sof-types vabca) with qris", PLAIN, "OTHER01", "other-secret-key",
                publicCallback.andThen(r -> r.putObject("sourceOfFunds").put("type", "qris")), null, "4030001", "sourceOfFunds.type"));
        CASES.add(new Case("bill: NOPROD1 (products 999999) selling 050017", BILL, "NOPROD1", "np-key", r -> { }, null,
                "4030001", "billing.billerServiceProvider.id"));
    }

    static Stream<Arguments> cases() {
        return CASES.stream().map(Arguments::of);
    }

    int allOrders() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM payment_order", Integer.class);
    }

    int orders(String orderId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM payment_order WHERE order_id = ?", Integer.class, orderId);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aBadRequestIsRefusedWithItsCodeAndFieldAndStoresNothing(Case c) {
        String orderId = orderId("V");
        String body = c.raw() != null ? c.raw() : spoiled(c, orderId);
        int before = allOrders();

        Answer a = hub.post(c.path(), body, c.merchant(), c.key());

        assertRefused(a, c.code(), c.field());
        assertThat(a.header("Content-Type")).startsWith("application/json");
        assertThat(orders(orderId)).isZero();
        assertThat(allOrders()).isEqualTo(before);
    }

    static String spoiled(Case c, String orderId) {
        ObjectNode body = c.path().equals(BILL) ? billBody(orderId) : plainBody(orderId);
        c.spoil().accept(body);
        return body.toString();
    }

    @Test
    void theValidBodiesTheCasesStartFromAreAccepted() {
        for (String path : List.of(BILL, PLAIN)) {
            String orderId = orderId("OK");
            ObjectNode body = path.equals(BILL) ? billBody(orderId) : plainBody(orderId);
            assertEnvelope(hub.post(path, body.toString(), "FINPAY770", "SoSecret123"), "2000000");
            assertThat(orders(orderId)).isOne();
        }
        // the boundaries of the field table are inside it
        String orderId = (orderId("MAX") + "_-".repeat(15)).substring(0, 30);
        ObjectNode body = plainBody(orderId);
        ObjectNode order = obj(body, "order");
        order.put("amount", 99999999999999L).put("currency", "IDR").put("description", text(127, 'd')).put("timeout", "99999999");
        order.putArray("item").addObject().put("name", text(255, 'n')).put("quantity", 1).put("unitPrice", "0")
                .put("category", text(64, 'c')).put("subMerchantId", text(64, 's'));
        obj(body, "customer").put("email", text(64, 'e') + "@" + text(60, 'a') + ".example.com").put("mobilePhone", "+62812345678901")
                .put("firstName", text(50, 'f')).put("lastName", text(50, 'l')).put("id", text(320, 'i'));
        body.putObject("meta").put("data", text(999, 'm'));
        obj(body, "url").put("successUrl", BASE + "/sandbox/mitra/return?status=success").put("failUrl", "https://shop.example/f")
                .put("backUrl", "https://shop.example/b");
        Answer a = hub.post(PLAIN, body.toString(), "FINPAY770", "SoSecret123");
        assertEnvelope(a, "2000000");
        assertThat(orders(orderId)).isOne();
    }

    // ------------------------------------------------------------------ within the limits, never a server error

    static ArrayNode items(int count, String name) {
        ArrayNode items = JSON.createArrayNode();
        for (int i = 0; i < count; i++) {
            items.addObject().put("name", name).put("quantity", "1").put("unitPrice", "100");
        }
        return items;
    }

    static Stream<Arguments> withinTheLimits() {
        String emoji = "\uD83D\uDE00";   // one code point, two UTF-16 units
        return Stream.of(
                Arguments.of("order.description of 127 emoji", PLAIN, (Consumer<ObjectNode>) r ->
                        obj(r, "order").put("description", emoji.repeat(127)), "order.description"),
                Arguments.of("customer.firstName of 50 emoji", PLAIN, (Consumer<ObjectNode>) r ->
                        obj(r, "customer").put("firstName", emoji.repeat(50)), "customer.firstName"),
                Arguments.of("customer.lastName of 26 emoji", PLAIN, (Consumer<ObjectNode>) r ->
                        obj(r, "customer").put("lastName", emoji.repeat(26)), "customer.lastName"),
                Arguments.of("customer.id of 320 emoji", PLAIN, (Consumer<ObjectNode>) r ->
                        obj(r, "customer").put("id", emoji.repeat(320)), "customer.id"),
                Arguments.of("meta.data of 999 emoji", PLAIN, (Consumer<ObjectNode>) r ->
                        r.putObject("meta").put("data", emoji.repeat(999)), "meta.data"),
                Arguments.of("billing.billerServiceProvider.subId of 64 emoji", BILL, (Consumer<ObjectNode>) r ->
                        bsp(r).put("subId", emoji.repeat(64)), "billing.billerServiceProvider.subId"),
                Arguments.of("order.item: 400 items named with 255 letters (a 120 kB body)", PLAIN, (Consumer<ObjectNode>) r ->
                        obj(r, "order").set("item", items(400, text(255, 'n'))), "order.item"),
                Arguments.of("order.item: 80 items named with 255 'é' (a 45 kB body)", PLAIN, (Consumer<ObjectNode>) r ->
                        obj(r, "order").set("item", items(80, text(255, 'é'))), "order.item"));
    }

    /**
     * Values the field table allows (lengths count code points, as the contract's PHP clients
     * count them) and bodies well under 1 MiB: accepted, or at most refused naming the field,
     * but never a 5000000.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("withinTheLimits")
    void aRequestWithinTheLimitsNeverGetsAServerError(String name, String path, Consumer<ObjectNode> change, String field)
            throws Exception {
        String orderId = orderId("LIM");
        ObjectNode body = path.equals(BILL) ? billBody(orderId) : plainBody(orderId);
        change.accept(body);
        assertThat(body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThan(1 << 20);

        Answer a = hub.post(path, body.toString(), "FINPAY770", "SoSecret123");

        assertThat(a.status()).as(name + ": " + a.body()).isLessThan(500);
        String code = SecurityChecks.JSON.readTree(a.body()).get("responseCode").asText();
        if (code.equals("2000000")) {
            assertEnvelope(a, "2000000");
            assertThat(orders(orderId)).isOne();
        } else {
            assertRefused(a, "4000001", field);
            assertThat(orders(orderId)).isZero();
        }
    }

    // ------------------------------------------------------------------ body size

    static String paddedBody(String orderId, int targetBytes, char pad) {
        String start = "{\"order\":{\"id\":\"" + orderId + "\",\"amount\":\"15000\"},\"customer\":{\"email\":\"budi@example.com\"},"
                + "\"url\":{\"callbackUrl\":\"" + BASE + "/sandbox/mitra/callback\"},\"padding\":\"";
        String end = "\"}";
        int perChar = String.valueOf(pad).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        int fixed = (start + end).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        return start + String.valueOf(pad).repeat((targetBytes - fixed) / perChar) + end;
    }

    @Test
    void aBodyOverOneMebibyteGets4130000AndOneOfExactlyOneMebibyteIsRead() {
        int mib = 1 << 20;
        String exact = orderId("BIG");
        String atLimit = paddedBody(exact, mib, 'x');
        assertThat(atLimit.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(mib);
        // Unknown members are ignored: the padding is not a reason to refuse.
        assertEnvelope(hub.post(PLAIN, atLimit, "FINPAY770", "SoSecret123"), "2000000");
        assertThat(orders(exact)).isOne();

        for (String[] c : List.of(new String[] {"1 MiB + 1 byte", "x", String.valueOf(mib + 1)},
                new String[] {"1.2 MB of two-byte characters (600k chars)", "é", String.valueOf(1_200_000)},
                new String[] {"3 MiB", "x", String.valueOf(3 * mib)})) {
            String orderId = orderId("BIG");
            String body = paddedBody(orderId, Integer.parseInt(c[2]), c[1].charAt(0));
            Answer a = hub.post(PLAIN, body, "FINPAY770", "SoSecret123");
            assertEnvelope(a, "4130000");
            assertThat(orders(orderId)).as(c[0]).isZero();
        }
    }

    // ------------------------------------------------------------------ hub-owned fields

    @Test
    void unknownMembersAreIgnoredAndAClientCanNeverSetAHubOwnedField() {
        String orderId = orderId("OWN");
        ObjectNode body = billBody(orderId);
        body.put("status", "PAID").put("reference", "X").put("signature", "00").put("token", "0000");
        body.putObject("merchant").put("id", "OTHER01");
        body.putObject("result").putObject("payment").put("status", "PAID");
        obj(body, "order").put("status", "PAID").put("reference", "HACKED-REF").put("token", "feedface").put("paid", true)
                .put("expiryLink", "2099-01-01 00:00:00").put("merchantId", "OTHER01");
        bsp(body).put("amount", "1").put("adminFee", "0").put("reffNo", "FAKE");
        obj(body, "customer").put("status", "VIP");
        body.putObject("sourceOfFunds_").put("paymentCode", "123");
        body.putObject("flagging").put("amount", "1");

        Answer a = hub.initiateBill(body.toString());
        JsonNode answer = assertEnvelope(a, "2000000");
        assertThat(answer.get("redirecturl").asText()).doesNotContain("feedface");

        Map<String, Object> row = jdbc.queryForMap("SELECT merchant_id, status, reference, token, amount FROM payment_order"
                + " WHERE order_id = ?", orderId);
        assertThat(row.get("MERCHANT_ID")).isEqualTo("FINPAY770");
        assertThat(row.get("STATUS")).isEqualTo("REQUEST_INITIATED");
        assertThat((String) row.get("REFERENCE")).startsWith("LKT-").isNotEqualTo("X").isNotEqualTo("HACKED-REF");
        assertThat(answer.get("redirecturl").asText()).endsWith("/" + row.get("TOKEN"));
        assertThat(row.get("AMOUNT")).isNull();

        JsonNode data = hub.status(orderId).json().get("data");
        assertThat(data.at("/merchant/id").asText()).isEqualTo("FINPAY770");
        assertThat(data.at("/order/reference").asText()).isEqualTo(row.get("REFERENCE"));
        assertThat(data.at("/result/payment/status").asText()).isEqualTo("REQUEST_INITIATED");
        assertThat(data.has("flagging")).isFalse();
        assertThat(data.at("/result/flagging").isMissingNode()).isTrue();
        // ... and OTHER01 does not see it.
        assertEnvelope(hub.get("/sof/bp/checkCard/" + orderId, "OTHER01", "other-secret-key"), "4040001");
    }

    // ------------------------------------------------------------------ outbound calls: callback hosts

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://127.0.0.1/", "http://10.0.0.5/", "http://169.254.169.254/latest/meta-data",
            "http://[::1]/", "http://192.168.1.1/", "http://metadata.google.internal/", "http://localhost:" + 8080 + "/cb",
            "http://LOCALHOST/", "http://localhost./", "http://app.localhost/", "http://172.16.0.1/", "http://172.31.255.255/",
            "http://100.100.100.200/latest/meta-data", "http://0.0.0.0/", "http://127.1/", "http://2130706433/",
            "http://0x7f.0.0.1/", "http://0177.0.0.1/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:a9fe:a9fe]/",
            "http://[fd00::1]/", "http://[fe80::1]/", "http://[::]/", "http://224.0.0.1/", "http://metadata/",
            "https://169.254.169.254./", "http://[64:ff9b::a9fe:a9fe]/"})
    void anInternalCallbackUrlIsRefusedForAMerchantWithoutAHostList(String callbackUrl) {
        for (String path : List.of(BILL, PLAIN)) {
            String orderId = orderId("SSRF");
            ObjectNode body = path.equals(BILL) ? billBody(orderId) : plainBody(orderId);
            obj(body, "url").put("callbackUrl", callbackUrl);
            body.putObject("sourceOfFunds").put("type", "vabca");
            Answer a = hub.post(path, body.toString(), "OTHER01", "other-secret-key");
            assertRefused(a, "4000001", "url.callbackUrl");
            assertThat(orders(orderId)).isZero();
        }
    }

    @Test
    void aPublicCallbackHostIsAllowedWithoutAListAndOnlyListedHostsWithOne() {
        String open = orderId("PUB");
        ObjectNode body = billBody(open);
        obj(body, "url").put("callbackUrl", "https://mitra.example.com/loket/callback");
        assertEnvelope(hub.post(BILL, body.toString(), "OTHER01", "other-secret-key"), "2000000");

        // FINPAY770 lists localhost and 127.0.0.1: those are allowed, everything else is not.
        String listed = orderId("LST");
        ObjectNode ok = billBody(listed);
        obj(ok, "url").put("callbackUrl", "http://127.0.0.1:" + PORT + "/sandbox/mitra/callback");
        assertEnvelope(hub.initiateBill(ok.toString()), "2000000");
        for (String other : List.of("https://mitra.example.com/cb", "http://10.0.0.5/", "http://169.254.169.254/",
                "http://localhost.evil.example/", "http://127.0.0.2/")) {
            String orderId = orderId("LST");
            ObjectNode b = billBody(orderId);
            obj(b, "url").put("callbackUrl", other);
            assertRefused(hub.initiateBill(b.toString()), "4000001", "url.callbackUrl");
            assertThat(orders(orderId)).isZero();
        }
    }

    @Test
    void aNotificationIsNeverSentOnWhereARedirectPoints() throws Exception {
        AtomicInteger redirected = new AtomicInteger();
        AtomicInteger target = new AtomicInteger();
        HttpServer inside = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        inside.createContext("/", ex -> {
            target.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        HttpServer mitra = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        mitra.createContext("/cb", ex -> {
            ex.getRequestBody().readAllBytes();
            redirected.incrementAndGet();
            ex.getResponseHeaders().add("Location", "http://127.0.0.1:" + inside.getAddress().getPort() + "/internal-admin");
            ex.sendResponseHeaders(307, -1);
            ex.close();
        });
        inside.start();
        mitra.start();
        try {
            String orderId = orderId("RDR");
            ObjectNode body = billBody(orderId);
            obj(body, "url").put("callbackUrl", "http://127.0.0.1:" + mitra.getAddress().getPort() + "/cb");
            assertEnvelope(hub.initiateBill(body.toString()), "2000000");
            assertEnvelope(hub.cancel(orderId), "2000000");

            HubClient.await(() -> redirected.get() >= 2 ? true : null, "two notification attempts");
            HubClient.stays("nothing at the redirect's target", Duration.ofMillis(500), () -> target.get() == 0);
            List<Map<String, Object>> attempts = jdbc.queryForList("SELECT a.http_status, a.outcome FROM notification_attempt a"
                    + " JOIN notification n ON n.id = a.notification_id JOIN payment_order o ON o.id = n.order_pk"
                    + " WHERE o.order_id = ?", orderId);
            assertThat(attempts).isNotEmpty().allSatisfy(r -> {
                assertThat(((Number) r.get("HTTP_STATUS")).intValue()).isEqualTo(307);
                assertThat((String) r.get("OUTCOME")).doesNotStartWith("DELIVERED");
            });
        } finally {
            mitra.stop(0);
            inside.stop(0);
        }
    }
}
