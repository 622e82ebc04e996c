package id.loket.api;

import id.loket.order.InitiateCommand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.loket.config.BillerRoutes;
import id.loket.config.HubProperties;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InitiateRequestParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Shaped like the example in Finpay's documentation of the PG x Billing initiate. */
    private static final String BILL_EXAMPLE = """
            {
              "customer": {"id": "CUST-001", "email": "albert@example.com", "firstName": "Albert",
                           "lastName": "Einstein", "mobilePhone": "+6281286288844"},
              "order": {"id": "INV2230516000003", "amount": "200000", "currency": "IDR",
                        "description": "Tagihan PLN", "timeout": "60",
                        "item": [{"name": "Token PLN", "quantity": "1", "unitPrice": "200000",
                                  "category": "utility", "subMerchantId": "SM1", "color": "red"}]},
              "url": {"callbackUrl": "https://mitra.example/callback",
                      "successUrl": "https://mitra.example/ok", "failUrl": "https://mitra.example/fail",
                      "backUrl": "https://mitra.example/back"},
              "billing": {"billerServiceProvider": {"id": "050017", "customerId": "0123456789012",
                                                     "subId": "01", "type": "post"}},
              "meta": {"data": "{\\"ref\\":\\"abc\\"}"},
              "sourceOfFunds": {"type": "vabca"}
            }""";

    private static final String PLAIN_EXAMPLE = """
            {"order": {"id": "ORD-1", "amount": 15000},
             "customer": {"email": "a@b.co"},
             "url": {"callbackUrl": "https://mitra.example/cb"}}""";

    private InitiateRequestParser parser;

    @BeforeEach
    void setUp() {
        parser = new InitiateRequestParser(hub(
                "hub.merchants.M1.key=key-m1",
                "hub.merchants.M2.key=key-m2",
                "hub.merchants.M2.sof-types=vabca",
                "hub.merchants.M2.products=050017",
                "hub.merchants.M2.callback-hosts=merchant.example"), new BillerRoutes(Map.of("050017", "finnet")));
    }

    /** The hub's configuration bound from {@code name=value} pairs, as Spring binds application.yaml. */
    static HubProperties hub(String... properties) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String p : properties) {
            map.put(p.substring(0, p.indexOf('=')), p.substring(p.indexOf('=') + 1));
        }
        map.putIfAbsent("hub.public-base-url", "http://localhost:8080");
        return new Binder(new MapConfigurationPropertySource(map)).bindOrCreate("hub", HubProperties.class);
    }

    // ------------------------------------------------------------------ helpers

    private static ObjectNode bill() {
        try {
            return (ObjectNode) JSON.readTree(BILL_EXAMPLE);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode plain() {
        try {
            return (ObjectNode) JSON.readTree(PLAIN_EXAMPLE);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets (or with value {@code REMOVE}, removes) the member at a dotted path. */
    private static ObjectNode with(ObjectNode root, String path, Object value) {
        String[] parts = path.split("\\.");
        ObjectNode parent = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = parent.get(parts[i]);
            if (!(next instanceof ObjectNode)) {
                next = parent.putObject(parts[i]);
            }
            parent = (ObjectNode) next;
        }
        String last = parts[parts.length - 1];
        if (value == REMOVE) {
            parent.remove(last);
        } else {
            parent.set(last, JSON.valueToTree(value));
        }
        return root;
    }

    private static final Object REMOVE = new Object();

    private InitiateCommand parseBill(JsonNode body) {
        return parser.parse(body.toString(), "BILL", "M1");
    }

    private ApiException refused(String body, String kind, String merchant) {
        return assertThrows(ApiException.class, () -> parser.parse(body, kind, merchant));
    }

    private void assertRefused(JsonNode body, String kind, String merchant, String code, String message) {
        ApiException e = refused(body.toString(), kind, merchant);
        assertEquals(code, e.responseCode(), e.getMessage());
        assertEquals(message, e.getMessage());
    }

    private void assertFormat(JsonNode billBody, String field) {
        assertRefused(billBody, "BILL", "M1", "4000001", "Invalid field format " + field);
    }

    private void assertMissing(JsonNode billBody, String field) {
        assertRefused(billBody, "BILL", "M1", "4000002", "Invalid mandatory field " + field);
    }

    // ------------------------------------------------------------------ valid requests

    @Test
    void validBillRequestParsesEveryField() {
        InitiateCommand c = parseBill(bill());
        assertEquals("BILL", c.kind());
        assertTrue(c.isBill());
        assertTrue(c.isCore());
        assertEquals("INV2230516000003", c.orderId());
        assertEquals(200000L, c.amount());
        assertEquals("IDR", c.currency());
        assertEquals("Tagihan PLN", c.description());
        assertEquals(60, c.timeoutMinutes());
        assertEquals(1, c.items().size());
        Map<String, Object> item = c.items().get(0);
        assertEquals(List.of("name", "quantity", "unitPrice", "category", "subMerchantId"), new ArrayList<>(item.keySet()));
        assertEquals("Token PLN", item.get("name"));
        assertEquals(1L, item.get("quantity"));
        assertEquals(200000L, item.get("unitPrice"));
        assertEquals("utility", item.get("category"));
        assertEquals("SM1", item.get("subMerchantId"));
        assertEquals("CUST-001", c.customerId());
        assertEquals("albert@example.com", c.customerEmail());
        assertEquals("+6281286288844", c.customerPhone());
        assertEquals("Albert", c.customerFirstName());
        assertEquals("Einstein", c.customerLastName());
        assertEquals("https://mitra.example/callback", c.callbackUrl());
        assertEquals("https://mitra.example/ok", c.successUrl());
        assertEquals("https://mitra.example/fail", c.failUrl());
        assertEquals("https://mitra.example/back", c.backUrl());
        assertEquals("050017", c.productCode());
        assertEquals("0123456789012", c.billNumber());
        assertEquals("01", c.billSubId());
        assertEquals("post", c.billType());
        assertTrue(c.metaPresent());
        assertEquals("{\"ref\":\"abc\"}", c.metaData());
        assertEquals("vabca", c.sofType());
        assertTrue(c.requestHash().matches("[0-9a-f]{64}"));
    }

    @Test
    void validPlainRequestWithDefaults() {
        InitiateCommand c = parser.parse(PLAIN_EXAMPLE, "PLAIN", "M1");
        assertEquals("PLAIN", c.kind());
        assertFalse(c.isBill());
        assertFalse(c.isCore());
        assertEquals("ORD-1", c.orderId());
        assertEquals(15000L, c.amount());
        assertEquals("IDR", c.currency());
        assertNull(c.description());
        assertEquals(1440, c.timeoutMinutes());
        assertNull(c.items());
        assertNull(c.customerId());
        assertEquals("a@b.co", c.customerEmail());
        assertNull(c.customerPhone());
        assertNull(c.successUrl());
        assertNull(c.productCode());
        assertNull(c.billNumber());
        assertFalse(c.metaPresent());
        assertNull(c.metaData());
        assertNull(c.sofType());
    }

    @Test
    void plainPaymentIgnoresBilling() {
        ObjectNode body = plain();
        body.put("billing", "not even an object");
        InitiateCommand c = parser.parse(body.toString(), "PLAIN", "M1");
        assertNull(c.productCode());
        // and an unknown product does not matter either
        with(body, "billing", Map.of("billerServiceProvider", Map.of("id", "999999", "customerId", "1")));
        assertNull(parser.parse(body.toString(), "PLAIN", "M1").productCode());
    }

    @Test
    void billAmountIsOptional() {
        InitiateCommand c = parseBill(with(bill(), "order.amount", REMOVE));
        assertNull(c.amount());
        assertNull(parseBill(with(bill(), "order.amount", null)).amount());
    }

    @Test
    void unknownMembersAndHubOwnedFieldsAreIgnored() {
        ObjectNode body = bill();
        body.put("status", "PAID");
        body.put("reference", "X");
        with(body, "order.status", "PAID");
        with(body, "order.reference", "REF");
        with(body, "customer.nickname", 42);
        with(body, "url.extra", List.of(1, 2));
        with(body, "meta.other", Map.of("a", 1));
        with(body, "sourceOfFunds.channel", "008");
        InitiateCommand c = parseBill(body);
        assertEquals("INV2230516000003", c.orderId());
        assertEquals("vabca", c.sofType());
    }

    @Test
    void placeholderLikeTextIsKeptLiterally() {
        ObjectNode body = with(bill(), "order.description", "{{spring.datasource.password}} ${body} #{1+1}");
        with(body, "meta.data", "${header.Authorization} {{hub.merchants.M1.key}}");
        InitiateCommand c = parseBill(body);
        assertEquals("{{spring.datasource.password}} ${body} #{1+1}", c.description());
        assertEquals("${header.Authorization} {{hub.merchants.M1.key}}", c.metaData());
    }

    @Test
    void stringsAreNotTrimmed() {
        InitiateCommand c = parseBill(with(bill(), "customer.firstName", "  Albert "));
        assertEquals("  Albert ", c.customerFirstName());
    }

    @Test
    void numbersAcceptedForAmountTimeoutQuantity() {
        ObjectNode body = with(bill(), "order.amount", 200000);
        with(body, "order.timeout", 30);
        ((ObjectNode) body.get("order").get("item").get(0)).put("quantity", 2).put("unitPrice", 100000);
        InitiateCommand c = parseBill(body);
        assertEquals(200000L, c.amount());
        assertEquals(30, c.timeoutMinutes());
        assertEquals(2L, c.items().get(0).get("quantity"));
        assertEquals(100000L, c.items().get(0).get("unitPrice"));
    }

    @Test
    void leadingZerosAreDigitsAndValueCounts() {
        assertEquals(7L, parseBill(with(bill(), "order.amount", "007")).amount());
        assertFormat(with(bill(), "order.amount", "000"), "order.amount");
        assertEquals(99999999999999L, parseBill(with(bill(), "order.amount", "99999999999999")).amount());
    }

    // ------------------------------------------------------------------ body

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "not json", "[]", "\"x\"", "42", "null", "{\"a\":1}{}",
            "{\"order\":{\"id\":\"A\"},\"order\":{\"id\":\"B\"}}", "{'order':1}"})
    void malformedBodyIs4000001(String body) {
        ApiException e = refused(body, "BILL", "M1");
        assertEquals("4000001", e.responseCode());
        assertEquals("Invalid field format body", e.getMessage());
    }

    @Test
    void nullBodyIs4000001() {
        assertEquals("Invalid field format body", refused(null, "PLAIN", "M1").getMessage());
    }

    @Test
    void duplicateKeysDeepInsideAreMalformed() {
        String body = PLAIN_EXAMPLE.replace("\"amount\": 15000", "\"amount\": 15000, \"amount\": 16000");
        assertEquals("Invalid field format body", refused(body, "PLAIN", "M1").getMessage());
    }

    @Test
    void bodyOverOneMebibyteIsTooLarge() {
        String padding = "x".repeat(InitiateRequestParser.MAX_BODY);
        String body = "{\"pad\":\"" + padding + "\"}";
        ApiException e = refused(body, "PLAIN", "M1");
        assertEquals("4130000", e.responseCode());
        assertEquals(413, e.httpStatus());
        // multi-byte characters count as bytes
        String wide = "{\"pad\":\"" + "\u00e9".repeat(InitiateRequestParser.MAX_BODY / 2) + "\"}";
        assertEquals("4130000", refused(wide, "PLAIN", "M1").responseCode());
    }

    @Test
    void bodyJustUnderTheLimitIsParsed() {
        ObjectNode body = plain();
        String base = body.toString();
        int room = InitiateRequestParser.MAX_BODY - base.length() - ",\"pad\":\"\"".length();
        body.put("pad", "x".repeat(room));
        assertEquals(InitiateRequestParser.MAX_BODY, body.toString().length());
        assertEquals("ORD-1", parser.parse(body.toString(), "PLAIN", "M1").orderId());
    }

    @Test
    void unknownMerchantIsUnauthorized() {
        assertEquals("4010000", refused(PLAIN_EXAMPLE, "PLAIN", "NOPE").responseCode());
    }

    // ------------------------------------------------------------------ order

    @Test
    void orderObject() {
        assertMissing(with(bill(), "order", REMOVE), "order");
        assertMissing(with(bill(), "order", null), "order");
        assertFormat(with(bill(), "order", "INV1"), "order");
        assertFormat(with(bill(), "order", List.of()), "order");
    }

    @Test
    void orderIdMandatory() {
        assertMissing(with(bill(), "order.id", REMOVE), "order.id");
        assertMissing(with(bill(), "order.id", null), "order.id");
        assertMissing(with(bill(), "order.id", ""), "order.id");
        assertFormat(with(bill(), "order.id", true), "order.id");
        assertFormat(with(bill(), "order.id", List.of("1")), "order.id");
    }

    @Test
    void integerOrderIdIsItsDecimalString() {
        assertEquals("1001", parseBill(with(bill(), "order.id", 1001)).orderId());
        assertEquals("0", parseBill(with(bill(), "order.id", 0)).orderId());
        assertEquals("9".repeat(30), parseBill(with(bill(), "order.id", new java.math.BigInteger("9".repeat(30)))).orderId());
        // the same rules as a string id: no sign, no fraction, no exponent, at most 30 characters
        assertFormat(with(bill(), "order.id", -1001), "order.id");
        assertFormat(with(bill(), "order.id", new java.math.BigInteger("9".repeat(31))), "order.id");
        for (String number : List.of("1001.5", "1001.0", "1e3", "-1e3")) {
            String body = BILL_EXAMPLE.replace("\"id\": \"INV2230516000003\"", "\"id\": " + number);
            ApiException e = refused(body, "BILL", "M1");
            assertEquals("4000001", e.responseCode(), number);
            assertEquals("Invalid field format order.id", e.getMessage(), number);
        }
    }

    @Test
    void integerOrderIdAndItsDecimalStringAreOneRequest() {
        String asNumber = parseBill(with(bill(), "order.id", 1001)).requestHash();
        assertEquals(parseBill(with(bill(), "order.id", "1001")).requestHash(), asNumber);
        assertNotEquals(parseBill(with(bill(), "order.id", "01001")).requestHash(), asNumber);
    }

    @ParameterizedTest
    @ValueSource(strings = {"INV 1", "INV/1", "{{x}}", "INV.1", "ïnv", " INV1", "INV1\n",
            "A234567890123456789012345678901"})
    void orderIdBadCharsOrLength(String id) {
        assertFormat(with(bill(), "order.id", id), "order.id");
    }

    @Test
    void orderIdThirtyCharsIsFine() {
        String id = "A-_" + "9".repeat(27);
        assertEquals(id, parseBill(with(bill(), "order.id", id)).orderId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "12.5", "1e3", "123456789012345", " 100", "100 ", "+100", "1,000",
            "\u0661\u0662"})
    void amountFormatErrors(String amount) {
        assertFormat(with(bill(), "order.amount", amount), "order.amount");
        assertFormat(with(plain(), "order.amount", amount), "order.amount");
    }

    @Test
    void amountNumberFormatErrors() {
        assertFormat(with(bill(), "order.amount", 0), "order.amount");
        assertFormat(with(bill(), "order.amount", -5), "order.amount");
        assertFormat(with(bill(), "order.amount", new BigDecimal("12.5")), "order.amount");
        assertFormat(with(bill(), "order.amount", 123456789012345L), "order.amount");
        assertFormat(with(bill(), "order.amount", true), "order.amount");
        assertFormat(with(bill(), "order.amount", List.of("1")), "order.amount");
        // exponent and fraction forms written in the raw JSON
        for (String raw : List.of("1e3", "200000.0", "1E5")) {
            String body = PLAIN_EXAMPLE.replace("15000", raw);
            ApiException e = refused(body, "PLAIN", "M1");
            assertEquals("Invalid field format order.amount", e.getMessage(), raw);
        }
    }

    @Test
    void amountEmptyStringBillIsFormatPlainIsMissing() {
        assertFormat(with(bill(), "order.amount", ""), "order.amount");
        assertRefused(with(plain(), "order.amount", ""), "PLAIN", "M1", "4000002", "Invalid mandatory field order.amount");
    }

    @Test
    void amountMandatoryForPlain() {
        assertRefused(with(plain(), "order.amount", REMOVE), "PLAIN", "M1", "4000002", "Invalid mandatory field order.amount");
        assertRefused(with(plain(), "order.amount", null), "PLAIN", "M1", "4000002", "Invalid mandatory field order.amount");
    }

    @Test
    void currencyOnlyIdr() {
        assertEquals("IDR", parseBill(with(bill(), "order.currency", REMOVE)).currency());
        assertEquals("IDR", parseBill(with(bill(), "order.currency", null)).currency());
        assertFormat(with(bill(), "order.currency", "USD"), "order.currency");
        assertFormat(with(bill(), "order.currency", "idr"), "order.currency");
        assertFormat(with(bill(), "order.currency", ""), "order.currency");
        assertFormat(with(bill(), "order.currency", 360), "order.currency");
    }

    @Test
    void description() {
        assertEquals("x".repeat(127), parseBill(with(bill(), "order.description", "x".repeat(127))).description());
        // code points, not UTF-16 units: 127 emoji are fine
        String emoji = "\uD83D\uDE00".repeat(127);
        assertEquals(emoji, parseBill(with(bill(), "order.description", emoji)).description());
        assertFormat(with(bill(), "order.description", "x".repeat(128)), "order.description");
        assertFormat(with(bill(), "order.description", ""), "order.description");
        assertFormat(with(bill(), "order.description", 5), "order.description");
    }

    @Test
    void timeout() {
        assertEquals(99999999, parseBill(with(bill(), "order.timeout", "99999999")).timeoutMinutes());
        assertEquals(1, parseBill(with(bill(), "order.timeout", 1)).timeoutMinutes());
        assertEquals(1440, parseBill(with(bill(), "order.timeout", REMOVE)).timeoutMinutes());
        for (Object bad : List.of("0", 0, "100000000", 100000000, "-1", "1.5", "", " 60", "abc", new BigDecimal("60.0"))) {
            assertFormat(with(bill(), "order.timeout", bad), "order.timeout");
        }
    }

    @Test
    void items() {
        assertFormat(with(bill(), "order.item", "x"), "order.item");
        assertFormat(with(bill(), "order.item", Map.of("name", "x")), "order.item");
        assertFormat(with(bill(), "order.item", List.of("x")), "order.item[0]");
        assertFormat(with(bill(), "order.item", List.of(Map.of("name", "a"), Map.of("quantity", "0"))), "order.item[1].quantity");
        assertFormat(with(bill(), "order.item", List.of(Map.of("quantity", "1.5"))), "order.item[0].quantity");
        assertFormat(with(bill(), "order.item", List.of(Map.of("unitPrice", "-1"))), "order.item[0].unitPrice");
        assertFormat(with(bill(), "order.item", List.of(Map.of("unitPrice", "123456789012345"))), "order.item[0].unitPrice");
        assertFormat(with(bill(), "order.item", List.of(Map.of("name", 5))), "order.item[0].name");
        assertFormat(with(bill(), "order.item", List.of(Map.of("name", "x".repeat(256)))), "order.item[0].name");
        assertFormat(with(bill(), "order.item", List.of(Map.of("category", "x".repeat(65)))), "order.item[0].category");
        assertFormat(with(bill(), "order.item", List.of(Map.of("subMerchantId", 7))), "order.item[0].subMerchantId");
        // free items are allowed; nothing the hub keeps -> the item is left out
        InitiateCommand c = parseBill(with(bill(), "order.item", List.of(Map.of("unitPrice", 0), Map.of("sku", "x"))));
        assertEquals(List.of(Map.of("unitPrice", 0L)), c.items());
        assertNull(parseBill(with(bill(), "order.item", List.of())).items());
        assertNull(parseBill(with(bill(), "order.item", null)).items());
    }

    // ------------------------------------------------------------------ customer

    @Test
    void customerObject() {
        assertMissing(with(bill(), "customer", REMOVE), "customer");
        assertFormat(with(bill(), "customer", "albert"), "customer");
    }

    @Test
    void emailOrPhoneMandatory() {
        ObjectNode body = with(bill(), "customer.email", REMOVE);
        with(body, "customer.mobilePhone", REMOVE);
        assertMissing(body, "customer.email");
        with(body, "customer.email", "");
        with(body, "customer.mobilePhone", null);
        assertMissing(body, "customer.email");
        // either one alone is enough
        InitiateCommand phoneOnly = parseBill(with(bill(), "customer.email", REMOVE));
        assertNull(phoneOnly.customerEmail());
        assertEquals("+6281286288844", phoneOnly.customerPhone());
        InitiateCommand emailOnly = parseBill(with(bill(), "customer.mobilePhone", ""));
        assertNull(emailOnly.customerPhone());
    }

    @ParameterizedTest
    @ValueSource(strings = {"albert", "albert@", "@example.com", "albert@example", "al bert@example.com",
            "albert@@example.com", "albert@exa mple.com", ".albert@example.com", "albert.@example.com",
            "al..bert@example.com", "albert@-example.com", "albert@example.c", "albert@example.com ",
            " albert@example.com", "albert@example..com", "albert@example.123", "\"al\"@example.com"})
    void badEmail(String email) {
        assertFormat(with(bill(), "customer.email", email), "customer.email");
    }

    @Test
    void emailLimits() {
        assertEquals("a.b+tag_x@sub.example.co.id",
                parseBill(with(bill(), "customer.email", "a.b+tag_x@sub.example.co.id")).customerEmail());
        String longest = "a".repeat(64) + "@" + ("b".repeat(60) + ".").repeat(4) + "c".repeat(11);
        assertEquals(320, longest.length());
        assertEquals(longest, parseBill(with(bill(), "customer.email", longest)).customerEmail());
        assertFormat(with(bill(), "customer.email", "a" + longest), "customer.email");
        assertFormat(with(bill(), "customer.email", 12), "customer.email");
    }

    @ParameterizedTest
    @ValueSource(strings = {"081286288844", "6281286288844", "+6181286288844", "+62 81286288844", "+621234567",
            "+6212345678901234", "+62-812-8628-8844", "+62812862888a4", " +6281286288844"})
    void badPhone(String phone) {
        assertFormat(with(bill(), "customer.mobilePhone", phone), "customer.mobilePhone");
    }

    @Test
    void phoneLimits() {
        assertEquals("+6212345678", parseBill(with(bill(), "customer.mobilePhone", "+6212345678")).customerPhone());
        assertEquals("+621234567890123", parseBill(with(bill(), "customer.mobilePhone", "+621234567890123")).customerPhone());
        assertFormat(with(bill(), "customer.mobilePhone", 6281286288844L), "customer.mobilePhone");
    }

    @Test
    void namesAndCustomerId() {
        assertEquals("x".repeat(50), parseBill(with(bill(), "customer.firstName", "x".repeat(50))).customerFirstName());
        assertFormat(with(bill(), "customer.firstName", "x".repeat(51)), "customer.firstName");
        assertFormat(with(bill(), "customer.lastName", "x".repeat(51)), "customer.lastName");
        assertFormat(with(bill(), "customer.lastName", 1), "customer.lastName");
        assertNull(parseBill(with(bill(), "customer.lastName", "")).customerLastName());
        assertFormat(with(bill(), "customer.id", "x".repeat(321)), "customer.id");
        assertFormat(with(bill(), "customer.id", 12), "customer.id");
        assertNull(parseBill(with(bill(), "customer.id", "")).customerId());
    }

    // ------------------------------------------------------------------ url

    @Test
    void urlObjectAndCallbackMandatory() {
        assertMissing(with(bill(), "url", REMOVE), "url");
        assertFormat(with(bill(), "url", "https://mitra.example"), "url");
        assertMissing(with(bill(), "url.callbackUrl", REMOVE), "url.callbackUrl");
        assertMissing(with(bill(), "url.callbackUrl", ""), "url.callbackUrl");
        assertFormat(with(bill(), "url.callbackUrl", 1), "url.callbackUrl");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mitra.example/cb", "/cb", "ftp://mitra.example/cb", "file:///etc/passwd",
            "javascript:alert(1)", "https://user:pw@mitra.example/cb", "https://user@mitra.example/cb",
            "https:mitra.example", "https:///cb", "https://mitra example/cb", "https://mitra.example/{{x}}",
            "https://mitra_example/cb", "http://localhost/cb", "http://LOCALHOST:8080/cb", "http://localhost./cb",
            "http://api.localhost/cb", "http://127.0.0.1/cb", "http://127.8.9.10/cb", "http://10.0.0.5/cb",
            "http://172.16.0.1/cb", "http://172.31.255.255/cb", "http://192.168.1.1/cb", "http://169.254.169.254/latest",
            "http://169.254.1.1/", "http://metadata.google.internal/computeMetadata/v1/", "http://0.0.0.0/",
            "http://100.100.100.200/", "http://[::1]/cb", "http://[fe80::1]/cb", "http://[fc00::1]/cb",
            "http://[fd12:3456::1]/cb", "http://[::ffff:127.0.0.1]/cb", "http://[::ffff:a9fe:a9fe]/cb",
            "http://[::]/cb", "http://[64:ff9b::a00:1]/cb", "http://2130706433/cb", "http://0x7f000001/cb",
            "http://127.1/cb", "http://0177.0.0.1/cb", "http://224.0.0.1/cb", "http://255.255.255.255/"})
    void callbackRefusedForM1(String url) {
        assertFormat(with(bill(), "url.callbackUrl", url), "url.callbackUrl");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://mitra.example", "https://mitra.example/cb?a=1&b=2#frag", "HTTP://Mitra.Example:8443/x",
            "http://8.8.8.8/cb", "http://172.32.0.1/cb", "http://[2001:db8::1]/cb", "https://1.example/cb",
            "https://localhost.example.com/cb"})
    void callbackAllowedForM1(String url) {
        assertEquals(url, parseBill(with(bill(), "url.callbackUrl", url)).callbackUrl());
    }

    @Test
    void callbackTooLong() {
        String ok = "https://mitra.example/" + "a".repeat(2048 - 22);
        assertEquals(2048, ok.length());
        assertEquals(ok, parseBill(with(bill(), "url.callbackUrl", ok)).callbackUrl());
        assertFormat(with(bill(), "url.callbackUrl", ok + "a"), "url.callbackUrl");
    }

    @Test
    void callbackHostListOfM2() {
        ObjectNode body = with(bill(), "url.callbackUrl", "https://merchant.example/cb");
        assertEquals("https://merchant.example/cb", parser.parse(body.toString(), "BILL", "M2").callbackUrl());
        with(body, "url.callbackUrl", "https://MERCHANT.example:8443/cb");
        assertEquals("https://MERCHANT.example:8443/cb", parser.parse(body.toString(), "BILL", "M2").callbackUrl());
        for (String refusedUrl : List.of("https://mitra.example/cb", "https://sub.merchant.example/cb",
                "https://merchant.example.evil.com/cb", "http://localhost/cb")) {
            with(body, "url.callbackUrl", refusedUrl);
            assertRefused(body, "BILL", "M2", "4000001", "Invalid field format url.callbackUrl");
        }
    }

    @Test
    void listedInternalHostIsAllowed() {
        InitiateRequestParser p = new InitiateRequestParser(hub("hub.merchants.DEV.key=dev-key",
                "hub.merchants.DEV.callback-hosts=localhost,10.0.0.5"), new BillerRoutes(Map.of()));
        String body = with(plain(), "url.callbackUrl", "http://localhost:9090/cb").toString();
        assertEquals("http://localhost:9090/cb", p.parse(body, "PLAIN", "DEV").callbackUrl());
        body = with(plain(), "url.callbackUrl", "http://10.0.0.5/cb").toString();
        assertEquals("http://10.0.0.5/cb", p.parse(body, "PLAIN", "DEV").callbackUrl());
    }

    @Test
    void pageUrls() {
        for (String field : List.of("successUrl", "failUrl", "backUrl")) {
            assertFormat(with(bill(), "url." + field, "mitra.example/ok"), "url." + field);
            assertFormat(with(bill(), "url." + field, "javascript:alert(1)"), "url." + field);
            assertFormat(with(bill(), "url." + field, "https://a@b.example/"), "url." + field);
            assertFormat(with(bill(), "url." + field, ""), "url." + field);
            assertFormat(with(bill(), "url." + field, 3), "url." + field);
            assertFormat(with(bill(), "url." + field, "https://mitra.example/" + "a".repeat(2048)), "url." + field);
        }
        // page URLs have no host restriction: the customer's browser goes there, not the hub
        InitiateCommand c = parseBill(with(bill(), "url.successUrl", "http://localhost:3000/ok"));
        assertEquals("http://localhost:3000/ok", c.successUrl());
        assertNull(parseBill(with(bill(), "url.backUrl", null)).backUrl());
    }

    // ------------------------------------------------------------------ billing

    @Test
    void billingMandatoryForBill() {
        assertMissing(with(bill(), "billing", REMOVE), "billing");
        assertFormat(with(bill(), "billing", "050017"), "billing");
        assertMissing(with(bill(), "billing.billerServiceProvider", REMOVE), "billing.billerServiceProvider");
        assertFormat(with(bill(), "billing.billerServiceProvider", List.of()), "billing.billerServiceProvider");
        assertMissing(with(bill(), "billing.billerServiceProvider.id", REMOVE), "billing.billerServiceProvider.id");
        assertMissing(with(bill(), "billing.billerServiceProvider.id", ""), "billing.billerServiceProvider.id");
        assertMissing(with(bill(), "billing.billerServiceProvider.customerId", null), "billing.billerServiceProvider.customerId");
    }

    @Test
    void productCodeFormat() {
        for (Object bad : List.of("50017", "0500170", "05001a", " 50017", 50017, 123456)) {
            assertFormat(with(bill(), "billing.billerServiceProvider.id", bad), "billing.billerServiceProvider.id");
        }
    }

    @Test
    void billNumberFormat() {
        assertEquals("1", parseBill(with(bill(), "billing.billerServiceProvider.customerId", "1")).billNumber());
        assertEquals("1".repeat(20), parseBill(with(bill(), "billing.billerServiceProvider.customerId", "1".repeat(20))).billNumber());
        for (Object bad : List.of("1".repeat(21), "12-34", "12 34", "ABC", 1234567890L)) {
            assertFormat(with(bill(), "billing.billerServiceProvider.customerId", bad), "billing.billerServiceProvider.customerId");
        }
    }

    @Test
    void subIdAndType() {
        assertEquals("pre", parseBill(with(bill(), "billing.billerServiceProvider.type", "pre")).billType());
        assertNull(parseBill(with(bill(), "billing.billerServiceProvider.type", REMOVE)).billType());
        assertFormat(with(bill(), "billing.billerServiceProvider.type", "POST"), "billing.billerServiceProvider.type");
        assertFormat(with(bill(), "billing.billerServiceProvider.type", ""), "billing.billerServiceProvider.type");
        assertFormat(with(bill(), "billing.billerServiceProvider.subId", "x".repeat(65)), "billing.billerServiceProvider.subId");
        assertFormat(with(bill(), "billing.billerServiceProvider.subId", 1), "billing.billerServiceProvider.subId");
        assertNull(parseBill(with(bill(), "billing.billerServiceProvider.subId", "")).billSubId());
    }

    @Test
    void productNotServedByAnyBillerIsNotAllowed() {
        assertRefused(with(bill(), "billing.billerServiceProvider.id", "050099"), "BILL", "M1",
                "4030001", "Feature not allowed billing.billerServiceProvider.id");
    }

    @Test
    void productNotEnabledForMerchantIsNotAllowed() {
        InitiateRequestParser p = new InitiateRequestParser(hub("hub.merchants.M3.key=m3-key",
                "hub.merchants.M3.products=050017", "hub.merchants.M4.key=m4-key"),
                new BillerRoutes(Map.of("050017", "finnet", "050018", "finnet")));
        String body = with(bill(), "billing.billerServiceProvider.id", "050018").toString();
        ApiException e = assertThrows(ApiException.class, () -> p.parse(body, "BILL", "M3"));
        assertEquals("4030001", e.responseCode());
        assertEquals("Feature not allowed billing.billerServiceProvider.id", e.getMessage());
        // the same product is fine for a merchant with every product (empty list)
        assertEquals("050018", p.parse(body, "BILL", "M4").productCode());
    }

    // ------------------------------------------------------------------ meta

    @Test
    void meta() {
        assertEquals("x".repeat(999), parseBill(with(bill(), "meta.data", "x".repeat(999))).metaData());
        assertFormat(with(bill(), "meta.data", "x".repeat(1000)), "meta.data");
        assertFormat(with(bill(), "meta.data", 5), "meta.data");
        assertFormat(with(bill(), "meta.data", Map.of("a", "b")), "meta.data");
        assertFormat(with(bill(), "meta.data", List.of()), "meta.data");
        assertFormat(with(bill(), "meta", "x"), "meta");

        InitiateCommand nullData = parseBill(with(bill(), "meta.data", null));
        assertTrue(nullData.metaPresent());
        assertNull(nullData.metaData());
        InitiateCommand emptyMeta = parseBill(with(bill(), "meta", Map.of()));
        assertTrue(emptyMeta.metaPresent());
        assertNull(emptyMeta.metaData());
        InitiateCommand noMeta = parseBill(with(bill(), "meta", REMOVE));
        assertFalse(noMeta.metaPresent());
        assertFalse(parseBill(with(bill(), "meta", null)).metaPresent());
        assertEquals("", parseBill(with(bill(), "meta.data", "")).metaData());
    }

    // ------------------------------------------------------------------ sourceOfFunds

    @Test
    void sourceOfFunds() {
        assertNull(parseBill(with(bill(), "sourceOfFunds", REMOVE)).sofType());
        assertNull(parseBill(with(bill(), "sourceOfFunds", null)).sofType());
        assertFormat(with(bill(), "sourceOfFunds", 5), "sourceOfFunds");
        assertFormat(with(bill(), "sourceOfFunds", List.of("vabca")), "sourceOfFunds");
        assertMissing(with(bill(), "sourceOfFunds", Map.of()), "sourceOfFunds.type");
        assertMissing(with(bill(), "sourceOfFunds.type", ""), "sourceOfFunds.type");
        assertFormat(with(bill(), "sourceOfFunds.type", 1), "sourceOfFunds.type");
        assertEquals("qris", parseBill(with(bill(), "sourceOfFunds.type", "qris")).sofType());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bitcoin", "VABCA", "va", " vabca", "cc "})
    void unknownSofType(String type) {
        assertFormat(with(bill(), "sourceOfFunds.type", type), "sourceOfFunds.type");
        assertFormat(with(bill(), "sourceOfFunds", type), "sourceOfFunds.type");
    }

    @Test
    void bareStringSourceOfFundsIsItsType() {
        assertEquals("vabca", parseBill(with(bill(), "sourceOfFunds", "vabca")).sofType());
        assertEquals("permatanet", parseBill(with(bill(), "sourceOfFunds", "permatanet")).sofType());
        assertMissing(with(bill(), "sourceOfFunds", ""), "sourceOfFunds.type");
        String bare = parseBill(with(bill(), "sourceOfFunds", "vabca")).requestHash();
        assertEquals(parseBill(bill()).requestHash(), bare);
        assertNotEquals(parseBill(with(bill(), "sourceOfFunds", "vabni")).requestHash(), bare);
        // the merchant's list applies to the bare string too
        ObjectNode body = with(bill(), "url.callbackUrl", "https://merchant.example/cb");
        assertEquals("vabca", parser.parse(with(body, "sourceOfFunds", "vabca").toString(), "BILL", "M2").sofType());
        assertRefused(with(body, "sourceOfFunds", "qris"), "BILL", "M2", "4030001", "Feature not allowed sourceOfFunds.type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"vabca", "vabjb", "vabnc", "vabni", "vabri", "vabsi", "vabtn", "vacimb", "vadanamon", "vadki",
            "vamandiri", "vamaybank", "vamega", "vamuamalat", "vanagari", "vapermata", "finpaybpd", "qris", "ovo", "dana",
            "shopeepay", "linkaja", "linkajawco", "finpaymoney", "jeniuspay", "virgo", "kredivo", "indodana", "octoclicks",
            "permatanet", "finpaycode", "alfamart", "idm", "pospay", "cc"})
    void everyCatalogueTypeIsAccepted(String type) {
        assertEquals(type, parseBill(with(bill(), "sourceOfFunds.type", type)).sofType());
    }

    @Test
    void sofNotEnabledForMerchant() {
        ObjectNode body = with(bill(), "url.callbackUrl", "https://merchant.example/cb");
        assertEquals("vabca", parser.parse(body.toString(), "BILL", "M2").sofType());
        with(body, "sourceOfFunds.type", "qris");
        assertRefused(body, "BILL", "M2", "4030001", "Feature not allowed sourceOfFunds.type");
        // an unknown type is a format error even where the merchant's list would refuse it
        with(body, "sourceOfFunds.type", "bitcoin");
        assertRefused(body, "BILL", "M2", "4000001", "Invalid field format sourceOfFunds.type");
    }

    // ------------------------------------------------------------------ order of errors

    @Test
    void firstErrorInStableOrder() {
        ObjectNode body = bill();
        with(body, "sourceOfFunds.type", "bitcoin");
        with(body, "meta.data", 1);
        with(body, "billing.billerServiceProvider.id", "x");
        with(body, "url.callbackUrl", "ftp://x");
        with(body, "customer.email", "bad");
        with(body, "order.timeout", "0");
        with(body, "order.id", "bad id");
        assertFormat(body, "order.id");
        with(body, "order.id", "OK");
        assertFormat(body, "order.timeout");
        with(body, "order.timeout", REMOVE);
        assertFormat(body, "customer.email");
        with(body, "customer.email", "a@b.co");
        assertFormat(body, "url.callbackUrl");
        with(body, "url.callbackUrl", "https://mitra.example");
        assertFormat(body, "billing.billerServiceProvider.id");
        with(body, "billing.billerServiceProvider.id", "050017");
        assertFormat(body, "meta.data");
        with(body, "meta.data", null);
        assertFormat(body, "sourceOfFunds.type");
    }

    // ------------------------------------------------------------------ request hash

    @Test
    void amountStringOrNumberHashesTheSame() {
        String a = parseBill(with(bill(), "order.amount", "200000")).requestHash();
        String b = parseBill(with(bill(), "order.amount", 200000)).requestHash();
        assertEquals(a, b);
    }

    @Test
    void memberOrderAndWhitespaceDoNotMatter() {
        String compact = PLAIN_EXAMPLE.replaceAll("\\s+", "");
        String reordered = """
                {
                  "url"      : { "callbackUrl" : "https://mitra.example/cb" },
                  "customer" : { "email" : "a@b.co" },
                  "order"    : { "amount" : "15000", "id" : "ORD-1" }
                }
                """;
        String h1 = parser.parse(PLAIN_EXAMPLE, "PLAIN", "M1").requestHash();
        assertEquals(h1, parser.parse(compact, "PLAIN", "M1").requestHash());
        assertEquals(h1, parser.parse(reordered, "PLAIN", "M1").requestHash());
    }

    @Test
    void differentRequestsHashDifferently() {
        String h = parseBill(bill()).requestHash();
        assertNotEquals(h, parseBill(with(bill(), "order.amount", "200001")).requestHash());
        assertNotEquals(h, parseBill(with(bill(), "order.amount", REMOVE)).requestHash());
        assertNotEquals(h, parseBill(with(bill(), "billing.billerServiceProvider.customerId", "123456789012")).requestHash());
        assertNotEquals(h, parseBill(with(bill(), "meta.data", null)).requestHash());
        assertNotEquals(h, parseBill(with(bill(), "sourceOfFunds", REMOVE)).requestHash());
    }

    @Test
    void membersTheHubIgnoresDoNotMakeADifferentRequest() {
        String h = parseBill(bill()).requestHash();
        assertEquals(h, parseBill(with(bill(), "merchant_pwd", "s3cret")).requestHash());
        assertEquals(h, parseBill(with(bill(), "sourceOfFund", "vabni")).requestHash());
        assertEquals(h, parseBill(with(bill(), "order.status", "PAID")).requestHash());
        assertEquals(h, parseBill(with(bill(), "sourceOfFunds.channel", "008")).requestHash());
        assertEquals(h, parseBill(with(bill(), "billing.billerServiceProvider.name", "PLN")).requestHash());
        // the item's "color" is not read either
        ObjectNode noColor = bill();
        ((ObjectNode) noColor.at("/order/item/0")).remove("color");
        assertEquals(h, parseBill(noColor).requestHash());
        // nor is an item the hub keeps nothing of
        ObjectNode colorOnly = bill();
        ((com.fasterxml.jackson.databind.node.ArrayNode) colorOnly.at("/order/item")).addObject().put("color", "blue");
        assertEquals(h, parseBill(colorOnly).requestHash());
        ObjectNode otherItem = bill();
        ((com.fasterxml.jackson.databind.node.ArrayNode) otherItem.at("/order/item")).addObject().put("name", "Meterai");
        assertNotEquals(h, parseBill(otherItem).requestHash());
        // a plain payment ignores billing entirely
        ObjectNode p = plain();
        assertEquals(parser.parse(p.toString(), "PLAIN", "M1").requestHash(),
                parser.parse(with(plain(), "billing.billerServiceProvider.id", "999999").toString(), "PLAIN", "M1").requestHash());
    }

    @Test
    void kindIsPartOfTheHash() {
        ObjectNode body = bill();
        assertNotEquals(parser.parse(body.toString(), "BILL", "M1").requestHash(),
                parser.parse(body.toString(), "PLAIN", "M1").requestHash());
    }

    @Test
    void canonicalJsonSortsMembersAndWritesNumbersAsDecimalStrings() throws Exception {
        JsonNode node = new ObjectMapper()
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .readTree("{\"b\":[3,{\"z\":true,\"a\":null}],\"a\":{\"y\":2e5,\"x\":\"\u00e9/\\\"\"},"
                        + "\"c\":1.50,\"d\":-0.0,\"e\":123456789012345678901234567890}");
        assertEquals("{\"a\":{\"x\":\"\u00e9/\\\"\",\"y\":\"200000\"},\"b\":[\"3\",{\"a\":null,\"z\":true}],"
                + "\"c\":\"1.5\",\"d\":\"0\",\"e\":\"123456789012345678901234567890\"}",
                RequestHash.canonicalJson(node));
    }

    @Test
    void canonicalJsonNumberEqualsDigitStringButNotOtherStrings() {
        ObjectNode n = F.objectNode().put("v", 200000);
        ObjectNode s = F.objectNode().put("v", "200000");
        assertEquals(RequestHash.canonicalJson(n), RequestHash.canonicalJson(s));
        ObjectNode zeros = F.objectNode().put("v", "0200000");
        assertNotEquals(RequestHash.canonicalJson(n), RequestHash.canonicalJson(zeros));
        assertNotEquals(RequestHash.canonicalJson(F.objectNode().put("v", true)),
                RequestHash.canonicalJson(F.objectNode().put("v", "true")));
    }

    @Test
    void hugeExponentDoesNotExpand() {
        String body = PLAIN_EXAMPLE.replace("}}", "}, \"x\": 1e999999999}");
        // the unknown member is ignored, and the canonical text never writes a billion zeros
        InitiateCommand c = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> parser.parse(body, "PLAIN", "M1"));
        assertTrue(c.requestHash().matches("[0-9a-f]{64}"));
        String canonical = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> RequestHash.canonicalJson(new ObjectMapper()
                        .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(body)));
        assertTrue(canonical.length() < 1000, canonical);
    }
}
