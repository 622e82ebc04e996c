package id.loket.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import id.loket.flow.HubClient;
import id.loket.flow.HubClient.Answer;
import id.loket.flow.HubTestSupport;
import id.loket.safety.DeadBiller;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A biller that never answers: the health shows its circuit open and its failed calls, the flow the failed inquiries. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class OpsHealthBillerDownTest {

    static final int PORT = HubTestSupport.freePort();
    static final DeadBiller DEAD_BILLER = DeadBiller.start();
    final HubClient hub = new HubClient(PORT);

    @AfterAll
    static void stop() {
        DEAD_BILLER.stop();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestSupport.register(registry, "opsbreaker", PORT);
        registry.add("hub.biller.finnet.url", () -> DEAD_BILLER.finnetUrl());
        registry.add("hub.biller.circuit-breaker.minimum-calls", () -> "3");
        registry.add("hub.biller.circuit-breaker.window", () -> "3");
        // open for the whole test
        registry.add("hub.biller.circuit-breaker.open-seconds", () -> "120");
    }

    JsonNode finnet() {
        Answer a = hub.get("/ops/api/health", "ops", "ops-secret");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        JsonNode billers = a.json().get("billers");
        assertThat(billers).hasSize(1);
        assertThat(billers.get(0).get("id").asText()).isEqualTo("finnet");
        return billers.get(0);
    }

    FlowCounts flow() {
        Answer a = hub.get("/ops/api/flow.svg", "ops", "ops-secret");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        return FlowCounts.of(a.body());
    }

    void open(int i) {
        String orderId = "HD-" + System.currentTimeMillis() % 100000 + "-" + i;
        String url = hub.initiateBill("""
                {"order":{"id":"%s"},"customer":{"email":"budi@example.com"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"},
                 "billing":{"billerServiceProvider":{"id":"050017","customerId":"7200012345"}}}"""
                .formatted(orderId, hub.base())).json().get("redirecturl").asText();
        assertThat(hub.openPage(url).body()).contains("data-state=\"UNAVAILABLE\"");
    }

    @Test
    void theOpenCircuitAndTheFailedCallsShow() {
        JsonNode fresh = finnet();
        assertThat(fresh.get("circuit").asText()).isEqualTo("CLOSED");
        assertThat(fresh.get("calls").asLong()).isZero();
        assertThat(fresh.get("p95Ms").isNull()).isTrue();

        // three inquiries time out (hub.biller.timeout 1.5 s): the breaker's window is full of failures
        for (int i = 0; i < 3; i++) {
            open(i);
        }
        assertThat(DEAD_BILLER.hits()).isEqualTo(3);
        JsonNode open = finnet();
        assertThat(open.get("circuit").asText()).isEqualTo("OPEN");
        assertThat(open.get("calls").asLong()).isEqualTo(3);
        assertThat(open.get("failures").asLong()).isEqualTo(3);
        assertThat(open.get("p95Ms").asLong()).as("the calls waited for the timeout").isGreaterThanOrEqualTo(1000L);

        // two more: the open circuit answers, the biller is not asked
        open(3);
        open(4);
        assertThat(DEAD_BILLER.hits()).isEqualTo(3);
        JsonNode still = finnet();
        assertThat(still.get("circuit").asText()).isEqualTo("OPEN");
        assertThat(still.get("calls").asLong()).isEqualTo(3);

        FlowCounts flow = flow();
        // Loket ->> Biller : Request inquiry, and its answer: five inquiries, none answered
        assertThat(flow.failed(5)).isEqualTo(5);
        assertThat(flow.passed(5)).isZero();
        assertThat(flow.failed(6)).isEqualTo(5);
        assertThat(flow.text(5, "counts")).isEqualTo("0 passed \u00b7 5 failed");
        // the customer opened the page five times, and the page answered each time
        assertThat(flow.passed(4)).isEqualTo(5);
        assertThat(flow.passed(2)).isEqualTo(5);
        assertThat(flow.passed(11)).isZero();
    }
}
