package id.loket.ops;

import static id.loket.ops.OpsActionsClient.LEAD;
import static id.loket.ops.OpsActionsClient.OPS;
import static id.loket.ops.OpsActionsClient.id;
import static id.loket.ops.OpsActionsClient.state;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import id.loket.flow.HubClient;
import id.loket.flow.HubClient.Answer;
import id.loket.flow.SharedHubTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Operators' actions under four eyes (the default), black-box over HTTP on the shared hub: ops
 * proposes, lead approves, the order moves and the Mitra is notified; every refusal the operations
 * API answers. Runs on H2, and on PostgreSQL with {@code -Dloket.test.db=postgresql}.
 */
class OpsActionsTest extends SharedHubTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry metrics;

    OpsActionsClient hub;

    @BeforeEach
    void client() {
        hub = new OpsActionsClient(PORT, jdbc);
    }

    double count(String name, String kind) {
        var c = metrics.find(name).tag("kind", kind).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void opsProposesPaidLeadApprovesTheOrderIsPaidAndNotifiedWithTheBillersReference() throws Exception {
        String orderId = hub.processingBill("RSLV", "0100");
        double proposals = count("loket.ops.proposals", "RESOLVE_PAID");
        double approvals = count("loket.ops.approvals", "RESOLVE_PAID");

        Answer proposed = hub.resolvePaid(OPS, orderId, "BLR-REF-7781");
        assertThat(proposed.status()).as(proposed.body()).isEqualTo(202);
        JsonNode action = proposed.json().get("action");
        assertThat(action.get("state").asText()).isEqualTo("PENDING_APPROVAL");
        assertThat(action.get("kind").asText()).isEqualTo("RESOLVE_PAID");
        assertThat(action.get("merchantId").asText()).isEqualTo(HubClient.MERCHANT);
        assertThat(action.get("orderId").asText()).isEqualTo(orderId);
        assertThat(action.get("proposedBy").asText()).isEqualTo(OPS);
        assertThat(action.get("proposedAt").asText()).endsWith("+07:00");
        assertThat(action.get("reason").asText()).isEqualTo("biller confirmed by phone");
        long id = action.get("id").asLong();
        // Proposed only: the order waits for a second person.
        assertThat(hub.dbStatus(orderId)).isEqualTo("PROCESSING");
        assertThat(hub.notificationRows(orderId)).isZero();
        assertThat(count("loket.ops.proposals", "RESOLVE_PAID")).isEqualTo(proposals + 1);

        // ops has no approver role: 403, audited as a refused approval.
        Answer own = hub.approve(OPS, id);
        assertThat(own.status()).as(own.body()).isEqualTo(403);
        assertThat(own.json().get("error").asText()).isEqualTo("forbidden");
        assertThat(hub.audits(orderId, OPS, "APPROVE", "REFUSED")).isEqualTo(1);
        assertThat(hub.dbStatus(orderId)).isEqualTo("PROCESSING");

        Answer approved = hub.approve(LEAD, id);
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(state(approved)).isEqualTo("DONE");
        assertThat(approved.json().at("/action/approvedBy").asText()).isEqualTo(LEAD);
        assertThat(approved.json().at("/action/approvedAt").asText()).endsWith("+07:00");
        assertThat(approved.json().at("/action/comment").asText()).isEqualTo("checked");
        assertThat(hub.dbStatus(orderId)).isEqualTo("PAID");
        assertThat(jdbc.queryForObject("SELECT needs_review FROM payment_order WHERE order_id = ?", Boolean.class, orderId))
                .isFalse();
        assertThat(count("loket.ops.approvals", "RESOLVE_PAID")).isEqualTo(approvals + 1);

        // The Mitra is notified as for any paid bill, reffNo being the biller's reference.
        JsonNode note = hub.awaitNotification(orderId, n -> "PAID".equals(n.get("status").asText()));
        assertThat(note.get("rawSignatureValid").asBoolean()).isTrue();
        JsonNode body = HubClient.JSON.readTree(note.get("body").asText());
        assertThat(body.at("/result/flagging/reffNo").asText()).isEqualTo("BLR-REF-7781");
        assertThat(body.at("/result/flagging/amount").asText()).isEqualTo("22500");
        assertThat(hub.statusOf(orderId)).isEqualTo("PAID");
        HubClient.stays("one notification", Duration.ofMillis(500), () -> hub.received(orderId).size() == 1);
        assertThat(hub.notificationRows(orderId)).isEqualTo(1);

        // The audit trail and the order's story tell who did what.
        assertThat(hub.audits(id, "PROPOSE", "OK")).isEqualTo(1);
        assertThat(hub.audits(id, "APPROVE", "OK")).isEqualTo(1);
        assertThat(hub.audits(id, "RESOLVE", "OK")).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT actor FROM ops_audit WHERE action_id = ? AND action = 'APPROVE' AND outcome = 'OK'",
                String.class, id)).isEqualTo(LEAD);
        assertThat(hub.events(orderId, "ops-action", "PROPOSED")).isEqualTo(1);
        assertThat(hub.events(orderId, "ops-action", "PAID")).isEqualTo(1);

        // Decided: a second decision is 409, and nothing moves again.
        assertThat(hub.approve(LEAD, id).status()).isEqualTo(409);
        assertThat(hub.reject(LEAD, id, "late").status()).isEqualTo(409);
        assertThat(hub.notificationRows(orderId)).isEqualTo(1);
    }

    @Test
    void notPaidGivesTheCustomersMoneyBackAndEndsRefundedWithOneNotification() {
        String orderId = hub.processingBill("NPAID", "0100");
        Answer proposed = hub.resolveNotPaid(OPS, orderId);
        assertThat(proposed.status()).as(proposed.body()).isEqualTo(202);
        assertThat(state(proposed)).isEqualTo("PENDING_APPROVAL");
        assertThat(proposed.json().at("/action/kind").asText()).isEqualTo("RESOLVE_NOT_PAID");

        Answer approved = hub.approve(LEAD, id(proposed));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(state(approved)).isEqualTo("DONE");

        hub.awaitDbStatus(orderId, "REFUNDED");
        JsonNode note = hub.awaitNotification(orderId, n -> "REFUNDED".equals(n.get("status").asText()));
        assertThat(note.get("rawSignatureValid").asBoolean()).isTrue();
        String reference = jdbc.queryForObject("SELECT reference FROM payment_order WHERE order_id = ?", String.class, orderId);
        JsonNode payments = hub.sofPayments(reference);
        assertThat(payments).hasSize(1);
        assertThat(payments.get(0).get("status").asText()).isEqualTo("REFUNDED");
        HubClient.stays("one notification", Duration.ofMillis(500), () -> hub.received(orderId).size() == 1);
        assertThat(hub.notificationRows(orderId)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT refund_pending FROM payment_order WHERE order_id = ?", Boolean.class, orderId))
                .isFalse();
        assertThat(hub.audits(id(proposed), "RESOLVE", "OK")).isEqualTo(1);
    }

    @Test
    void anOrderThatChangedBetweenProposalAndApprovalIsNotTouchedAndTheActionFails() {
        String orderId = hub.processingBill("CHGD", "0100");
        Answer notPaid = hub.resolveNotPaid(OPS, orderId);
        Answer paid = hub.resolvePaid(OPS, orderId, "BLR-REF-1");
        assertThat(notPaid.status()).isEqualTo(202);
        assertThat(paid.status()).isEqualTo(202);

        assertThat(hub.approve(LEAD, id(paid)).status()).isEqualTo(200);
        assertThat(hub.dbStatus(orderId)).isEqualTo("PAID");

        Answer late = hub.approve(LEAD, id(notPaid));
        assertThat(late.status()).as(late.body()).isEqualTo(409);
        assertThat(late.json().get("error").asText()).isEqualTo("conflict");
        assertThat(late.json().get("message").asText()).contains("PAID");
        assertThat(state(late)).isEqualTo("FAILED");
        assertThat(late.json().at("/action/detail").asText()).contains("PAID");
        assertThat(late.json().at("/action/approvedBy").asText()).isEqualTo(LEAD);
        // Not touched: no refund owed, still PAID, one notification.
        assertThat(hub.dbStatus(orderId)).isEqualTo("PAID");
        assertThat(jdbc.queryForObject("SELECT refund_pending FROM payment_order WHERE order_id = ?", Boolean.class, orderId))
                .isFalse();
        assertThat(hub.audits(id(notPaid), "RESOLVE", "FAILED")).isEqualTo(1);
        hub.awaitNotification(orderId, n -> "PAID".equals(n.get("status").asText()));
        HubClient.stays("one notification", Duration.ofMillis(500), () -> hub.received(orderId).size() == 1);
        assertThat(hub.notificationRows(orderId)).isEqualTo(1);
        // FAILED is decided: approving it again is 409 without an action.
        assertThat(hub.approve(LEAD, id(notPaid)).status()).isEqualTo(409);
    }

    @Test
    void aResolutionIsRefusedForABadBodyAnotherStatusAndTheWrongRole() {
        String paid = hub.paidPlain("RSBAD", 15000);
        String base = "/ops/api/orders/" + HubClient.MERCHANT + "/" + paid + "/resolve";
        assertBad(hub.resolve(OPS, paid, "{\"reason\":\"x\"}"), "outcome");
        assertBad(hub.resolve(OPS, paid, "{\"outcome\":\"MAYBE\",\"reason\":\"x\"}"), "outcome");
        assertBad(hub.resolve(OPS, paid, "{\"outcome\":\"PAID\",\"reason\":\"x\"}"), "billerReference");
        assertBad(hub.resolve(OPS, paid, "{\"outcome\":\"NOT_PAID\"}"), "reason");
        assertBad(hub.resolve(OPS, paid, "{\"outcome\":\"NOT_PAID\",\"reason\":\"" + "r".repeat(501) + "\"}"), "reason");
        assertThat(hub.resolve(OPS, paid, "not json").status()).isEqualTo(400);
        assertThat(hub.ops("POST", base, null, OPS).status()).isEqualTo(400);
        // A PAID order is not resolved; an unknown one is 404; lead may not propose; nobody without credentials.
        Answer notProcessing = hub.resolveNotPaid(OPS, paid);
        assertThat(notProcessing.status()).as(notProcessing.body()).isEqualTo(409);
        assertThat(notProcessing.json().get("error").asText()).isEqualTo("conflict");
        assertThat(hub.resolveNotPaid(OPS, "NO-SUCH-ORDER").status()).isEqualTo(404);
        Answer lead = hub.resolveNotPaid(LEAD, paid);
        assertThat(lead.status()).isEqualTo(403);
        assertThat(lead.json().get("error").asText()).isEqualTo("forbidden");
        assertThat(hub.resolveNotPaid(null, paid).status()).isEqualTo(401);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ops_action WHERE order_id = ?", Integer.class, paid)).isZero();
    }

    static void assertBad(Answer a, String field) {
        assertThat(a.status()).as(a.body()).isEqualTo(400);
        assertThat(a.json().get("error").asText()).isEqualTo("bad_request");
        assertThat(a.json().get("message").asText()).startsWith(field + ":");
    }

    @Test
    void aRejectedProposalLeavesTheOrderAsItWas() {
        String orderId = hub.processingBill("RJCT", "0100");
        Answer proposed = hub.resolveNotPaid(OPS, orderId);
        double rejections = count("loket.ops.rejections", "RESOLVE_NOT_PAID");
        assertThat(hub.reject(OPS, id(proposed), "no").status()).isEqualTo(403);
        Answer rejected = hub.reject(LEAD, id(proposed), "ask the biller first");
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
        assertThat(state(rejected)).isEqualTo("REJECTED");
        assertThat(rejected.json().at("/action/comment").asText()).isEqualTo("ask the biller first");
        assertThat(count("loket.ops.rejections", "RESOLVE_NOT_PAID")).isEqualTo(rejections + 1);
        assertThat(hub.audits(id(proposed), "REJECT", "OK")).isEqualTo(1);
        assertThat(hub.approve(LEAD, id(proposed)).status()).isEqualTo(409);
        assertThat(hub.dbStatus(orderId)).isEqualTo("PROCESSING");
        assertThat(jdbc.queryForObject("SELECT refund_pending FROM payment_order WHERE order_id = ?", Boolean.class, orderId))
                .isFalse();
        Answer unknown = hub.approve(LEAD, 987654321L);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).isEqualTo("not_found");
        assertThat(hub.reject(LEAD, 987654321L, "x").status()).isEqualTo(404);
    }

    @Test
    void aResendSendsTheFinalNotificationAgainWithItsAttemptsRecorded() {
        String orderId = hub.paidPlain("RSND", 12000);
        hub.awaitNotification(orderId, n -> "PAID".equals(n.get("status").asText()));
        Answer resent = hub.resend(OPS, orderId);
        assertThat(resent.status()).as(resent.body()).isEqualTo(200);
        assertThat(state(resent)).isEqualTo("DONE");
        assertThat(resent.json().at("/action/kind").asText()).isEqualTo("RESEND");
        HubClient.await(() -> hub.received(orderId).size() == 2 ? true : null, "the resent notification");
        assertThat(hub.received(orderId).get(1).get("status").asText()).isEqualTo("PAID");
        assertThat(hub.notificationRows(orderId)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM notification_attempt a JOIN notification n ON n.id = a.notification_id"
                + " JOIN payment_order o ON o.id = n.order_pk WHERE o.order_id = ?", Integer.class, orderId)).isEqualTo(2);
        assertThat(hub.events(orderId, "notification-resend", "REQUESTED")).isEqualTo(1);
        assertThat(hub.audits(id(resent), "RESEND", "OK")).isEqualTo(1);

        // No final notification yet: 409; lead is no operator: 403; unknown order 404.
        String pending = hub.pendingPlain("RSNDP", 12000);
        assertThat(hub.resend(OPS, pending).status()).isEqualTo(409);
        assertThat(hub.resend(LEAD, orderId).status()).isEqualTo(403);
        assertThat(hub.resend(OPS, "NO-SUCH-ORDER").status()).isEqualTo(404);
    }

    @Test
    void aBillerRepeatGoesOutNowWithTheSameTraxId() {
        String orderId = hub.processingBill("RTRY", "0100");
        String traxId = jdbc.queryForObject("SELECT trax_id FROM payment_order WHERE order_id = ?", String.class, orderId);
        int before = messages(orderId, traxId);
        Answer retried = hub.retryBiller(OPS, orderId);
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(state(retried)).isEqualTo("DONE");
        assertThat(retried.json().at("/action/kind").asText()).isEqualTo("RETRY_BILLER");
        assertThat(retried.json().at("/action/detail").asText()).contains(traxId);
        // One more message for the same traxId reached the biller, as a repeat; no answer again: still for review.
        assertThat(messages(orderId, traxId)).isEqualTo(before + 1);
        assertThat(hub.events(orderId, "biller-payment", "REPEATED")).isGreaterThanOrEqualTo(1);
        assertThat(hub.dbStatus(orderId)).isEqualTo("PROCESSING");
        assertThat(jdbc.queryForObject("SELECT needs_review FROM payment_order WHERE order_id = ?", Boolean.class, orderId))
                .isTrue();
        assertThat(hub.audits(id(retried), "RETRY_BILLER", "OK")).isEqualTo(1);

        assertThat(hub.retryBiller(LEAD, orderId).status()).isEqualTo(403);
        String paid = hub.paidPlain("RTRYP", 11000);
        assertThat(hub.retryBiller(OPS, paid).status()).isEqualTo(409);
    }

    int messages(String orderId, String traxId) {
        int n = 0;
        String bill = jdbc.queryForObject("SELECT bill_number FROM payment_order WHERE order_id = ?", String.class, orderId);
        for (JsonNode t : hub.billerTransactions(bill)) {
            if (traxId.equals(t.get("traxId").asText())) {
                n++;
            }
        }
        return n;
    }

    @Test
    void anOperatorsRefundFollowsTheMitrasRulesAtProposalAndAgainAtApproval() {
        String orderId = hub.paidPlain("OREF", 10000);
        assertBad(hub.refund(OPS, orderId, "{\"amount\":\"12x\",\"reason\":\"duplicate charge\"}"), "amount");
        assertBad(hub.refund(OPS, orderId, "{\"amount\":\"0\",\"reason\":\"duplicate charge\"}"), "amount");
        assertBad(hub.refund(OPS, orderId, "{\"amount\":\"10001\",\"reason\":\"duplicate charge\"}"), "amount");
        assertBad(hub.refund(OPS, orderId, "{\"amount\":\"100\"}"), "reason");
        assertThat(hub.refund(LEAD, orderId, "{\"amount\":\"100\",\"reason\":\"x\"}").status()).isEqualTo(403);
        String pending = hub.pendingPlain("OREFP", 10000);
        assertThat(hub.refund(OPS, pending, "{\"amount\":\"100\",\"reason\":\"x\"}").status()).isEqualTo(409);

        // Two proposals that each fit now; the second no longer fits once the first is in effect.
        Answer first = hub.refund(OPS, orderId, "{\"amount\":\"8000\",\"reason\":\"customer complaint\"}");
        Answer second = hub.refund(OPS, orderId, "{\"amount\":\"8000\",\"reason\":\"customer complaint, again\"}");
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(state(first)).isEqualTo("PENDING_APPROVAL");
        assertThat(second.status()).isEqualTo(202);
        assertThat(hub.dbStatus(orderId)).isEqualTo("PAID");

        Answer approved = hub.approve(LEAD, id(first));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(state(approved)).isEqualTo("DONE");
        hub.awaitDbStatus(orderId, "PARTIALLY_REFUNDED");
        JsonNode note = hub.awaitNotification(orderId, n -> "PARTIALLY_REFUNDED".equals(n.get("status").asText()));
        assertThat(note.get("body").asText()).contains("\"amount\":8000");
        String reference = jdbc.queryForObject("SELECT reference FROM payment_order WHERE order_id = ?", String.class, orderId);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_refund r JOIN payment_order o ON o.id = r.order_pk"
                + " WHERE o.order_id = ? AND r.state = 'CONFIRMED' AND r.amount = 8000", Integer.class, orderId)).isEqualTo(1);
        assertThat(hub.sofPayments(reference).get(0).get("status").asText()).isEqualTo("PARTIALLY_REFUNDED");

        Answer late = hub.approve(LEAD, id(second));
        assertThat(late.status()).as(late.body()).isEqualTo(409);
        assertThat(state(late)).isEqualTo("FAILED");
        assertThat(jdbc.queryForObject("SELECT refund_taken FROM payment_order WHERE order_id = ?", Long.class, orderId))
                .isEqualTo(8000L);

        // A bill the biller accepted is never refunded.
        String bill = hub.paidBill("OREFB");
        assertThat(hub.refund(OPS, bill, "{\"amount\":\"100\",\"reason\":\"x\"}").status()).isEqualTo(409);
    }

    @Test
    void theActionsAreListedNewestFirstPageByPage() {
        String orderId = hub.paidPlain("LIST", 9000);
        long a = id(hub.refund(OPS, orderId, "{\"amount\":\"100\",\"reason\":\"one\"}"));
        long b = id(hub.refund(OPS, orderId, "{\"amount\":\"100\",\"reason\":\"two\"}"));
        long c = id(hub.refund(OPS, orderId, "{\"amount\":\"100\",\"reason\":\"three\"}"));
        hub.reject(LEAD, b, "not this one");

        Answer page1 = hub.actions(LEAD, "?limit=2");
        assertThat(page1.status()).as(page1.body()).isEqualTo(200);
        assertThat(page1.json().get("actions").get(0).get("id").asLong()).isGreaterThanOrEqualTo(c);
        String next = page1.json().get("next").asText();
        Answer page2 = hub.actions(OPS, "?limit=2&after=" + next);
        assertThat(page2.json().get("actions").get(0).get("id").asLong())
                .isLessThan(page1.json().get("actions").get(1).get("id").asLong());

        Answer pending = hub.actions(OPS, "?state=PENDING_APPROVAL&limit=200");
        java.util.List<Long> ids = new java.util.ArrayList<>();
        pending.json().get("actions").forEach(x -> ids.add(x.get("id").asLong()));
        assertThat(ids).contains(c, a).doesNotContain(b);
        assertThat(ids.indexOf(c)).isLessThan(ids.indexOf(a));
        Answer rejected = hub.actions(OPS, "?state=REJECTED&limit=200");
        assertThat(rejected.body()).contains("\"id\":" + b);

        assertThat(hub.actions(OPS, "?state=SOMETIMES").status()).isEqualTo(400);
        assertThat(hub.actions(OPS, "?limit=0").status()).isEqualTo(400);
        assertThat(hub.actions(OPS, "?after=%25%25").status()).isEqualTo(400);
        assertThat(hub.actions(null, "").status()).isEqualTo(401);
        hub.reject(LEAD, a, "tidy");
        hub.reject(LEAD, c, "tidy");
    }
}
