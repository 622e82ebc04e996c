package id.loket.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import id.loket.flow.HubClient.Answer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The ways a payment can end other than PAID, and the Mitra API's refusals, all over HTTP. */
class PaymentScenariosTest extends ExpiringHubTest {

    static final AtomicInteger SEQ = new AtomicInteger();
    final HubClient hub = new HubClient(PORT);

    @Autowired
    JdbcTemplate jdbc;

    static String orderId(String prefix) {
        return prefix + "-" + System.currentTimeMillis() % 100000 + "-" + SEQ.incrementAndGet();
    }

    /** A bill payment request; {@code timeout} is in units of hub.order.timeout-unit (1 s in this test). */
    String bill(String orderId, String billNumber, String extra) {
        return """
                {"order":{"id":"%s","timeout":"600"%s},"customer":{"email":"budi@example.com"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"},
                 "billing":{"billerServiceProvider":{"id":"050017","customerId":"%s"}}}
                """.formatted(orderId, extra, hub.base(), billNumber);
    }

    String bill(String orderId, String billNumber) {
        return bill(orderId, billNumber, "");
    }

    String core(String orderId, String billNumber, String sof) {
        return """
                {"order":{"id":"%s"},"customer":{"email":"budi@example.com"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"},
                 "billing":{"billerServiceProvider":{"id":"050017","customerId":"%s"}},
                 "sourceOfFunds":{"type":"%s"}}
                """.formatted(orderId, hub.base(), billNumber, sof);
    }

    String url(Answer initiated) {
        assertThat(initiated.status()).as(initiated.body()).isEqualTo(200);
        return initiated.json().get("redirecturl").asText();
    }

    String reference(String orderId) {
        return jdbc.queryForObject("SELECT reference FROM payment_order WHERE order_id = ?", String.class, orderId);
    }

    /** Opens the page, picks a VA and returns its number. */
    String chooseVa(String orderId, String url) {
        assertThat(hub.choose(url, "vamandiri").status()).isEqualTo(303);
        return hub.status(orderId).json().at("/data/sourceOfFunds/paymentCode").asText();
    }

    @Test
    void aBillTheBillerDoesNotKnowIsRefusedOnThePageAndNothingIsCharged() {
        String orderId = orderId("NF");
        String url = url(hub.initiateBill(bill(orderId, "5555550014")));

        Answer page = hub.openPage(url);
        assertThat(page.body()).contains("data-state=\"BILL_NOT_FOUND\"").doesNotContain("id=\"sof-form\"");
        assertThat(hub.statusOf(orderId)).isEqualTo("FAILED");
        // A forged form post to the refused order charges nothing either.
        HubClient.Answer forged = hub.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/sof"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("sofType=vabca&csrf=00")));
        assertThat(forged.status()).isLessThan(500);
        assertThat(hub.sofPayments(reference(orderId))).isEmpty();
        assertThat(hub.billerTransactions("5555550014")).isEmpty();
        JsonNode note = hub.awaitNotification(orderId, n -> "FAILED".equals(n.get("status").asText()));
        assertThat(note.get("signatureValid").asBoolean()).isTrue();
    }

    @Test
    void aBillAlreadyPaidIsRefusedOnThePageAndNothingIsCharged() {
        String orderId = orderId("AP");
        String url = url(hub.initiateBill(bill(orderId, "5555550088")));

        assertThat(hub.openPage(url).body()).contains("data-state=\"BILL_ALREADY_PAID\"").doesNotContain("id=\"sof-form\"");
        assertThat(hub.statusOf(orderId)).isEqualTo("FAILED");
        assertThat(hub.sofPayments(reference(orderId))).isEmpty();
        assertThat(hub.billerTransactions("5555550088")).isEmpty();
    }

    @Test
    void aDeclinedPaymentFailsTheOrderWithoutAnyBillerPaymentMessage() {
        String orderId = orderId("DC");
        String billNumber = "5555512345";
        String url = url(hub.initiateBill(bill(orderId, billNumber)));
        hub.openPage(url);
        String va = chooseVa(orderId, url);
        int before = hub.billerTransactions(billNumber).size();

        assertThat(hub.pay(va, "DECLINED").status()).isEqualTo(200);

        JsonNode note = hub.awaitNotification(orderId, n -> "FAILED".equals(n.get("status").asText()));
        assertThat(note.get("signatureValid").asBoolean()).isTrue();
        assertThat(hub.statusOf(orderId)).isEqualTo("FAILED");
        assertThat(hub.billerTransactions(billNumber)).hasSize(before);
        assertThat(jdbc.queryForObject("SELECT trax_id FROM payment_order WHERE order_id = ?", String.class, orderId)).isNull();
        assertThat(hub.openPage(url).body()).contains("data-state=\"FAILED\"");
    }

    @Test
    void aBillerRefusalReturnsTheFundsAndEndsRefunded() {
        String orderId = orderId("RF");
        String billNumber = "5555550005";
        String url = url(hub.initiateBill(bill(orderId, billNumber)));
        assertThat(hub.openPage(url).body()).contains("Rp 10.500").contains("Rp 2.500").contains("Rp 13.000");
        String va = chooseVa(orderId, url);

        assertThat(hub.pay(va, "SUCCESS").status()).isEqualTo(200);

        JsonNode note = hub.awaitNotification(orderId, n -> "REFUNDED".equals(n.get("status").asText()));
        assertThat(note.get("signatureValid").asBoolean()).isTrue();
        String traxId = jdbc.queryForObject("SELECT trax_id FROM payment_order WHERE order_id = ?", String.class, orderId);
        JsonNode messages = hub.billerTransactions(billNumber);
        long mine = 0;
        for (JsonNode m : messages) {
            if (m.get("traxId").asText().equals(traxId)) {
                mine++;
                assertThat(m.get("resultCode").asText()).isEqualTo("05");
            }
        }
        assertThat(mine).isEqualTo(1);
        JsonNode charges = hub.sofPayments(reference(orderId));
        assertThat(charges).hasSize(1);
        assertThat(charges.get(0).get("refunded").asBoolean()).isTrue();
        assertThat(charges.get(0).get("refundAmount").asLong()).isEqualTo(13000L);
        assertThat(hub.openPage(url).body()).contains("data-state=\"REFUNDED\"");
    }

    @Test
    void aBillerThatNeverAnswersIsRepeatedWithTheSameTraxIdThenFlaggedAndNothingIsRefunded() {
        String orderId = orderId("TO");
        String billNumber = "5555550100";
        String url = url(hub.initiateBill(bill(orderId, billNumber)));
        hub.openPage(url);
        String va = chooseVa(orderId, url);

        assertThat(hub.pay(va, "SUCCESS").status()).isEqualTo(200);

        // The first message and two repeats (hub.biller.repeat-delays=300ms,300ms), then manual review.
        HubClient.await(() -> jdbc.queryForObject("SELECT COUNT(*) FROM order_event e JOIN payment_order o ON o.id = e.order_pk"
                + " WHERE o.order_id = ? AND e.arrow = 'manual-review'", Integer.class, orderId) == 1 ? true : null,
                "the order to be flagged for review");
        assertThat(hub.statusOf(orderId)).isEqualTo("PROCESSING");
        assertThat(jdbc.queryForObject("SELECT needs_review FROM payment_order WHERE order_id = ?", Boolean.class, orderId))
                .isTrue();
        // The hub hung up after hub.biller.timeout (1.5 s here), well before the simulator's 4 s hold ended.
        assertThat(jdbc.queryForList("SELECT e.detail FROM order_event e JOIN payment_order o ON o.id = e.order_pk"
                + " WHERE o.order_id = ? AND e.arrow = 'biller-payment' AND e.outcome = 'UNKNOWN'", String.class, orderId))
                .hasSize(3).allSatisfy(d -> assertThat(d).containsIgnoringCase("timeout"));
        String traxId = jdbc.queryForObject("SELECT trax_id FROM payment_order WHERE order_id = ?", String.class, orderId);
        JsonNode messages = hub.billerTransactions(billNumber);
        int mine = 0;
        int repeats = 0;
        for (JsonNode m : messages) {
            if (m.get("traxId").asText().equals(traxId)) {
                mine++;
                repeats += "REPEAT".equals(m.path("addInfo1").asText()) ? 1 : 0;
            }
        }
        assertThat(mine).isEqualTo(3);
        assertThat(repeats).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT trax_id) FROM payment_order WHERE order_id = ?", Integer.class, orderId))
                .isEqualTo(1);
        assertThat(hub.sofPayments(reference(orderId)).get(0).get("refunded").asBoolean()).isFalse();
        assertThat(hub.notifications(orderId)).isEmpty();
        assertThat(hub.openPage(url).body()).contains("data-state=\"PROCESSING\"");
        // The operator sees it in the metrics too.
        String metrics = hub.get("/actuator/prometheus", null, null).body();
        assertThat(HubClient.find(metrics, "loket_orders_manual_review_total(?:\\{[^}]*\\})? ([0-9.]+)")).isNotEqualTo("0.0");
    }

    @Test
    void aBillerThatAnswersOnlyTheRepeatEndsPaidOrRefundedWithOneTraxId() {
        String paidId = orderId("R68");
        String refundedId = orderId("R69");
        String paidUrl = url(hub.initiateBill(bill(paidId, "5555550068")));
        String refundedUrl = url(hub.initiateBill(bill(refundedId, "5555550069")));
        hub.openPage(paidUrl);
        hub.openPage(refundedUrl);
        hub.pay(chooseVa(paidId, paidUrl), "SUCCESS");
        hub.pay(chooseVa(refundedId, refundedUrl), "SUCCESS");

        hub.awaitNotification(paidId, n -> "PAID".equals(n.get("status").asText()));
        hub.awaitNotification(refundedId, n -> "REFUNDED".equals(n.get("status").asText()));
        for (String[] c : new String[][] {{paidId, "5555550068", "00"}, {refundedId, "5555550069", "05"}}) {
            String traxId = jdbc.queryForObject("SELECT trax_id FROM payment_order WHERE order_id = ?", String.class, c[0]);
            java.util.List<String> results = new java.util.ArrayList<>();
            for (JsonNode m : hub.billerTransactions(c[1])) {
                if (m.get("traxId").asText().equals(traxId)) {
                    results.add(m.get("resultCode").isNull() ? null : m.get("resultCode").asText());
                }
            }
            assertThat(results).as(c[0]).containsExactly(null, c[2]);
        }
        assertThat(hub.sofPayments(reference(refundedId)).get(0).get("refunded").asBoolean()).isTrue();
        assertThat(hub.sofPayments(reference(paidId)).get(0).get("refunded").asBoolean()).isFalse();
    }

    @Test
    void aMitraCancelsBeforePaymentTheVaIsClosedAndTheMitraIsNotified() {
        String orderId = orderId("CN");
        String url = url(hub.initiateBill(bill(orderId, "5555522222")));
        hub.openPage(url);
        String va = chooseVa(orderId, url);

        Answer cancelled = hub.cancel(orderId);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().at("/data/result/payment/status").asText()).isEqualTo("CANCELLED");

        assertThat(hub.pay(va, "SUCCESS").status()).isEqualTo(409);
        hub.awaitNotification(orderId, n -> "CANCELLED".equals(n.get("status").asText()));
        assertThat(hub.openPage(url).body()).contains("data-state=\"CANCELLED\"");
        assertThat(hub.sofPayments(reference(orderId)).get(0).get("status").asText()).isEqualTo("CLOSED");

        Answer again = hub.cancel(orderId);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.json().get("responseCode").asText()).isEqualTo("4040100");
    }

    @Test
    void aPaidOrderCannotBeCancelled() {
        String orderId = orderId("CP");
        String url = url(hub.initiateBill(bill(orderId, "5555533333")));
        hub.openPage(url);
        String va = chooseVa(orderId, url);
        hub.pay(va, "SUCCESS");
        hub.awaitStatus(orderId, "PAID");

        Answer cancel = hub.cancel(orderId);
        assertThat(cancel.status()).isEqualTo(404);
        assertThat(cancel.json().get("responseCode").asText()).isEqualTo("4040100");
        assertThat(hub.statusOf(orderId)).isEqualTo("PAID");
    }

    @Test
    void anOrderExpiresWhenItsTimeoutPassesUnpaidAndItsVaIsClosed() {
        String orderId = orderId("EX");
        String url = url(hub.initiateBill(bill(orderId, "5555544444").replace("\"timeout\":\"600\"", "\"timeout\":\"3\"")));
        hub.openPage(url);
        String va = chooseVa(orderId, url);

        hub.awaitNotification(orderId, n -> "EXPIRED".equals(n.get("status").asText()));
        assertThat(hub.statusOf(orderId)).isEqualTo("EXPIRED");
        assertThat(hub.pay(va, "SUCCESS").status()).isEqualTo(409);
        assertThat(hub.openPage(url).body()).contains("data-state=\"EXPIRED\"");
    }

    @Test
    void wrongCredentialsAreRefusedTheSameWayForAWrongKeyAndAnUnknownMerchant() {
        String body = bill(orderId("AU"), "5555555555");
        Answer wrongKey = hub.post("/sof/bp/paymentCard", body, HubClient.MERCHANT, "not-the-key");
        Answer unknown = hub.post("/sof/bp/paymentCard", body, "NOBODY", HubClient.KEY);
        Answer none = hub.post("/sof/bp/paymentCard", body, null, null);
        for (Answer a : new Answer[] {wrongKey, unknown, none}) {
            assertThat(a.status()).isEqualTo(401);
            assertThat(a.json().get("responseCode").asText()).isEqualTo("4010000");
            assertThat(a.json().get("responseMessage").asText()).isEqualTo("Unauthorized");
        }
        assertThat(hub.get("/sof/bp/checkCard/whatever", HubClient.MERCHANT, "nope").status()).isEqualTo(401);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM payment_order WHERE order_id LIKE 'AU-%'", Integer.class)).isZero();
    }

    @Test
    void anUnknownOrderIsNotFound() {
        for (Answer a : new Answer[] {hub.status("NO-SUCH-ORDER"), hub.cancel("NO-SUCH-ORDER"),
                hub.get("/pg/payment/card/check/NO-SUCH-ORDER", HubClient.MERCHANT, HubClient.KEY)}) {
            assertThat(a.status()).isEqualTo(404);
            assertThat(a.json().get("responseCode").asText()).isEqualTo("4040001");
        }
        Answer page = hub.openPage(hub.base() + "/pg/payment/card/access/0000000000000000000000000000000000000000000000000000000000000000");
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).contains("data-state=\"NOT_FOUND\"");
    }

    @Test
    void coreModeInquiresAtInitiateAndAnswersTheVaNumber() {
        String orderId = orderId("CO");
        Answer initiated = hub.initiateBill(core(orderId, "5555512300", "vabni"));
        assertThat(initiated.status()).as(initiated.body()).isEqualTo(200);
        String va = initiated.json().get("paymentCode").asText();
        assertThat(va).matches("\\d{16}");
        JsonNode data = hub.status(orderId).json().get("data");
        assertThat(data.at("/result/payment/status").asText()).isEqualTo("PENDING");
        assertThat(data.at("/order/amount").asLong()).isEqualTo(10000 + 100 * 300 + 2500);
        assertThat(data.at("/sourceOfFunds/paymentCode").asText()).isEqualTo(va);

        // The same request again is the same answer; another request with that order id is refused.
        Answer replay = hub.initiateBill(core(orderId, "5555512300", "vabni"));
        assertThat(replay.json().get("paymentCode").asText()).isEqualTo(va);
        assertThat(replay.json().get("redirecturl").asText()).isEqualTo(initiated.json().get("redirecturl").asText());
        assertThat(replay.json().get("traceId").asText()).isNotEqualTo(initiated.json().get("traceId").asText());
        Answer conflict = hub.initiateBill(core(orderId, "5555512301", "vabni"));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.json().get("responseCode").asText()).isEqualTo("4090001");

        hub.pay(va, "SUCCESS");
        JsonNode note = hub.awaitNotification(orderId, n -> "PAID".equals(n.get("status").asText()));
        assertThat(note.get("signatureValid").asBoolean()).isTrue();
    }

    @Test
    void coreModeQrisAnswersTheQrString() {
        String orderId = orderId("QR");
        Answer initiated = hub.initiateBill(core(orderId, "5555512301", "qris"));
        assertThat(initiated.status()).as(initiated.body()).isEqualTo(200);
        assertThat(initiated.json().get("paymentCode").asText()).isNotBlank();
        String qr = initiated.json().get("stringQr").asText();
        assertThat(qr).startsWith("000201").contains("5303360").contains("540542600");
    }

    @Test
    void coreModeWithABillThatCannotBePaidStoresNoOrder() {
        String orderId = orderId("CF");
        Answer notFound = hub.initiateBill(core(orderId, "5555550014", "vabca"));
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.json().get("responseCode").asText()).isEqualTo("4040002");
        Answer paid = hub.initiateBill(core(orderId, "5555550088", "vabca"));
        assertThat(paid.status()).isEqualTo(409);
        assertThat(paid.json().get("responseCode").asText()).isEqualTo("4090002");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM payment_order WHERE order_id = ?", Integer.class, orderId)).isZero();

        // A retry with the same order id is a fresh attempt.
        assertThat(hub.initiateBill(core(orderId, "5555550123", "vabca")).status()).isEqualTo(200);
    }

    @Test
    void coreModeRefusesAnAmountThatDiffersFromTheBill() {
        String orderId = orderId("AM");
        String body = core(orderId, "5555512300", "vabca").replace("\"order\":{\"id\":\"" + orderId + "\"}",
                "\"order\":{\"id\":\"" + orderId + "\",\"amount\":\"10000\"}");
        Answer refused = hub.initiateBill(body);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("responseCode").asText()).isEqualTo("4000001");
        assertThat(refused.json().get("responseMessage").asText()).contains("order.amount");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM payment_order WHERE order_id = ?", Integer.class, orderId)).isZero();
    }

    @Test
    void aHostedPageRefusesToChargeAnAmountThatDiffersFromTheBill() {
        String orderId = orderId("HM");
        String url = url(hub.initiateBill(bill(orderId, "5555512300", ",\"amount\":\"10000\"")));
        assertThat(hub.openPage(url).body()).contains("data-state=\"AMOUNT_MISMATCH\"").doesNotContain("id=\"sof-form\"");
        assertThat(hub.statusOf(orderId)).isEqualTo("FAILED");
        assertThat(hub.sofPayments(reference(orderId))).isEmpty();
    }

    @Test
    void aPlainPaymentIsPaidWithoutAnyBiller() {
        String orderId = orderId("PL");
        String url = url(hub.initiatePlain("""
                {"order":{"id":"%s","amount":"75000","description":"Pulsa"},"customer":{"email":"sari@example.com"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"}}""".formatted(orderId, hub.base())));
        assertThat(hub.openPage(url).body()).contains("Rp 75.000");
        assertThat(hub.choose(url, "finpaycode").status()).isEqualTo(303);
        String code = hub.status(orderId).json().at("/data/sourceOfFunds/paymentCode").asText();
        hub.pay(code, "SUCCESS");
        JsonNode note = hub.awaitNotification(orderId, n -> "PAID".equals(n.get("status").asText()));
        assertThat(note.get("signatureValid").asBoolean()).isTrue();
        assertThat(note.get("body").asText()).doesNotContain("flagging");
        // The plain status path answers for it too.
        assertThat(hub.get("/pg/payment/card/check/" + orderId, HubClient.MERCHANT, HubClient.KEY).json()
                .at("/data/result/payment/status").asText()).isEqualTo("PAID");
    }

    @Test
    void aCardIsPaidOnTheProviderPageAndTheCustomerComesBack() {
        String orderId = orderId("CC");
        String url = url(hub.initiateBill(bill(orderId, "5555512999")));
        hub.openPage(url);
        assertThat(hub.choose(url, "cc").status()).isEqualTo(303);
        String page = hub.openPage(url).body();
        String provider = HubClient.find(page, "id=\"continue-to-provider\"[^>]* href=\"([^\"]+)\"").replace("&amp;", "&");
        assertThat(hub.openPage(provider).status()).isEqualTo(200);

        Answer submitted = hub.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(provider))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "cardNumber=4111111111111111&cardExpiry=12%2F30&cardCvv=123&cardName=BUDI")));
        assertThat(submitted.status()).isEqualTo(303);
        assertThat(submitted.header("Location")).isEqualTo(url);
        hub.awaitNotification(orderId, n -> "PAID".equals(n.get("status").asText()));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_event WHERE detail LIKE '%4111111111111111%'", Integer.class))
                .isZero();
    }

    @Test
    void anEWalletPaymentIsApprovedInTheWalletAndADeclinedOneFails() {
        String approvedId = orderId("EW");
        String url = url(hub.initiateBill(bill(approvedId, "5555512777")));
        hub.openPage(url);
        assertThat(hub.choose(url, "ovo").status()).isEqualTo(303);
        String wallet = HubClient.find(hub.openPage(url).body(), "id=\"continue-to-provider\"[^>]* href=\"([^\"]+)\"");
        Answer approved = hub.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(wallet))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("action=approve")));
        assertThat(approved.status()).isEqualTo(303);
        assertThat(approved.header("Location")).isEqualTo(url);
        hub.awaitNotification(approvedId, n -> "PAID".equals(n.get("status").asText()));

        String declinedId = orderId("EW");
        String url2 = url(hub.initiateBill(bill(declinedId, "5555512778")));
        hub.openPage(url2);
        hub.choose(url2, "dana");
        String wallet2 = HubClient.find(hub.openPage(url2).body(), "id=\"continue-to-provider\"[^>]* href=\"([^\"]+)\"");
        hub.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(wallet2))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("action=decline")));
        hub.awaitNotification(declinedId, n -> "FAILED".equals(n.get("status").asText()));
        assertThat(hub.billerTransactions("5555512778")).isEmpty();
    }
}
