package id.loket.ops;

import static id.loket.ops.OpsActionsClient.LEAD;
import static id.loket.ops.OpsActionsClient.OPS;
import static id.loket.ops.OpsActionsClient.id;
import static id.loket.ops.OpsActionsClient.state;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import id.loket.flow.HubClient;
import id.loket.flow.HubClient.Answer;
import id.loket.flow.HubTestSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Four eyes and its races, black-box on a hub of its own: more operators (a second approver, an
 * operator who is also an approver, a viewer), and no automatic biller repeats, so a bill whose first
 * payment message gets no answer is flagged for review at once and an operator's repeat is the next
 * message the sandbox biller answers ({@code 0068}: approved, {@code 0069}: refused).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class OpsRacesTest {

    static final int PORT = HubTestSupport.freePort();
    static final ExecutorService POOL = Executors.newFixedThreadPool(4);
    static final String LEAD2 = "lead2";
    static final String DUO = "duo";
    static final String WATCHER = "watcher";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestSupport.register(registry, "opsraces", PORT);
        registry.add("hub.biller.repeat-delays", () -> "");
        registry.add("hub.security.auth-failures-per-minute", () -> "1000000");
        operator(registry, LEAD2, "viewer,approver");
        operator(registry, DUO, "viewer,operator,approver");
        operator(registry, WATCHER, "viewer");
    }

    static void operator(DynamicPropertyRegistry registry, String name, String roles) {
        registry.add("hub.operators." + name + ".password", () -> "{noop}" + OpsActionsClient.password(name));
        registry.add("hub.operators." + name + ".roles", () -> roles);
    }

    @Autowired
    JdbcTemplate jdbc;

    OpsActionsClient hub;

    @BeforeEach
    void client() {
        hub = new OpsActionsClient(PORT, jdbc);
    }

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    /** The calls at once, behind one start gate; their answers in order. */
    static List<Answer> together(List<Callable<Answer>> calls) throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<Answer>> futures = new ArrayList<>();
        for (Callable<Answer> call : calls) {
            futures.add(POOL.submit(() -> {
                gate.await();
                return call.call();
            }));
        }
        gate.countDown();
        List<Answer> answers = new ArrayList<>();
        for (Future<Answer> f : futures) {
            answers.add(f.get());
        }
        return answers;
    }

    @Test
    void nobodyApprovesTheirOwnProposalAndAViewerDoesNotAct() {
        String orderId = hub.paidPlain("OWN", 10000);
        Answer proposed = hub.refund(DUO, orderId, "{\"amount\":\"1000\",\"reason\":\"goodwill\"}");
        assertThat(proposed.status()).as(proposed.body()).isEqualTo(202);
        long id = id(proposed);

        Answer own = hub.approve(DUO, id);
        assertThat(own.status()).as(own.body()).isEqualTo(403);
        assertThat(own.json().get("message").asText()).contains("four eyes");
        assertThat(hub.audits(orderId, DUO, "APPROVE", "REFUSED")).isEqualTo(1);
        assertThat(hub.reject(DUO, id, "mine").status()).isEqualTo(403);

        // A viewer reads but does not act; a refused approval is audited.
        for (Answer a : List.of(hub.resend(WATCHER, orderId), hub.retryBiller(WATCHER, orderId),
                hub.resolveNotPaid(WATCHER, orderId), hub.refund(WATCHER, orderId, "{\"amount\":\"1\",\"reason\":\"x\"}"),
                hub.approve(WATCHER, id))) {
            assertThat(a.status()).as(a.body()).isEqualTo(403);
            assertThat(a.json().get("error").asText()).isEqualTo("forbidden");
        }
        assertThat(hub.audits(orderId, WATCHER, "APPROVE", "REFUSED")).isEqualTo(1);
        assertThat(hub.actions(WATCHER, "?state=PENDING_APPROVAL").body()).contains("\"id\":" + id);
        assertThat(jdbc.queryForObject("SELECT refund_taken FROM payment_order WHERE order_id = ?", Long.class, orderId))
                .isZero();

        // Another approver decides it.
        Answer approved = hub.approve(LEAD2, id);
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        hub.awaitDbStatus(orderId, "PARTIALLY_REFUNDED");
    }

    @Test
    void ofTwoApproversAtOnceExactlyOneDecides() throws Exception {
        for (int round = 0; round < 5; round++) {
            String orderId = hub.paidPlain("TWO", 10000);
            long id = id(hub.refund(OPS, orderId, "{\"amount\":\"3000\",\"reason\":\"round " + round + "\"}"));
            List<Answer> answers = together(List.of(() -> hub.approve(LEAD, id), () -> hub.approve(LEAD2, id)));
            List<Integer> statuses = answers.stream().map(Answer::status).sorted().toList();
            assertThat(statuses).as(answers.toString()).containsExactly(200, 409);
            Answer winner = answers.get(0).status() == 200 ? answers.get(0) : answers.get(1);
            assertThat(state(winner)).isEqualTo("DONE");
            assertThat(hub.audits(id, "APPROVE", "OK")).isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_refund r JOIN payment_order o ON o.id = r.order_pk"
                    + " WHERE o.order_id = ?", Integer.class, orderId)).isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT refund_taken FROM payment_order WHERE order_id = ?", Long.class, orderId))
                    .isEqualTo(3000L);
            hub.awaitDbStatus(orderId, "PARTIALLY_REFUNDED");
        }
        // A resolution too: one approval, one move.
        String orderId = hub.processingBill("TWOR", "0100");
        long id = id(hub.resolvePaid(OPS, orderId, "BLR-TWO"));
        List<Answer> answers = together(List.of(() -> hub.approve(LEAD, id), () -> hub.approve(LEAD2, id)));
        assertThat(answers.stream().map(Answer::status).sorted().toList()).as(answers.toString()).containsExactly(200, 409);
        hub.awaitNotification(orderId, n -> "PAID".equals(n.get("status").asText()));
        HubClient.stays("one notification", Duration.ofMillis(500), () -> hub.received(orderId).size() == 1);
        assertThat(hub.notificationRows(orderId)).isEqualTo(1);
    }

    /**
     * The biller's answer to an operator's repeat arrives while a resolution's approval is applied:
     * exactly one outcome, one notification row, one notification at the Mitra, and the customer's
     * money where that outcome says.
     */
    @Test
    void aRepeatsAnswerAndAnApprovalAtOnceMakeExactlyOneOutcome() throws Exception {
        record Round(String suffix, String outcome) {
        }
        List<Round> rounds = List.of(new Round("0068", "PAID"), new Round("0068", "NOT_PAID"), new Round("0069", "PAID"),
                new Round("0068", "PAID"), new Round("0068", "NOT_PAID"), new Round("0069", "PAID"),
                new Round("0068", "NOT_PAID"), new Round("0069", "PAID"));
        Map<String, Integer> seen = new TreeMap<>();
        for (Round r : rounds) {
            String orderId = hub.processingBill("RACE", r.suffix());
            String reference = "BLR-OPS-" + orderId;
            Answer proposed = r.outcome().equals("PAID") ? hub.resolvePaid(OPS, orderId, reference)
                    : hub.resolveNotPaid(OPS, orderId);
            assertThat(proposed.status()).as(proposed.body()).isEqualTo(202);
            long id = id(proposed);

            List<Answer> answers = together(List.of(() -> hub.retryBiller(OPS, orderId), () -> hub.approve(LEAD, id)));
            Answer retry = answers.get(0);
            Answer approval = answers.get(1);
            assertThat(retry.status()).as(retry.body()).isIn(200, 409);
            assertThat(approval.status()).as(approval.body()).isIn(200, 409);
            String actionState = state(approval);
            assertThat(actionState).isEqualTo(approval.status() == 200 ? "DONE" : "FAILED");

            // The outcome: the resolution's when its approval took effect, else the biller's.
            String expected = actionState.equals("DONE")
                    ? (r.outcome().equals("PAID") ? "PAID" : "REFUNDED")
                    : (r.suffix().equals("0068") ? "PAID" : "REFUNDED");
            hub.awaitDbStatus(orderId, expected);
            JsonNode note = hub.awaitNotification(orderId, n -> expected.equals(n.get("status").asText()));
            HubClient.stays(orderId + " stays " + expected + " with one notification", Duration.ofSeconds(1),
                    () -> expected.equals(hub.dbStatus(orderId)) && hub.received(orderId).size() == 1);
            assertThat(hub.notificationRows(orderId)).isEqualTo(1);
            String sofReference = jdbc.queryForObject("SELECT reference FROM payment_order WHERE order_id = ?", String.class,
                    orderId);
            assertThat(hub.sofPayments(sofReference).get(0).get("status").asText())
                    .as("the customer's money").isEqualTo(expected.equals("PAID") ? "PAID" : "REFUNDED");
            if (expected.equals("PAID")) {
                String reffNo = HubClient.JSON.readTree(note.get("body").asText()).at("/result/flagging/reffNo").asText();
                if (actionState.equals("DONE")) {
                    assertThat(reffNo).isEqualTo(reference);
                } else {
                    assertThat(reffNo).isNotEqualTo(reference).isNotBlank();
                }
            }
            seen.merge(r.suffix() + " " + r.outcome() + ": retry " + retry.status() + ", approval " + actionState
                    + " -> " + expected, 1, Integer::sum);
        }
        System.out.println("Races of an operator's repeat and an approval: " + seen);
    }
}
