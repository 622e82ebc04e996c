package id.loket.ops;

import id.loket.codec.Hex;
import id.loket.notification.NotificationSender;
import id.loket.order.OrderEvent;
import id.loket.order.OrderStatus;
import id.loket.order.OrderStore;
import id.loket.order.PaymentFlow;
import id.loket.order.PaymentOrder;
import id.loket.order.RefundCommand;
import id.loket.order.RefundStore;
import id.loket.order.Refusal;
import id.loket.route.FlowVariables;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Operators' actions on orders: resends and biller repeats at once, resolutions and refunds under
 * four eyes ({@code hub.ops.four-eyes}), each with its audit entries. An effect (the order's guarded
 * move, its event, its outbox row, the action's new state and the audit entries) is one transaction;
 * a move that finds the order moved meanwhile did not happen, and the action ends FAILED instead.
 * Partner calls (the biller, the provider's refund, the Mitra's notification) follow the commit.
 */
@Component
public class OpsActions {

    private static final Logger LOG = LoggerFactory.getLogger(OpsActions.class);

    public static final String RESOLVE_PAID = "RESOLVE_PAID";
    public static final String RESOLVE_NOT_PAID = "RESOLVE_NOT_PAID";
    public static final String REFUND = "REFUND";
    public static final String RESEND = "RESEND";
    public static final String RETRY_BILLER = "RETRY_BILLER";

    /** The order's events of operators' actions carry this arrow. */
    static final String ARROW = "ops-action";
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,14}");
    /** Why the money went back, in the notification's statusDesc (printable ASCII, no slash). */
    private static final String NOT_PAID_TEXT = "Dana dikembalikan, tagihan tidak terbayar - refunded, the bill was not paid";

    private final OrderStore orders;
    private final PaymentFlow flow;
    private final RefundStore refunds;
    private final NotificationSender notifications;
    private final ActionStore actions;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final OpsProperties props;
    private final ProducerTemplate camel;
    private final MeterRegistry metrics;

    public OpsActions(OrderStore orders, PaymentFlow flow, RefundStore refunds, NotificationSender notifications,
                      ActionStore actions, AuditTrail audit, TransactionTemplate tx, OpsProperties props,
                      ProducerTemplate camel, MeterRegistry metrics) {
        this.orders = orders;
        this.flow = flow;
        this.refunds = refunds;
        this.notifications = notifications;
        this.actions = actions;
        this.audit = audit;
        this.tx = tx;
        this.props = props;
        this.camel = camel;
        this.metrics = metrics;
    }

    /**
     * An approval whose effect did not happen (the order moved, or the refund no longer fits): the action
     * is FAILED with the reason, answered 409 with the action.
     */
    public static class Failed extends OpsError {
        private final transient OpsAction action;

        Failed(OpsAction action, String message) {
            super(409, "conflict", message);
            this.action = action;
        }

        public OpsAction action() {
            return action;
        }
    }

    /** The effect found the order not as it must be: nothing of the effect's transaction is kept. */
    private static final class Conflict extends RuntimeException {
        Conflict(String message) {
            super(message, null, false, false);
        }
    }

    // ---- proposals ----

    public OpsAction resolve(Operator who, String merchantId, String orderId, ResolveRequest body) {
        who.require(Role.OPERATOR);
        if (body == null) {
            throw OpsError.badRequest("body", "a JSON object with outcome and reason");
        }
        String outcome = body.outcome();
        if (outcome == null || outcome.isBlank()) {
            throw OpsError.badRequest("outcome", "missing (PAID or NOT_PAID)");
        }
        if (!outcome.equals("PAID") && !outcome.equals("NOT_PAID")) {
            throw OpsError.badRequest("outcome", "must be PAID or NOT_PAID");
        }
        String reference = body.billerReference();
        if (outcome.equals("PAID")) {
            if (reference == null || reference.isBlank()) {
                throw OpsError.badRequest("billerReference", "missing: the biller's reference of the paid bill");
            }
            if (reference.length() > 64 || !reference.matches("[\\x20-\\x7E]+")) {
                throw OpsError.badRequest("billerReference", "at most 64 printable characters");
            }
        } else {
            reference = null;
        }
        String reason = reason(body.reason(), 500);
        PaymentOrder o = order(merchantId, orderId);
        if (o.status != OrderStatus.PROCESSING) {
            throw OpsError.conflict("the order is " + o.status + ": only a PROCESSING order is resolved");
        }
        if (o.refundPending) {
            throw OpsError.conflict("the order's money is already on its way back (refund owed)");
        }
        String kind = outcome.equals("PAID") ? RESOLVE_PAID : RESOLVE_NOT_PAID;
        return propose(who, kind, o, null, reference, reason);
    }

    public OpsAction refund(Operator who, String merchantId, String orderId, RefundProposal body) {
        who.require(Role.OPERATOR);
        if (body == null) {
            throw OpsError.badRequest("body", "a JSON object with amount and reason");
        }
        Long amount = null;
        if (body.amount() != null) {
            if (!DIGITS.matcher(body.amount()).matches() || Long.parseLong(body.amount()) < 1) {
                throw OpsError.badRequest("amount", "digits, at least 1 (rupiah)");
            }
            amount = Long.parseLong(body.amount());
        }
        String reason = reason(body.reason(), 255);
        PaymentOrder o = order(merchantId, orderId);
        long toTake = refundable(o, amount);
        return propose(who, REFUND, o, toTake, null, reason);
    }

    /** The Mitra's refund's rules, as far as they can be known now; the amount to take. */
    private static long refundable(PaymentOrder o, Long amount) {
        if (o.status.refundable() && o.isBill()) {
            throw OpsError.conflict("the biller has taken the bill's payment: a bill payment is not refunded");
        }
        if (!o.status.refundable() || o.amount == null || o.sofPaymentCode == null) {
            throw OpsError.conflict("the order is " + o.status + ": only a PAID or PARTIALLY_REFUNDED plain payment is refunded");
        }
        long remaining = o.refundRemaining();
        if (remaining <= 0) {
            throw OpsError.conflict("nothing is left to refund");
        }
        if (amount != null && amount > remaining) {
            throw OpsError.badRequest("amount", remaining + " remains to be refunded");
        }
        return amount == null ? remaining : amount;
    }

    /** Under four eyes a pending proposal; without, the effect at once (DONE or FAILED). */
    private OpsAction propose(Operator who, String kind, PaymentOrder o, Long amount, String reference, String reason) {
        counter("loket.ops.proposals", kind);
        if (props.ops().fourEyes()) {
            long id = tx.execute(s -> {
                long actionId = actions.insert(kind, o.pk, o.merchantId, o.orderId, ActionStore.PENDING, o.status.name(),
                        amount, reference, reason, null, who.name(), null);
                audit.record(who, "PROPOSE", o.merchantId, o.orderId, actionId, describe(kind, amount, reference, reason), "OK");
                orders.event(o.pk, ARROW, "PROPOSED", kind + " #" + actionId + " by " + who.name() + ": " + reason);
                return actionId;
            });
            return actions.byId(id).orElseThrow();
        }
        // Without four eyes: proposed and in effect at once, by the operator alone.
        long[] result;
        try {
            result = tx.execute(s -> {
                long actionId = actions.insert(kind, o.pk, o.merchantId, o.orderId, ActionStore.DONE, o.status.name(),
                        amount, reference, reason, null, who.name(), null);
                audit.record(who, "PROPOSE", o.merchantId, o.orderId, actionId, describe(kind, amount, reference, reason)
                        + " (four eyes off: in effect at once)", "OK");
                long notification = effect(who, actionId, kind, o.pk, o.status.name(), amount, reference, reason);
                return new long[] {actionId, notification};
            });
        } catch (Conflict | Refusal e) {
            String why = e.getMessage();
            long id = tx.execute(s -> {
                long actionId = actions.insert(kind, o.pk, o.merchantId, o.orderId, ActionStore.FAILED, o.status.name(),
                        amount, reference, reason, why, who.name(), null);
                audit.record(who, "PROPOSE", o.merchantId, o.orderId, actionId, describe(kind, amount, reference, reason)
                        + " (four eyes off)", "OK");
                failedEffect(who, actionId, kind, o.merchantId, o.orderId, o.pk, why);
                return actionId;
            });
            return actions.byId(id).orElseThrow();
        }
        afterCommit(kind, result[0], o.pk, result[1]);
        return actions.byId(result[0]).orElseThrow();
    }

    // ---- decisions ----

    public OpsAction approve(Operator who, long id, String comment) {
        ActionStore.Stored s = decidable(who, id, comment, "APPROVE");
        OpsAction a = s.action();
        long notification;
        try {
            notification = tx.execute(st -> {
                if (!actions.decide(id, ActionStore.DONE, who.name(), comment, null)) {
                    throw notPending(id);
                }
                audit.record(who, "APPROVE", a.merchantId(), a.orderId(), id, a.kind() + commentText(comment), "OK");
                return effect(who, id, a.kind(), s.orderPk(), s.orderStatus(), s.amount(), s.billerReference(), a.reason());
            });
        } catch (Conflict | Refusal e) {
            String why = e.getMessage();
            tx.executeWithoutResult(st -> {
                if (!actions.decide(id, ActionStore.FAILED, who.name(), comment, why)) {
                    throw notPending(id);
                }
                audit.record(who, "APPROVE", a.merchantId(), a.orderId(), id, a.kind() + commentText(comment), "OK");
                failedEffect(who, id, a.kind(), a.merchantId(), a.orderId(), s.orderPk(), why);
            });
            counter("loket.ops.approvals", a.kind());
            OpsAction failed = actions.byId(id).orElseThrow();
            throw new Failed(failed, "not applied: " + why);
        } catch (PessimisticLockingFailureException | QueryTimeoutException e) {
            // another approver's decision holds the action's row (H2 gives up waiting for its lock)
            throw OpsError.conflict("action " + id + " is being decided by someone else");
        }
        counter("loket.ops.approvals", a.kind());
        afterCommit(a.kind(), id, s.orderPk(), notification);
        return actions.byId(id).orElseThrow();
    }

    public OpsAction reject(Operator who, long id, String comment) {
        ActionStore.Stored s = decidable(who, id, comment, "REJECT");
        OpsAction a = s.action();
        try {
            tx.executeWithoutResult(st -> {
                if (!actions.decide(id, ActionStore.REJECTED, who.name(), comment, null)) {
                    throw notPending(id);
                }
                audit.record(who, "REJECT", a.merchantId(), a.orderId(), id, a.kind() + commentText(comment), "OK");
                orders.event(s.orderPk(), ARROW, "REJECTED", a.kind() + " #" + id + " rejected by " + who.name()
                        + commentText(comment));
            });
        } catch (PessimisticLockingFailureException | QueryTimeoutException e) {
            throw OpsError.conflict("action " + id + " is being decided by someone else");
        }
        counter("loket.ops.rejections", a.kind());
        return actions.byId(id).orElseThrow();
    }

    /**
     * Who may decide: an approver (else 403, audited REFUSED), on an existing action (404), not their own
     * proposal (403, audited REFUSED), one still pending (409).
     */
    private ActionStore.Stored decidable(Operator who, long id, String comment, String auditAction) {
        ActionStore.Stored s = actions.stored(id).orElse(null);
        if (!who.has(Role.APPROVER)) {
            audit.record(who, auditAction, s == null ? null : s.action().merchantId(), s == null ? null : s.action().orderId(),
                    s == null ? null : id, "action " + id + ": " + who.name() + " does not have the role approver", "REFUSED");
            throw OpsError.forbidden(who.name() + " does not have the role approver");
        }
        if (s == null) {
            throw OpsError.notFound("no action " + id);
        }
        if (comment != null && comment.length() > 500) {
            throw OpsError.badRequest("comment", "at most 500 characters");
        }
        OpsAction a = s.action();
        if (who.name().equals(a.proposedBy())) {
            audit.record(who, auditAction, a.merchantId(), a.orderId(), id, a.kind() + ": one's own proposal", "REFUSED");
            throw OpsError.forbidden("four eyes: " + who.name() + " proposed action " + id
                    + "; another approver decides it");
        }
        if (!ActionStore.PENDING.equals(a.state())) {
            throw notPending(id);
        }
        return s;
    }

    private OpsError notPending(long id) {
        String state = actions.byId(id).map(OpsAction::state).orElse("unknown");
        return OpsError.conflict("action " + id + " is " + state + ", not PENDING_APPROVAL");
    }

    // ---- effects ----

    /**
     * The action's effect, inside the caller's transaction: the order's guarded move (or the refund
     * taken), its event, the outbox row, the RESOLVE audit entry. Returns the outbox row's id to send
     * after the commit (0: none). Throws {@link Conflict} or {@link Refusal} when the order is not as the
     * action needs: the caller's transaction then keeps nothing.
     */
    private long effect(Operator who, long actionId, String kind, long orderPk, String proposedStatus, Long amount,
                        String reference, String reason) {
        PaymentOrder o = orders.byPk(orderPk);
        if (!o.status.name().equals(proposedStatus)) {
            throw new Conflict("the order is " + o.status + " now, " + proposedStatus + " when proposed");
        }
        String detail = kind + " #" + actionId + " by " + who.name() + ": " + reason;
        switch (kind) {
            case RESOLVE_PAID -> {
                long notification = flow.resolvedPaid(o, reference, ARROW, detail + ", biller reference " + reference);
                if (notification < 0) {
                    throw new Conflict(moved(o.pk, "PAID"));
                }
                orders.clearReview(o.pk);
                audit.record(who, "RESOLVE", o.merchantId, o.orderId, actionId, "PAID, biller reference " + reference, "OK");
                actions.outcome(actionId, ActionStore.DONE, "PROCESSING -> PAID, reffNo " + reference);
                return notification;
            }
            case RESOLVE_NOT_PAID -> {
                o.refusalText = NOT_PAID_TEXT;
                if (!orders.resolvedNotPaid(o, ARROW, detail + "; the provider's refund is asked")) {
                    throw new Conflict(moved(o.pk, "NOT_PAID"));
                }
                audit.record(who, "RESOLVE", o.merchantId, o.orderId, actionId,
                        "NOT_PAID: " + o.amount + " back to the customer through " + o.sofType, "OK");
                actions.outcome(actionId, ActionStore.DONE, "refund of " + o.amount + " owed; REFUNDED once the provider confirms");
                return 0;
            }
            case REFUND -> {
                RefundStore.Taken t = refunds.take(o.merchantId, new RefundCommand(RefundCommand.REFUND, o.orderId, amount,
                        reason, "ops-action-" + actionId, Hex.sha256("ops-action\n" + actionId + "\n" + amount)));
                orders.event(o.pk, ARROW, "REFUND", detail + ", " + t.refund().refundRef() + " " + amount);
                actions.outcome(actionId, ActionStore.DONE, "refund " + t.refund().refundRef() + " of " + amount + " taken");
                return 0;
            }
            default -> throw new IllegalStateException("no effect for " + kind);
        }
    }

    private String moved(long pk, String outcome) {
        PaymentOrder now = orders.byPk(pk);
        return "not resolved " + outcome + ": the order is " + now.status
                + (now.refundPending ? " with its refund owed" : "") + " now";
    }

    /** The effect did not happen: its audit entry and the order's event say why. */
    private void failedEffect(Operator who, long actionId, String kind, String merchantId, String orderId, long orderPk,
                              String why) {
        if (!REFUND.equals(kind)) {
            audit.record(who, "RESOLVE", merchantId, orderId, actionId, kind + " not applied: " + why, "FAILED");
        }
        orders.event(orderPk, ARROW, "FAILED", kind + " #" + actionId + ": " + why);
    }

    /** After the commit: the notification goes out, an operator's refund is asked of the provider. */
    private void afterCommit(String kind, long actionId, long orderPk, long notification) {
        if (notification > 0) {
            notify(notification);
        }
        if (REFUND.equals(kind)) {
            askRefund(actionId, orderPk);
        }
    }

    private void notify(long notification) {
        camel.send("direct:notify-mitra", ex -> ex.setVariable(FlowVariables.NOTIFICATION, notification));
    }

    /** The refund taken is asked of the provider now; unconfirmed, it stays owed and the poller asks again. */
    private void askRefund(long actionId, long orderPk) {
        var refund = refunds.owed(orderPk).stream()
                .filter(r -> ("ops-action-" + actionId).equals(r.idempotencyKey())).findFirst().orElse(null);
        if (refund == null) {
            return;
        }
        Exchange ex = camel.send("direct:ops-refund", e -> {
            e.setVariable(FlowVariables.REFUND, refund);
            e.setVariable(FlowVariables.ORDER, orders.byPk(orderPk));
        });
        if (ex.getException() != null) {
            LOG.warn("Operator's refund {} not asked yet ({}): the poller asks again", refund.refundRef(),
                    ex.getException().toString());
        }
    }

    // ---- at once ----

    public OpsAction resend(Operator who, String merchantId, String orderId) {
        who.require(Role.OPERATOR);
        PaymentOrder o = order(merchantId, orderId);
        long[] result;
        try {
            result = tx.execute(s -> {
                long notification = notifications.resendBy(o, "operator " + who.name());
                long actionId = actions.insert(RESEND, o.pk, o.merchantId, o.orderId, ActionStore.DONE, o.status.name(),
                        null, null, null, "notification " + notification + " (" + o.status + ") sent again", who.name(), null);
                audit.record(who, "RESEND", o.merchantId, o.orderId, actionId, o.status + " notification sent again", "OK");
                orders.event(o.pk, ARROW, RESEND, "#" + actionId + " by " + who.name());
                return new long[] {actionId, notification};
            });
        } catch (Refusal e) {
            throw OpsError.conflict("the order is " + o.status + ": it has no final notification to send again");
        }
        notify(result[1]);
        return actions.byId(result[0]).orElseThrow();
    }

    public OpsAction retryBiller(Operator who, String merchantId, String orderId) {
        who.require(Role.OPERATOR);
        PaymentOrder o = order(merchantId, orderId);
        if (o.status != OrderStatus.PROCESSING || !o.isBill()) {
            throw OpsError.conflict("the order is " + o.status + (o.isBill() ? "" : " (not a bill payment)")
                    + ": only a PROCESSING bill order's biller payment is repeated");
        }
        long actionId = tx.execute(s -> {
            // The order's work, claimed: the poller does not send another message for it meanwhile.
            if (!orders.claimForRepeat(o.pk)) {
                PaymentOrder now = orders.byPk(o.pk);
                throw OpsError.conflict(now.status != OrderStatus.PROCESSING ? "the order is " + now.status + " now"
                        : now.refundPending ? "the order's money is on its way back (refund owed)"
                        : "the hub is working on the order right now (a repeat is under way); try again shortly");
            }
            long id = actions.insert(RETRY_BILLER, o.pk, o.merchantId, o.orderId, ActionStore.DONE, o.status.name(),
                    null, null, null, "biller payment repeated (traxId " + o.traxId + ")", who.name(), null);
            audit.record(who, "RETRY_BILLER", o.merchantId, o.orderId, id, "traxId " + o.traxId
                    + " after " + o.billerAttempts + " messages", "OK");
            orders.event(o.pk, ARROW, RETRY_BILLER, "#" + id + " by " + who.name());
            return id;
        });
        Exchange ex = camel.send("direct:ops-retry-biller", e -> e.setVariable(FlowVariables.ORDER, orders.byPk(o.pk)));
        PaymentOrder after = orders.byPk(o.pk);
        List<OrderEvent> events = orders.events(o.pk);
        String answer = events.stream().filter(e -> "biller-payment".equals(e.arrow()))
                .reduce((first, second) -> second).map(e -> e.outcome() + " " + e.detail()).orElse("");
        actions.outcome(actionId, ActionStore.DONE, "traxId " + after.traxId + " attempt " + after.billerAttempts
                + ": " + answer + "; the order is " + after.status
                + (ex.getException() == null ? "" : " (" + ex.getException().getMessage() + ")"));
        return actions.byId(actionId).orElseThrow();
    }

    // ---- reading ----

    /** Actions newest first; {@code state} null for all. */
    public Page<OpsAction> page(String state, int limit, String after) {
        if (state != null && !state.isEmpty() && !ActionStore.STATES.contains(state)) {
            throw OpsError.badRequest("state", "one of " + String.join(", ", ActionStore.STATES));
        }
        Long before = null;
        if (after != null && !after.isEmpty()) {
            try {
                before = Long.parseLong(Page.position(after));
            } catch (NumberFormatException e) {
                throw OpsError.badRequest("after", "not a cursor of this list");
            }
        }
        List<OpsAction> rows = actions.page(state == null || state.isEmpty() ? null : state, limit + 1, before);
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<OpsAction> page = List.copyOf(rows.subList(0, limit));
        return new Page<>(page, Page.cursor(Long.toString(page.get(limit - 1).id())));
    }

    // ---- helpers ----

    private PaymentOrder order(String merchantId, String orderId) {
        return orders.byMerchantOrder(merchantId, orderId)
                .orElseThrow(() -> OpsError.notFound("no order " + orderId + " of merchant " + merchantId));
    }

    private static String reason(String reason, int max) {
        if (reason == null || reason.isBlank()) {
            throw OpsError.badRequest("reason", "missing: why (for the audit trail)");
        }
        if (reason.length() > max) {
            throw OpsError.badRequest("reason", "at most " + max + " characters");
        }
        return reason;
    }

    private static String describe(String kind, Long amount, String reference, String reason) {
        return kind + (amount == null ? "" : " " + amount) + (reference == null ? "" : " reference " + reference)
                + ": " + reason;
    }

    private static String commentText(String comment) {
        return comment == null || comment.isBlank() ? "" : ": " + comment;
    }

    private void counter(String name, String kind) {
        Counter.builder(name).tag("kind", kind).register(metrics).increment();
    }
}
