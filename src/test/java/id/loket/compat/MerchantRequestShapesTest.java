package id.loket.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.loket.flow.HubClient;
import id.loket.flow.HubClient.Answer;
import id.loket.flow.SharedHubTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Initiate requests shaped the way public merchant code sends them to Finpay (contract section 2,
 * "What real clients send"): each is accepted with the meaning of its documented twin, is one
 * request with that twin for idempotency (the same {@code redirecturl} back; anything else under
 * the order id is 4090001), and comes back from the hub only in documented shapes.
 */
class MerchantRequestShapesTest extends SharedHubTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final HubClient hub = new HubClient(PORT);

    @Autowired
    JdbcTemplate jdbc;

    String callback() {
        return hub.base() + "/sandbox/mitra/callback";
    }

    /** A WooCommerce order number as the order id and the total as a JSON number, as a WooCommerce plugin sends them. */
    String wooCommerce(Object id, Object amount) {
        return """
                {"order":{"id":%s,"amount":%s,"description":"WooCommerce order"},
                 "customer":{"email":"wati@example.com","firstName":"Wati"},
                 "url":{"callbackUrl":"%s","successUrl":"https://shop.example/checkout/order-received"}}"""
                .formatted(JSON.valueToTree(id), JSON.valueToTree(amount), callback());
    }

    @Test
    void anIntegerOrderIdAndANumericAmountAreTheirDecimalStrings() {
        Answer first = hub.initiatePlain(wooCommerce(1001, 15000));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("responseCode").asText()).isEqualTo("2000000");
        String url = first.json().get("redirecturl").asText();

        // the documented twin is the same request: the same payment URL again, one order
        Answer twin = hub.initiatePlain(wooCommerce("1001", "15000"));
        assertThat(twin.status()).as(twin.body()).isEqualTo(200);
        assertThat(twin.json().get("redirecturl").asText()).isEqualTo(url);
        assertThat(hub.initiatePlain(wooCommerce(1001, 15000)).json().get("redirecturl").asText()).isEqualTo(url);
        assertThat(rows("1001")).isEqualTo(1);
        // a different request under that order id, in either shape, is refused
        for (String other : new String[] {wooCommerce(1001, 15001), wooCommerce("1001", 16000)}) {
            Answer conflict = hub.initiatePlain(other);
            assertThat(conflict.status()).isEqualTo(409);
            assertThat(conflict.json().get("responseCode").asText()).isEqualTo("4090001");
        }
        // leading zeros make another id
        assertThat(hub.initiatePlain(wooCommerce("01001", 15000)).json().get("redirecturl").asText()).isNotEqualTo(url);

        // the status answer and the notification carry the id as a string, the amount as an integer
        JsonNode data = hub.get("/pg/payment/card/check/1001", HubClient.MERCHANT, HubClient.KEY).json().get("data");
        assertThat(data.at("/order/id").isTextual()).isTrue();
        assertThat(data.at("/order/id").asText()).isEqualTo("1001");
        assertThat(data.at("/order/amount").isIntegralNumber()).isTrue();
        assertThat(data.at("/order/amount").asLong()).isEqualTo(15000);
        assertThat(hub.status("1001").json().at("/data/order/id").isTextual()).isTrue();

        assertThat(hub.choose(url, "alfamart").status()).isEqualTo(303);
        String code = hub.status("1001").json().at("/data/sourceOfFunds/paymentCode").asText();
        assertThat(hub.pay(code, "SUCCESS").status()).isEqualTo(200);
        JsonNode note = paid("1001");
        assertThat(note.get("signatureValid").asBoolean()).isTrue();
        JsonNode body = json(note.get("body").asText());
        assertThat(body.at("/order/id").isTextual()).isTrue();
        assertThat(body.at("/order/id").asText()).isEqualTo("1001");
        assertThat(body.at("/order/amount").asLong()).isEqualTo(15000);
        assertThat(note.get("body").asText()).contains("\"order\":{\"id\":\"1001\",");
    }

    @Test
    void anIntegerOrderIdFollowsTheStringRules() {
        for (String bad : new String[] {"-1002", "1002.5", "1002.0", "1e3", "9".repeat(31)}) {
            String body = wooCommerce(0, 15000).replace("\"id\":0", "\"id\":" + bad);
            Answer refused = hub.initiatePlain(body);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.json().get("responseCode").asText()).isEqualTo("4000001");
            assertThat(refused.json().get("responseMessage").asText()).isEqualTo("Invalid field format order.id");
        }
        // under any reading of the refused ids (the hub is shared: other tests' orders are there too)
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM payment_order WHERE order_id IN"
                + " ('-1002', '1002.5', '1002.0', '1002', '1e3', '1000', ?)", Integer.class, "9".repeat(31))).isZero();
        // thirty digits is still an id
        Answer longest = hub.initiatePlain(wooCommerce(new java.math.BigInteger("9".repeat(30)), 15000));
        assertThat(longest.status()).as(longest.body()).isEqualTo(200);
        assertThat(hub.status("9".repeat(30)).json().at("/data/order/id").asText()).isEqualTo("9".repeat(30));
    }

    /** A bare-string source of funds, as a public Next.js shop's Finpay client sends it, in core mode. */
    String nextJs(String orderId, String sourceOfFunds) {
        return """
                {"order":{"id":"%s","amount":15000},"customer":{"email":"rudi@example.com","mobilePhone":"+6281234567890"},
                 "url":{"callbackUrl":"%s"},"sourceOfFunds":%s}""".formatted(orderId, callback(), sourceOfFunds);
    }

    @Test
    void aBareStringSourceOfFundsIsItsType() {
        Answer first = hub.initiatePlain(nextJs("NEXT-1", "\"vabca\""));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        String va = first.json().get("paymentCode").asText();
        assertThat(va).matches("\\d{16}");

        Answer twin = hub.initiatePlain(nextJs("NEXT-1", "{\"type\":\"vabca\"}"));
        assertThat(twin.status()).as(twin.body()).isEqualTo(200);
        assertThat(twin.json().get("redirecturl").asText()).isEqualTo(first.json().get("redirecturl").asText());
        assertThat(twin.json().get("paymentCode").asText()).isEqualTo(va);
        for (String other : new String[] {"\"vabni\"", "{\"type\":\"vabni\"}", "null"}) {
            Answer conflict = hub.initiatePlain(nextJs("NEXT-1", other));
            assertThat(conflict.status()).as(other).isEqualTo(409);
            assertThat(conflict.json().get("responseCode").asText()).isEqualTo("4090001");
        }
        assertThat(hub.sofPayments(reference("NEXT-1"))).hasSize(1);

        // the same rules as the object: outside the catalogue, and not a string or object at all
        Answer unknown = hub.initiatePlain(nextJs("NEXT-2", "\"gopay\""));
        assertThat(unknown.json().get("responseCode").asText()).isEqualTo("4000001");
        assertThat(unknown.json().get("responseMessage").asText()).isEqualTo("Invalid field format sourceOfFunds.type");
        Answer number = hub.initiatePlain(nextJs("NEXT-2", "7"));
        assertThat(number.json().get("responseMessage").asText()).isEqualTo("Invalid field format sourceOfFunds");
        assertThat(rows("NEXT-2")).isZero();

        // the hub writes the documented object back
        JsonNode data = hub.get("/pg/payment/card/check/NEXT-1", HubClient.MERCHANT, HubClient.KEY).json().get("data");
        assertThat(data.get("sourceOfFunds").isObject()).isTrue();
        assertThat(data.at("/sourceOfFunds/type").asText()).isEqualTo("vabca");
        hub.pay(va, "SUCCESS");
        JsonNode body = json(paid("NEXT-1").get("body").asText());
        assertThat(body.at("/sourceOfFunds/type").asText()).isEqualTo("vabca");
        assertThat(body.at("/sourceOfFunds/channel").asText()).isEqualTo("014");
        assertThat(body.at("/sourceOfFunds/paymentCode").asText()).isEqualTo(va);
    }

    @Test
    void aBareStringSourceOfFundsPaysABillInCoreMode() {
        String body = """
                {"order":{"id":2001},"customer":{"email":"rudi@example.com"},"url":{"callbackUrl":"%s"},
                 "billing":{"billerServiceProvider":{"id":"050017","customerId":"5555512345"}},
                 "sourceOfFunds":"shopeepay"}""".formatted(callback());
        Answer first = hub.initiateBill(body);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        Answer twin = hub.initiateBill(body.replace("{\"id\":2001}", "{\"id\":\"2001\"}")
                .replace("\"shopeepay\"}", "{\"type\":\"shopeepay\"}}"));
        assertThat(twin.json().get("redirecturl").asText()).isEqualTo(first.json().get("redirecturl").asText());
        assertThat(twin.json().get("paymentCode").asText()).isEqualTo(first.json().get("paymentCode").asText());

        hub.pay(first.json().get("paymentCode").asText(), "SUCCESS");
        JsonNode note = paid("2001");
        assertThat(note.get("signatureValid").asBoolean()).isTrue();
        JsonNode sent = json(note.get("body").asText());
        assertThat(sent.at("/order/id").asText()).isEqualTo("2001");
        assertThat(sent.at("/order/amount").asLong()).isEqualTo(10000 + 100 * 345 + 2500);
        assertThat(sent.at("/sourceOfFunds/type").asText()).isEqualTo("shopeepay");
        assertThat(sent.at("/sourceOfFunds/channel").asText()).isEqualTo("shopeepay");
        assertThat(sent.at("/result/flagging/amount").asText()).isEqualTo(String.valueOf(10000 + 100 * 345 + 2500));
    }

    /** The documented request, with members public merchant code adds that the hub does not know. */
    String withUnknowns(String orderId, String unknowns) {
        return """
                {"merchant_id":"FINPAY770",%s"order":{"id":"%s","amount":"25000","status":"PAID"},
                 "customer":{"email":"ani@example.com","nickname":"ani"},
                 "url":{"callbackUrl":"%s","notifyUrl":"https://shop.example/notify"}}"""
                .formatted(unknowns, orderId, callback());
    }

    @Test
    void membersTheHubDoesNotKnowAreIgnored() {
        String unknowns = "\"merchant_pwd\":\"s3cret\",\"sourceOfFund\":\"vabca\",\"timestamp\":1732512000,";
        Answer first = hub.initiatePlain(withUnknowns("UNK-1", unknowns));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        // sourceOfFund is not sourceOfFunds: the customer still picks on the hosted page
        assertThat(first.json().has("paymentCode")).isFalse();
        String url = first.json().get("redirecturl").asText();
        assertThat(hub.openPage(url).body()).contains("id=\"sof-form\"");
        // its documented twin, and the same request with other unknown values, are the same request
        String documented = """
                {"order":{"id":"UNK-1","amount":"25000"},"customer":{"email":"ani@example.com"},
                 "url":{"callbackUrl":"%s"}}""".formatted(callback());
        assertThat(hub.initiatePlain(documented).json().get("redirecturl").asText()).isEqualTo(url);
        assertThat(hub.initiatePlain(withUnknowns("UNK-1", "\"merchant_pwd\":\"other\",")).json()
                .get("redirecturl").asText()).isEqualTo(url);
        Answer conflict = hub.initiatePlain(documented.replace("25000", "25001"));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.json().get("responseCode").asText()).isEqualTo("4090001");

        // nothing of it is kept or echoed; the client's "status" set nothing
        JsonNode answer = hub.get("/pg/payment/card/check/UNK-1", HubClient.MERCHANT, HubClient.KEY).json();
        assertThat(answer.at("/data/result/payment/status").asText()).isNotEqualTo("PAID");
        assertThat(answer.toString()).doesNotContain("s3cret", "merchant_pwd", "sourceOfFund\"", "nickname", "notifyUrl");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM payment_order WHERE order_id = 'UNK-1'"
                + " AND (sof_type IS NOT NULL OR status = 'PAID')", Integer.class)).isZero();
    }

    int rows(String orderId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM payment_order WHERE order_id = ?", Integer.class, orderId);
    }

    String reference(String orderId) {
        return jdbc.queryForObject("SELECT reference FROM payment_order WHERE order_id = ?", String.class, orderId);
    }

    JsonNode paid(String orderId) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (JsonNode n : hub.notifications(orderId)) {
                if ("PAID".equals(n.get("status").asText())) {
                    return n;
                }
            }
            return null;
        }, n -> n != null);
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
