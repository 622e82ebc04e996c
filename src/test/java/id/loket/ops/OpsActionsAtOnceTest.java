package id.loket.ops;

import static id.loket.ops.OpsActionsClient.OPS;
import static id.loket.ops.OpsActionsClient.id;
import static id.loket.ops.OpsActionsClient.state;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import id.loket.flow.HubClient;
import id.loket.flow.HubClient.Answer;
import id.loket.flow.HubTestSupport;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Without four eyes ({@code hub.ops.four-eyes=false}) an operator's resolution or refund takes effect at once. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class OpsActionsAtOnceTest {

    static final int PORT = HubTestSupport.freePort();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestSupport.register(registry, "opsatonce", PORT);
        registry.add("hub.ops.four-eyes", () -> "false");
        registry.add("hub.security.auth-failures-per-minute", () -> "1000000");
    }

    @Autowired
    JdbcTemplate jdbc;

    OpsActionsClient hub;

    @BeforeEach
    void client() {
        hub = new OpsActionsClient(PORT, jdbc);
    }

    @Test
    void aResolutionPaidTakesEffectAtOnce() throws Exception {
        String orderId = hub.processingBill("NOW", "0100");
        Answer resolved = hub.resolvePaid(OPS, orderId, "BLR-NOW-1");
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(202);
        assertThat(state(resolved)).isEqualTo("DONE");
        assertThat(resolved.json().at("/action/proposedBy").asText()).isEqualTo(OPS);
        assertThat(hub.dbStatus(orderId)).isEqualTo("PAID");
        JsonNode note = hub.awaitNotification(orderId, n -> "PAID".equals(n.get("status").asText()));
        assertThat(HubClient.JSON.readTree(note.get("body").asText()).at("/result/flagging/reffNo").asText())
                .isEqualTo("BLR-NOW-1");
        assertThat(hub.audits(id(resolved), "PROPOSE", "OK")).isEqualTo(1);
        assertThat(hub.audits(id(resolved), "RESOLVE", "OK")).isEqualTo(1);
        // Resolved: a second resolution is 409 and changes nothing.
        assertThat(hub.resolveNotPaid(OPS, orderId).status()).isEqualTo(409);
        HubClient.stays("one notification", Duration.ofMillis(500), () -> hub.received(orderId).size() == 1);
        assertThat(hub.notificationRows(orderId)).isEqualTo(1);
    }

    @Test
    void aResolutionNotPaidRefundsAtOnce() {
        String orderId = hub.processingBill("NOWN", "0100");
        Answer resolved = hub.resolveNotPaid(OPS, orderId);
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(202);
        assertThat(state(resolved)).isEqualTo("DONE");
        hub.awaitDbStatus(orderId, "REFUNDED");
        hub.awaitNotification(orderId, n -> "REFUNDED".equals(n.get("status").asText()));
        HubClient.stays("one notification", Duration.ofMillis(500), () -> hub.received(orderId).size() == 1);
        assertThat(hub.notificationRows(orderId)).isEqualTo(1);
    }

    @Test
    void aRefundTakesEffectAtOnce() {
        String orderId = hub.paidPlain("NOWR", 10000);
        Answer refunded = hub.refund(OPS, orderId, "{\"reason\":\"order cancelled by the shop\"}");
        assertThat(refunded.status()).as(refunded.body()).isEqualTo(202);
        assertThat(state(refunded)).isEqualTo("DONE");
        // Without an amount: all that remains.
        hub.awaitDbStatus(orderId, "REFUNDED");
        hub.awaitNotification(orderId, n -> "REFUNDED".equals(n.get("status").asText()));
        assertThat(jdbc.queryForObject("SELECT refund_confirmed FROM payment_order WHERE order_id = ?", Long.class, orderId))
                .isEqualTo(10000L);
        // Nothing remains now: 409.
        assertThat(hub.refund(OPS, orderId, "{\"amount\":\"1\",\"reason\":\"again\"}").status()).isEqualTo(409);
    }
}
