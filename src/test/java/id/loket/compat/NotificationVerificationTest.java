package id.loket.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.loket.flow.HubClient;
import id.loket.order.StatusText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Notifications made by the running hub (paid, declined, refunded, cancelled, expired, refused at
 * the page, through the sandbox end to end), verified by real PHP every way merchant code does it:
 * the raw bytes with the signature member cut out, PHP's default {@code json_encode} of the decoded
 * object and of the associative array, and with {@code JSON_UNESCAPED_SLASHES} (and
 * {@code JSON_UNESCAPED_UNICODE}). The status answer's {@code data.signature} likewise.
 */
class NotificationVerificationTest extends CompatHub {

    static final ObjectMapper JSON = new ObjectMapper();
    static final MitraEndpoint mitra = MITRA.answer("/notify", 200,
            "{\"responseCode\":\"2000000\",\"responseMessage\":\"Success\"}");

    /** A request with Mitra values of our choosing: {@code meta.data} and {@code customer.id}. */
    ObjectNode request(String orderId, String metaData, String customerId) {
        ObjectNode r = JSON.createObjectNode();
        r.putObject("order").put("id", orderId).put("amount", "15000").put("timeout", "600");
        ObjectNode customer = r.putObject("customer").put("email", "budi@example.com");
        if (customerId != null) {
            customer.put("id", customerId);
        }
        r.putObject("url").put("callbackUrl", mitra.url("/notify"));
        r.putObject("meta").put("data", metaData);
        return r;
    }

    ObjectNode bill(ObjectNode request, String billNumber) {
        ((ObjectNode) request.get("order")).remove("amount");
        request.putObject("billing").putObject("billerServiceProvider").put("id", "050017").put("customerId", billNumber);
        return request;
    }

    ObjectNode core(ObjectNode request, String sofType) {
        request.putObject("sourceOfFunds").put("type", sofType);
        return request;
    }

    String paymentCode(HubClient.Answer initiated) {
        assertThat(initiated.status()).as(initiated.body()).isEqualTo(200);
        return initiated.json().get("paymentCode").asText();
    }

    MitraEndpoint.Received awaitNotification(String orderId, String status) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> mitra.forOrder(orderId).stream().filter(r -> status.equals(r.status())).findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }

    /** Every order of this test: the status its notification carries, and its orderId. */
    Map<String, String> finalOrders() {
        Map<String, String> orders = new LinkedHashMap<>();
        // a plain payment paid at a VA
        String paid = orderId("PAID");
        hub.pay(paymentCode(hub.initiatePlain(core(request(paid, "invoice 1001", "cust-42"), "vabca").toString())), "SUCCESS");
        orders.put(paid, "PAID");
        // a bill payment paid, with the biller's flagging
        String bill = orderId("BILL");
        hub.pay(paymentCode(hub.initiateBill(core(bill(request(bill, "bill 7", null), "5555512345"), "vamandiri").toString())),
                "SUCCESS");
        orders.put(bill, "PAID");
        // declined at the SOF
        String declined = orderId("DECL");
        hub.pay(paymentCode(hub.initiatePlain(core(request(declined, "x", null), "vabni").toString())), "DECLINED");
        orders.put(declined, "FAILED");
        // the biller refused the payment: the customer is refunded
        String refunded = orderId("REFD");
        hub.pay(paymentCode(hub.initiateBill(core(bill(request(refunded, null, null), "5555550005"), "vabca").toString())),
                "SUCCESS");
        orders.put(refunded, "REFUNDED");
        // cancelled by the Mitra
        String cancelled = orderId("CNCL");
        assertThat(hub.initiatePlain(request(cancelled, "c", null).toString()).status()).isEqualTo(200);
        assertThat(hub.cancel(cancelled).status()).isEqualTo(200);
        orders.put(cancelled, "CANCELLED");
        // expired unpaid (timeout 1 unit = 1 s here)
        String expired = orderId("EXPD");
        ObjectNode soon = request(expired, "e", null);
        ((ObjectNode) soon.get("order")).put("timeout", "1");
        assertThat(hub.initiatePlain(soon.toString()).status()).isEqualTo(200);
        orders.put(expired, "EXPIRED");
        // a bill the biller does not know, refused when the customer opens the page
        String notFound = orderId("NOTF");
        String url = hub.initiateBill(bill(request(notFound, "n", null), "5555550014").toString()).json().get("redirecturl").asText();
        hub.openPage(url);
        orders.put(notFound, "FAILED");
        return orders;
    }

    @Test
    void everyFinalNotificationVerifiesEveryWayPhpMerchantsCheckIt() {
        Map<String, String> orders = finalOrders();
        List<byte[]> bodies = new ArrayList<>();
        List<String> statusAnswers = new ArrayList<>();
        for (Map.Entry<String, String> o : orders.entrySet()) {
            MitraEndpoint.Received n = awaitNotification(o.getKey(), o.getValue());
            bodies.add(n.bytes());
            assertThat(json(n.body()).at("/result/payment/statusDesc").asText())
                    .as(o.getKey()).matches(StatusText.ALLOWED);
            statusAnswers.add(hub.get("/pg/payment/card/check/" + o.getKey(), HubClient.MERCHANT, HubClient.KEY).body());
        }
        List<JsonNode> verdicts = PhpMerchant.verifyNotifications(HubClient.KEY, bodies);
        List<JsonNode> statusVerdicts = PhpMerchant.verifyStatusAnswers(HubClient.KEY, statusAnswers);
        int i = 0;
        for (String orderId : orders.keySet()) {
            for (String way : PhpMerchant.WAYS) {
                assertThat(verdicts.get(i).get(way).asBoolean()).as(orderId + " notification, " + way + ": "
                        + new String(bodies.get(i))).isTrue();
                assertThat(statusVerdicts.get(i).get(way).asBoolean()).as(orderId + " status data, " + way + ": "
                        + statusAnswers.get(i)).isTrue();
            }
            assertThat(json(statusAnswers.get(i)).at("/data/result/payment/statusDesc").asText()).matches(StatusText.ALLOWED);
            i++;
        }
        // none of these values carries a slash, so no escaped one is on the wire
        assertThat(bodies).allSatisfy(b -> assertThat(new String(b)).doesNotContain("\\/"));
    }

    @Test
    void theStatusDataOfAnOrderNotYetFinalVerifiesToo() {
        String initiated = orderId("INIT");
        assertThat(hub.initiatePlain(request(initiated, "i", null).toString()).status()).isEqualTo(200);
        String pending = orderId("PEND");
        paymentCode(hub.initiatePlain(core(request(pending, "p", null), "vabca").toString()));
        List<String> answers = List.of(hub.get("/pg/payment/card/check/" + initiated, HubClient.MERCHANT, HubClient.KEY).body(),
                hub.get("/pg/payment/card/check/" + pending, HubClient.MERCHANT, HubClient.KEY).body());
        assertThat(json(answers.get(0)).at("/data/result/payment/status").asText()).isEqualTo("REQUEST_INITIATED");
        assertThat(json(answers.get(1)).at("/data/result/payment/status").asText()).isEqualTo("PENDING");
        List<JsonNode> verdicts = PhpMerchant.verifyStatusAnswers(HubClient.KEY, answers);
        for (int i = 0; i < answers.size(); i++) {
            assertThat(json(answers.get(i)).at("/data/result/payment/statusDesc").asText()).matches(StatusText.ALLOWED);
            for (String way : PhpMerchant.WAYS) {
                assertThat(verdicts.get(i).get(way).asBoolean()).as(way + ": " + answers.get(i)).isTrue();
            }
        }
    }

    @Test
    void mitraValuesWithControlCharactersQuotesSlashesAndEmojiVerifyThePhpDefaultWays() {
        StringBuilder controls = new StringBuilder();
        for (char c = 1; c < 0x20; c++) {   // NUL aside: see the report (PostgreSQL refuses it in text)
            controls.append(c);
        }
        String meta = "DEL\u007F " + controls + " \"quoted\" back\\slash a/b https://shop.example/x?y=1 \uD83D\uDE00\uD83D\uDCB0 Ñoño 支付";
        String customerId = "cust/\"42\"\u007F\t\uD83D\uDE00é";
        String orderId = orderId("WILD");
        hub.pay(paymentCode(hub.initiatePlain(core(request(orderId, meta, customerId), "vabca").toString())), "SUCCESS");
        MitraEndpoint.Received n = awaitNotification(orderId, "PAID");
        // passed on exactly as they came
        assertThat(json(n.body()).at("/meta/data").asText()).isEqualTo(meta);
        assertThat(json(n.body()).at("/customer/id").asText()).isEqualTo(customerId);
        String status = hub.get("/pg/payment/card/check/" + orderId, HubClient.MERCHANT, HubClient.KEY).body();

        JsonNode verdict = PhpMerchant.verifyNotifications(HubClient.KEY, List.of(n.bytes())).get(0);
        JsonNode statusVerdict = PhpMerchant.verifyStatusAnswers(HubClient.KEY, List.of(status)).get(0);
        for (String way : List.of("raw", "object", "assoc")) {
            assertThat(verdict.get(way).asBoolean()).as(way + ": " + n.body()).isTrue();
            assertThat(statusVerdict.get(way).asBoolean()).as(way + ": " + status).isTrue();
        }
        // the Mitra's own slash and emoji are its values, passed on: re-encoding them otherwise cannot agree
        assertThat(verdict.get("unescapedSlashes").asBoolean()).isFalse();
        assertThat(verdict.get("unescapedSlashesAndUnicode").asBoolean()).isFalse();
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
