package id.loket.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import id.loket.flow.HubClient;
import id.loket.flow.HubClient.Answer;
import id.loket.flow.SharedHubTest;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /ops/api/health} and the flow diagram, black-box: payments through the sandbox, then
 * what an operator reads. The shared hub may have served other tests before, so every figure is
 * compared with the one read before this test's payments.
 */
class OpsHealthTest extends SharedHubTest {

    static final AtomicInteger SEQ = new AtomicInteger();
    final HubClient hub = new HubClient(PORT);

    static String orderId(String prefix) {
        return prefix + "-" + System.currentTimeMillis() % 100000 + "-" + SEQ.incrementAndGet();
    }

    JsonNode health() {
        Answer a = hub.get("/ops/api/health", "ops", "ops-secret");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.header("Content-Type")).startsWith("application/json");
        return a.json();
    }

    static JsonNode biller(JsonNode health, String id) {
        for (JsonNode b : health.get("billers")) {
            if (b.get("id").asText().equals(id)) {
                return b;
            }
        }
        throw new AssertionError("no biller " + id + " in " + health);
    }

    static JsonNode provider(JsonNode health, String family) {
        for (JsonNode p : health.get("providers")) {
            if (p.get("family").asText().equals(family)) {
                return p;
            }
        }
        throw new AssertionError("no provider " + family + " in " + health);
    }

    String svg() {
        Answer a = hub.get("/ops/api/flow.svg", "ops", "ops-secret");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.header("Content-Type")).startsWith("image/svg+xml");
        assertThat(a.header("Cache-Control")).contains("no-store");
        return a.body();
    }

    String bill(String orderId, String billNumber, String callbackPath) {
        return """
                {"order":{"id":"%s"},"customer":{"email":"budi@example.com"},
                 "url":{"callbackUrl":"%s%s"},
                 "billing":{"billerServiceProvider":{"id":"050017","customerId":"%s"}}}"""
                .formatted(orderId, hub.base(), callbackPath, billNumber);
    }

    /** A hosted bill payment walked to the customer's payment at the bank: every arrow of the diagram. */
    String pay(String orderId, String billNumber, String callbackPath) {
        Answer initiated = hub.initiateBill(bill(orderId, billNumber, callbackPath));
        assertThat(initiated.status()).as(initiated.toString()).isEqualTo(200);
        String url = initiated.json().get("redirecturl").asText();
        assertThat(hub.openPage(url).status()).isEqualTo(200);
        assertThat(hub.choose(url, "vabca").status()).isEqualTo(303);
        String va = hub.status(orderId).json().at("/data/sourceOfFunds/paymentCode").asText();
        assertThat(hub.pay(va, "SUCCESS").status()).isEqualTo(200);
        return url;
    }

    @Test
    void onlyOperatorsReadTheHealth() {
        assertThat(hub.get("/ops/api/health").status()).isEqualTo(401);
        assertThat(hub.get("/ops/api/health", "ops", "wrong-secret").status()).isEqualTo(401);
        assertThat(hub.get("/ops/api/health", HubClient.MERCHANT, HubClient.KEY).status()).isEqualTo(401);
        assertThat(hub.get("/ops/api/flow.svg").status()).isEqualTo(401);
        // the console's copy of the diagram is behind the console's login
        Answer console = hub.get("/ops/flow.svg");
        assertThat(console.status()).isEqualTo(302);
        assertThat(console.header("Location")).endsWith("/ops/login");
        assertThat(hub.get("/ops/api/health", "lead", "lead-secret").status()).isEqualTo(200);
    }

    @Test
    void paymentsShowAsPartnerCallsAndOnTheFlowsArrows() {
        JsonNode before = health();
        FlowCounts flowBefore = FlowCounts.of(svg());

        for (int i = 0; i < 2; i++) {
            String orderId = orderId("HL");
            pay(orderId, "11812000044" + (1100 + i * 100), "/sandbox/mitra/callback");
            hub.awaitNotification(orderId, n -> "PAID".equals(n.get("status").asText()));
        }
        // the notification counts once the sender recorded its delivery
        FlowCounts flow = HubClient.await(() -> {
            FlowCounts f = FlowCounts.of(svg());
            return f.passed(13) >= flowBefore.passed(13) + 2 ? f : null;
        }, "the notifications on the flow");

        JsonNode after = health();
        JsonNode finnet = biller(after, "finnet");
        assertThat(finnet.get("circuit").asText()).isEqualTo("CLOSED");
        // two inquiries and two payments
        assertThat(finnet.get("calls").asLong()).isGreaterThanOrEqualTo(biller(before, "finnet").get("calls").asLong() + 4);
        assertThat(finnet.get("p95Ms").isIntegralNumber()).as(finnet.toString()).isTrue();
        assertThat(finnet.get("p95Ms").asLong()).isBetween(1L, 60_000L);
        JsonNode va = provider(after, "va");
        // at least the two payments created at the bank
        assertThat(va.get("calls").asLong()).isGreaterThanOrEqualTo(provider(before, "va").get("calls").asLong() + 2);
        // (failures are not compared: another test's owed refund may still be asking a provider in the shared hub)
        assertThat(va.get("failures").asLong()).isLessThanOrEqualTo(va.get("calls").asLong());
        assertThat(va.get("p95Ms").asLong()).isPositive();
        assertThat(after.get("providers")).hasSize(7);
        assertThat(after.at("/notifications/pending").isIntegralNumber()).isTrue();
        assertThat(after.at("/review/orders").isIntegralNumber()).isTrue();

        // every arrow the payments passed grew by them (1-based, the README's order)
        for (int arrow : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}) {
            assertThat(flow.passed(arrow)).as("arrow " + arrow).isGreaterThanOrEqualTo(flowBefore.passed(arrow) + 2);
        }
        assertThat(flow.failed(5)).as("the inquiries all answered").isEqualTo(flowBefore.failed(5));
    }

    @Test
    void aBillerThatNeverAnswersCountsItsFailuresAndTheOrderWaitsForReview() {
        JsonNode before = health();
        FlowCounts flowBefore = FlowCounts.of(svg());
        String orderId = orderId("HR");
        // ...0100: the sandbox biller holds the payment unanswered; the hub gives up after the repeats
        pay(orderId, "7777770100", "/sandbox/mitra/callback");

        JsonNode after = HubClient.await(() -> {
            JsonNode h = health();
            return h.at("/review/orders").asLong() >= before.at("/review/orders").asLong() + 1 ? h : null;
        }, "the order in the review count");
        assertThat(hub.statusOf(orderId)).isEqualTo("PROCESSING");
        JsonNode finnet = biller(after, "finnet");
        // the first payment message and its two repeats, none answered
        assertThat(finnet.get("failures").asLong()).isGreaterThanOrEqualTo(biller(before, "finnet").get("failures").asLong() + 3);
        // the payment timer holds the calls that waited for hub.biller.timeout (1.5 s)
        assertThat(finnet.get("p95Ms").asLong()).isGreaterThanOrEqualTo(1000L);

        FlowCounts flow = FlowCounts.of(svg());
        assertThat(flow.failed(11)).isGreaterThanOrEqualTo(flowBefore.failed(11) + 3);
        assertThat(flow.failed(12)).isEqualTo(flow.failed(11));
    }

    @Test
    void aNotificationNobodyAcceptsIsGivenUpAndShown() {
        JsonNode before = health();
        FlowCounts flowBefore = FlowCounts.of(svg());
        String orderId = orderId("HN");
        // a callback path that answers 404: every attempt fails (hub.notification.retry-delays: three repeats)
        pay(orderId, "11812000049900", "/sandbox/mitra/nowhere");

        JsonNode after = HubClient.await(() -> {
            JsonNode h = health();
            return h.at("/notifications/givenUp").asLong() >= before.at("/notifications/givenUp").asLong() + 1 ? h : null;
        }, "the notification given up");
        long pending = after.at("/notifications/pending").asLong();
        assertThat(after.at("/notifications/oldestPendingSeconds").isNull()).isEqualTo(pending == 0);
        FlowCounts flow = FlowCounts.of(svg());
        assertThat(flow.failed(13)).isGreaterThanOrEqualTo(flowBefore.failed(13) + 1);
    }
}
