package id.loket.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import id.loket.codec.NotificationSigner;
import id.loket.flow.HubClient.Answer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The whole sequence diagram, black-box: the hub on its own port, the sandbox partners reached
 * over real HTTP through the configured endpoints, the Mitra receiver checking signatures.
 */
class BillPaymentFlowTest extends SharedHubTest {

    static final AtomicInteger SEQ = new AtomicInteger();
    final HubClient hub = new HubClient(PORT);

    @Autowired
    JdbcTemplate jdbc;

    static String orderId(String prefix) {
        return prefix + "-" + System.currentTimeMillis() % 100000 + "-" + SEQ.incrementAndGet();
    }

    String billRequest(String orderId, String billNumber, String extraOrder, String sourceOfFunds) {
        return """
                {"order":{"id":"%s"%s,"description":"Tagihan listrik"},
                 "customer":{"id":"cust-77","email":"albert@example.com","firstName":"Albert","mobilePhone":"+6281234567890"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback","successUrl":"%s/sandbox/mitra/return?status=success",
                        "failUrl":"%s/sandbox/mitra/return?status=fail"},
                 "billing":{"billerServiceProvider":{"id":"050017","customerId":"%s"}},
                 "meta":{"data":"invoice \\u00d1o\\u00f1o / 7"}%s}
                """.formatted(orderId, extraOrder, hub.base(), hub.base(), hub.base(), billNumber,
                sourceOfFunds == null ? "" : ",\"sourceOfFunds\":{\"type\":\"" + sourceOfFunds + "\"}");
    }

    @Test
    void aBillIsPaidFromInitiateToASignedNotification() throws Exception {
        String orderId = orderId("INV");
        // A bill number ending ...1100: bill amount 10000 + 100 x 100 = 20000, admin fee 2500.
        String billNumber = "118120000441100";

        // Mitra ->> Finpay : Request Payment; Finpay ->> Mitra : Response Payment URL
        Answer initiated = hub.initiateBill(billRequest(orderId, billNumber, "", null));
        assertThat(initiated.status()).isEqualTo(200);
        JsonNode init = initiated.json();
        assertThat(init.get("responseCode").asText()).isEqualTo("2000000");
        String url = init.get("redirecturl").asText();
        assertThat(url).startsWith(hub.base() + "/pg/payment/card/access/");
        assertThat(init.get("expiryLink").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertThat(init.has("traceId")).isTrue();
        assertThat(init.get("processingTime").isNumber()).isTrue();
        assertThat(hub.statusOf(orderId)).isEqualTo("REQUEST_INITIATED");

        // Customer ->> Finpay : Open Payment URL; the inquiry goes to the biller simulator over HTTP.
        Answer page = hub.openPage(url);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("Rp 22.500").contains("Rp 20.000").contains("Rp 2.500").contains(billNumber);
        assertThat(hub.status(orderId).json().at("/data/order/amount").asLong()).isEqualTo(22500L);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_event e JOIN payment_order o ON o.id = e.order_pk "
                + "WHERE o.order_id = ? AND e.arrow = 'biller-inquiry' AND e.outcome = 'APPROVED'", Integer.class, orderId))
                .isEqualTo(1);

        // Customer ->> Finpay : Request Payment (picks BCA VA); Finpay ->> Finpay : Selected SOF
        Answer chosen = hub.choose(url, "vabca");
        assertThat(chosen.status()).isEqualTo(303);
        JsonNode pending = hub.status(orderId).json().get("data");
        assertThat(pending.at("/result/payment/status").asText()).isEqualTo("PENDING");
        String va = pending.at("/sourceOfFunds/paymentCode").asText();
        assertThat(va).matches("\\d{16}");
        assertThat(hub.openPage(url).body()).contains(va).contains("id=\"copy-code\"");

        // Customer ->> Finpay : Payment Process (pays at the bank; the bank calls the hub back)
        Answer paid = hub.pay(va, "SUCCESS");
        assertThat(paid.status()).isEqualTo(200);

        // alt Payment Success: Finpay ->> Biller : Request Payment; Finpay ->> Mitra : Payment Notification
        JsonNode note = hub.awaitNotification(orderId, n -> "PAID".equals(n.get("status").asText()));
        assertThat(note.get("rawSignatureValid").asBoolean()).isTrue();
        assertThat(note.get("reencodedSignatureValid").asBoolean()).isTrue();
        String raw = note.get("body").asText();
        assertThat(NotificationSigner.verifyRaw(HubClient.KEY, raw)).isTrue();
        assertThat(NotificationSigner.verifyReencoded(HubClient.KEY, raw)).isTrue();
        JsonNode body = HubClient.JSON.readTree(raw);
        assertThat(body.at("/merchant/id").asText()).isEqualTo(HubClient.MERCHANT);
        assertThat(body.at("/customer/id").asText()).isEqualTo("cust-77");
        assertThat(body.at("/order/id").asText()).isEqualTo(orderId);
        assertThat(body.at("/order/amount").isIntegralNumber()).isTrue();
        assertThat(body.at("/order/amount").asLong()).isEqualTo(22500L);
        assertThat(body.at("/meta/data").asText()).isEqualTo("invoice Ñoño / 7");
        assertThat(raw).contains("\\u00d1o\\u00f1o \\/ 7");
        assertThat(body.at("/sourceOfFunds/type").asText()).isEqualTo("vabca");
        assertThat(body.at("/sourceOfFunds/paymentCode").asText()).isEqualTo(va);
        JsonNode flagging = body.at("/result/flagging");
        assertThat(flagging.get("amount").asText()).isEqualTo("22500");
        assertThat(flagging.get("productCode").asText()).isEqualTo("050017");
        assertThat(flagging.get("reffNo").asText()).isNotBlank();
        assertThat(flagging.get("customerName").asText()).isNotBlank();
        assertThat(flagging.get("paymentDateTime").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
        assertThat(raw).endsWith(",\"signature\":\"" + body.get("signature").asText() + "\"}");

        // The biller got exactly one payment message, echoing the inquiry; the customer was charged once.
        JsonNode transactions = hub.billerTransactions(billNumber);
        JsonNode mine = null;
        int count = 0;
        for (JsonNode t : transactions) {
            if (t.get("traxId").asText().equals(jdbc.queryForObject(
                    "SELECT trax_id FROM payment_order WHERE order_id = ?", String.class, orderId))) {
                mine = t;
                count++;
            }
        }
        assertThat(count).isEqualTo(1);
        assertThat(mine.get("resultCode").asText()).isEqualTo("00");
        assertThat(flagging.get("reffNo").asText()).isNotEqualTo(mine.get("traxId").asText());
        String reference = body.at("/order/reference").asText();
        JsonNode charges = hub.sofPayments(reference);
        assertThat(charges).hasSize(1);
        assertThat(charges.get(0).get("amount").asLong()).isEqualTo(22500L);
        assertThat(charges.get(0).get("status").asText()).isEqualTo("PAID");

        // The status endpoint answers with the same data, signed the same way.
        HubClient.stays("one notification", Duration.ofMillis(300), () -> hub.notifications(orderId).size() == 1);
        JsonNode status = hub.status(orderId).json();
        assertThat(status.get("data")).isEqualTo(body);

        // The page shows the paid state and offers the way back to the Mitra.
        String finalPage = hub.openPage(url).body();
        assertThat(finalPage).contains("data-state=\"PAID\"").contains("id=\"back-to-merchant\"");

        // Every arrow left its event row.
        assertThat(jdbc.queryForList("SELECT e.arrow FROM order_event e JOIN payment_order o ON o.id = e.order_pk "
                + "WHERE o.order_id = ? ORDER BY e.id", String.class, orderId))
                .containsSubsequence("mitra-request-payment", "biller-inquiry", "customer-open-payment-url",
                        "selected-sof", "payment-process", "biller-payment", "biller-payment", "payment-notification");
    }
}
