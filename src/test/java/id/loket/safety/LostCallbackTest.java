package id.loket.safety;

import static org.assertj.core.api.Assertions.assertThat;

import id.loket.flow.HubClient;
import id.loket.flow.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A provider whose callbacks never reach the hub (lost in a crash, or a network in between): after
 * {@code hub.sof.status-check-after} the hub asks the provider, and the order completes anyway.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class LostCallbackTest {

    static final int PORT = HubTestSupport.freePort();
    static final int NOWHERE = HubTestSupport.freePort();
    final HubClient hub = new HubClient(PORT);

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestSupport.register(registry, "lostcallback", PORT);
        // Nothing listens there: every callback of the sandbox providers is lost.
        registry.add("hub.sandbox.sof.callback-url", () -> "http://127.0.0.1:" + NOWHERE + "/sof/callback");
    }

    @Test
    void aPaymentWhoseCallbackIsLostIsFoundByAskingTheProvider() {
        String orderId = "LOST-" + System.currentTimeMillis() % 100000;
        HubClient.Answer init = hub.initiateBill("""
                {"order":{"id":"%s"},"customer":{"email":"budi@example.com"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"},
                 "billing":{"billerServiceProvider":{"id":"050017","customerId":"7100012345"}},
                 "sourceOfFunds":{"type":"vabri"}}""".formatted(orderId, hub.base()));
        String code = init.json().get("paymentCode").asText();
        long paidAt = System.nanoTime();
        assertThat(hub.pay(code, "SUCCESS").status()).isEqualTo(200);

        hub.awaitNotification(orderId, n -> "PAID".equals(n.get("status").asText()));
        long seconds = (System.nanoTime() - paidAt) / 1_000_000_000L;
        // hub.sof.status-check-after is 3 s in the tests: the order waited for it, then completed.
        assertThat(seconds).isGreaterThanOrEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_event e JOIN payment_order o ON o.id = e.order_pk"
                + " WHERE o.order_id = ? AND e.to_status = 'PROCESSING' AND e.detail LIKE 'by status check%'",
                Integer.class, orderId)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_event e JOIN payment_order o ON o.id = e.order_pk"
                + " WHERE o.order_id = ? AND e.arrow = 'payment-callback'", Integer.class, orderId)).isZero();
    }
}
