package id.loket.safety;

import static org.assertj.core.api.Assertions.assertThat;

import id.loket.flow.HubClient;
import id.loket.flow.HubTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A dead biller: after a few inquiries time out, the circuit opens and inquiries fail fast. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class BillerCircuitBreakerTest {

    static final int PORT = HubTestSupport.freePort();
    static final DeadBiller DEAD_BILLER = DeadBiller.start();
    final HubClient hub = new HubClient(PORT);

    @AfterAll
    static void stop() {
        DEAD_BILLER.stop();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestSupport.register(registry, "breaker", PORT);
        registry.add("hub.biller.finnet.url", () -> DEAD_BILLER.finnetUrl());
        registry.add("hub.biller.timeout", () -> "2s");
        registry.add("hub.biller.circuit-breaker.minimum-calls", () -> "3");
        registry.add("hub.biller.circuit-breaker.window", () -> "3");
    }

    String open(int i) {
        String orderId = "CB-" + System.currentTimeMillis() % 100000 + "-" + i;
        String url = hub.initiateBill("""
                {"order":{"id":"%s"},"customer":{"email":"budi@example.com"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"},
                 "billing":{"billerServiceProvider":{"id":"050017","customerId":"7200012345"}}}"""
                .formatted(orderId, hub.base())).json().get("redirecturl").asText();
        return hub.openPage(url).body();
    }

    @Test
    void inquiriesFailFastOnceTheBillerKeepsFailing() {
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            assertThat(open(i)).contains("data-state=\"UNAVAILABLE\"");
            assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(1950);
        }
        int hitsWhenOpen = DEAD_BILLER.hits();
        assertThat(hitsWhenOpen).isEqualTo(3);

        for (int i = 3; i < 13; i++) {
            long started = System.nanoTime();
            assertThat(open(i)).contains("data-state=\"UNAVAILABLE\"");
            // Well short of the 2 s biller timeout, however slow the machine: the circuit answered, not the biller.
            assertThat((System.nanoTime() - started) / 1_000_000).as("an inquiry with the circuit open").isLessThan(1500);
        }
        assertThat(DEAD_BILLER.hits()).as("no call reached the dead biller while the circuit was open").isEqualTo(hitsWhenOpen);
    }
}
