package id.loket.order;

import id.loket.biller.BillerAnswer;
import id.loket.config.HubProperties;
import id.loket.config.TraceId;
import id.loket.config.Wib;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The order store and its state machine. Every move is one guarded update
 * ({@code ... WHERE id = ? AND status = ?}) plus an event row in one transaction; a move into a
 * final status also writes the notification to the outbox in that transaction, so a final
 * status never exists without its notification.
 */
@Component("orderStore")
public class OrderStore {

    private static final Logger LOG = LoggerFactory.getLogger(OrderStore.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    /**
     * An order's row, read into {@link PaymentOrder} by Spring's {@code SimplePropertyRowMapper}: each
     * column to the field of its name ({@code sof_payment_code} to {@code sofPaymentCode}), {@code id} to {@code pk}.
     */
    private static final String ORDER = "SELECT *, id AS pk FROM payment_order";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final HubProperties props;
    private final NotificationBuilder notifications;
    private final Clock clock;
    private final OrderPayments payments;

    public OrderStore(JdbcClient jdbc, TransactionTemplate tx, HubProperties props, NotificationBuilder notifications,
                      OrderPayments payments, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.props = props;
        this.notifications = notifications;
        this.payments = payments;
        this.clock = clock;
    }

    /** The hub's clock, now. */
    OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    /** A new, not yet stored order for a validated request; its token is 256 random bits. */
    public PaymentOrder draft(InitiateCommand cmd, String merchantId) {
        PaymentOrder o = new PaymentOrder();
        o.merchantId = merchantId;
        o.orderId = cmd.orderId();
        o.kind = cmd.kind();
        o.mode = cmd.isCore() ? "CORE" : "HOSTED";
        o.status = cmd.isCore() ? OrderStatus.PENDING : OrderStatus.REQUEST_INITIATED;
        o.requestHash = cmd.requestHash();
        byte[] token = new byte[32];
        RANDOM.nextBytes(token);
        o.token = HexFormat.of().formatHex(token);
        o.amount = cmd.isBill() ? null : cmd.amount();
        o.requestedAmount = cmd.amount();
        o.currency = cmd.currency() == null ? "IDR" : cmd.currency();
        o.description = cmd.description();
        o.itemsJson = cmd.items() == null ? null : itemsJson(cmd.items());
        o.customerId = cmd.customerId();
        o.customerEmail = cmd.customerEmail();
        o.customerPhone = cmd.customerPhone();
        o.customerFirstName = cmd.customerFirstName();
        o.customerLastName = cmd.customerLastName();
        o.callbackUrl = cmd.callbackUrl();
        o.successUrl = cmd.successUrl();
        o.failUrl = cmd.failUrl();
        o.backUrl = cmd.backUrl();
        o.metaPresent = cmd.metaPresent();
        o.metaData = cmd.metaData();
        o.productCode = cmd.productCode();
        o.billNumber = cmd.billNumber();
        o.billSubId = cmd.billSubId();
        o.billType = cmd.billType();
        o.sofType = cmd.sofType();
        o.createdAt = now();
        o.expiresAt = o.createdAt.plus(props.order().timeoutUnit().multipliedBy(cmd.timeoutMinutes()));
        return o;
    }

    /** Items as sent (compact JSON, characters unescaped), so their stored size stays within the body's. */
    private static String itemsJson(Object items) {
        try {
            return ITEMS_JSON.writeValueAsString(items);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("items are not JSON", e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper ITEMS_JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** Stores a drafted order with its first event; a duplicate (merchant, order id) raises DuplicateKeyException. */
    public PaymentOrder insert(PaymentOrder o) {
        return tx.execute(status -> {
            // A unique placeholder until the row's id gives the reference its number.
            o.reference = "T" + o.token.substring(0, 30);
            o.status = OrderStatus.REQUEST_INITIATED;
            GeneratedKeyHolder keys = new GeneratedKeyHolder();
            jdbc.sql("""
                    INSERT INTO payment_order (reference, merchant_id, order_id, kind, mode, status, request_hash, token,
                      amount, requested_amount, currency, description, items_json, customer_id, customer_email,
                      customer_phone, customer_first_name, customer_last_name, callback_url, success_url, fail_url,
                      back_url, meta_present, meta_data, product_code, bill_number, bill_sub_id, bill_type,
                      bill_amount, admin_fee, customer_name, due_date, bit61, inquiry_json, sof_type,
                      expires_at, created_at, updated_at)
                    VALUES (:reference, :merchantId, :orderId, :kind, :mode, 'REQUEST_INITIATED', :requestHash, :token,
                      :amount, :requestedAmount, :currency, :description, :itemsJson, :customerId, :customerEmail,
                      :customerPhone, :customerFirstName, :customerLastName, :callbackUrl, :successUrl, :failUrl,
                      :backUrl, :metaPresent, :metaData, :productCode, :billNumber, :billSubId, :billType,
                      :billAmount, :adminFee, :customerName, :dueDate, :bit61, :inquiryJson, :sofType,
                      :expiresAt, :createdAt, :createdAt)""")
                    .paramSource(o)
                    .update(keys, "id");
            o.pk = keys.getKey().longValue();
            o.reference = "LKT-" + o.createdAt.atZoneSameInstant(Wib.ZONE).format(DAY) + "-" + String.format("%06d", o.pk);
            jdbc.sql("UPDATE payment_order SET reference = :reference WHERE id = :pk").paramSource(o).update();
            insertEvent(o.pk, "mitra-request-payment", "CREATED", null, OrderStatus.REQUEST_INITIATED,
                    o.mode + " " + o.kind + " order");
            if (o.hasInquiry()) {
                insertEvent(o.pk, "biller-inquiry", "APPROVED", null, null, "inquiry at initiate, total " + o.amount);
            }
            return o;
        });
    }

    public Optional<PaymentOrder> byMerchantOrder(String merchantId, String orderId) {
        return jdbc.sql(ORDER + " WHERE merchant_id = :merchantId AND order_id = :orderId")
                .param("merchantId", merchantId).param("orderId", orderId).query(PaymentOrder.class).optional();
    }

    public Optional<PaymentOrder> byToken(String token) {
        return jdbc.sql(ORDER + " WHERE token = :token").param("token", token).query(PaymentOrder.class).optional();
    }

    public Optional<PaymentOrder> byPayment(String sofType, String paymentCode) {
        return jdbc.sql(ORDER + " WHERE sof_type = :sofType AND sof_payment_code = :paymentCode")
                .param("sofType", sofType).param("paymentCode", paymentCode).query(PaymentOrder.class).optional();
    }

    public PaymentOrder byPk(long pk) {
        return jdbc.sql(ORDER + " WHERE id = :pk").param("pk", pk).query(PaymentOrder.class).single();
    }

    /** The order's row, locked until the transaction ends ({@code SELECT ... FOR UPDATE}). */
    PaymentOrder lock(long pk) {
        return jdbc.sql(ORDER + " WHERE id = :pk FOR UPDATE").param("pk", pk).query(PaymentOrder.class).single();
    }

    /** Keeps the inquiry's answer on the order; the total to charge is the biller's bill amount plus fee. */
    public void recordInquiry(PaymentOrder o, BillerAnswer a) {
        if (o.pk == 0) {
            return;
        }
        tx.executeWithoutResult(s -> {
            jdbc.sql("""
                    UPDATE payment_order SET bill_amount = :billAmount, admin_fee = :adminFee, amount = :amount,
                      customer_name = :customerName, due_date = :dueDate, bit61 = :bit61, inquiry_json = :inquiryJson,
                      updated_at = :now WHERE id = :pk""")
                    .param("billAmount", o.billAmount).param("adminFee", o.adminFee).param("amount", o.amount)
                    .param("customerName", o.customerName).param("dueDate", o.dueDate).param("bit61", o.bit61)
                    .param("inquiryJson", o.inquiryJson).param("now", now()).param("pk", o.pk).update();
            insertEvent(o.pk, "biller-inquiry", a.outcome().name(), null, null,
                    "resultCode " + a.resultCode() + (o.amount == null ? "" : ", total " + o.amount));
        });
    }

    /**
     * The customer's choice on the hosted page, claimed once: of two tabs or a double click exactly one
     * goes on to create a payment at a provider; the claim lapses if that node dies before attaching.
     */
    public boolean claimSofChoice(PaymentOrder o, String sofType) {
        OffsetDateTime now = now();
        return jdbc.sql("""
                UPDATE payment_order SET sof_type = :sofType, work_due_at = :due, updated_at = :now
                WHERE id = :pk AND status = 'REQUEST_INITIATED' AND sof_type IS NULL AND amount IS NOT NULL""")
                .param("sofType", sofType).param("due", now.plus(workHold())).param("now", now).param("pk", o.pk)
                .update() == 1;
    }

    /** The provider did not create the payment: the customer may choose again. */
    public void releaseSofChoice(PaymentOrder o) {
        jdbc.sql("""
                UPDATE payment_order SET sof_type = NULL, work_due_at = NULL
                WHERE id = :pk AND status = 'REQUEST_INITIATED' AND sof_payment_code IS NULL AND mode = 'HOSTED'""")
                .param("pk", o.pk).update();
    }

    /** Selected SOF: the provider's payment is attached and the order waits for the customer to pay. */
    public boolean attachPayment(PaymentOrder o, OrderStatus from, String sofType, String channel, String paymentCode,
                                 String stringQr, String redirectUrl, String providerRef) {
        Boolean moved = tx.execute(s -> {
            OffsetDateTime now = now();
            int n = jdbc.sql("""
                    UPDATE payment_order SET status = 'PENDING', sof_type = :sofType, sof_channel = :channel,
                      sof_payment_code = :paymentCode, sof_string_qr = :stringQr, sof_redirect_url = :redirectUrl,
                      sof_provider_ref = :providerRef, amount = :amount, sof_attached_at = :now, work_due_at = :due,
                      updated_at = :now
                    WHERE id = :pk AND status = :from""")
                    .param("sofType", sofType).param("channel", channel).param("paymentCode", paymentCode)
                    .param("stringQr", stringQr).param("redirectUrl", redirectUrl).param("providerRef", providerRef)
                    .param("amount", o.amount).param("now", now).param("due", now.plus(props.sof().statusCheckAfter()))
                    .param("pk", o.pk).param("from", from.name()).update();
            if (n == 1) {
                insertEvent(o.pk, "selected-sof", "OK", from, OrderStatus.PENDING, sofType + " " + paymentCode);
                payments.opened(o.pk, sofType, channel, paymentCode, providerRef, o.amount);
            }
            return n == 1;
        });
        if (Boolean.TRUE.equals(moved)) {
            o.status = OrderStatus.PENDING;
            o.sofType = sofType;
            o.sofChannel = channel;
            o.sofPaymentCode = paymentCode;
            o.sofStringQr = stringQr;
            o.sofRedirectUrl = redirectUrl;
            o.sofProviderRef = providerRef;
            return true;
        }
        refused(o, from, OrderStatus.PENDING, "selected-sof");
        return false;
    }

    /**
     * The customer changed the method and the provider confirmed the close of the order's payment
     * {@code paymentCode}: the order goes back to choosing (PENDING -> REQUEST_INITIATED), its closed
     * payment kept in {@code order_payment}. Only while the order is a hosted one still waiting for
     * exactly that payment; false when it moved meanwhile (paid, cancelled, expired, another tab).
     */
    public boolean reopenChoice(PaymentOrder o, String sofType, String paymentCode) {
        if (!OrderStatus.PENDING.canMoveTo(OrderStatus.REQUEST_INITIATED)) {
            return false;
        }
        Boolean moved = tx.execute(s -> {
            int n = jdbc.sql("""
                    UPDATE payment_order SET status = 'REQUEST_INITIATED', status_desc = :statusDesc, sof_type = NULL,
                      sof_channel = NULL, sof_payment_code = NULL, sof_string_qr = NULL, sof_redirect_url = NULL,
                      sof_provider_ref = NULL, sof_attached_at = NULL, work_due_at = NULL, updated_at = :now
                    WHERE id = :pk AND status = 'PENDING' AND mode = 'HOSTED' AND sof_type = :sofType
                      AND sof_payment_code = :paymentCode""")
                    .param("statusDesc", OrderStatus.REQUEST_INITIATED.description()).param("now", now())
                    .param("pk", o.pk).param("sofType", sofType).param("paymentCode", paymentCode).update();
            if (n != 1) {
                return false;
            }
            if (!payments.closed(o.pk, sofType, paymentCode)) {
                throw new IllegalStateException(o + " has no open payment " + sofType + " " + paymentCode);
            }
            insertEvent(o.pk, "customer-change-payment-method", OrderStatus.REQUEST_INITIATED.name(),
                    OrderStatus.PENDING, OrderStatus.REQUEST_INITIATED, sofType + " " + paymentCode + " closed");
            return true;
        });
        if (Boolean.TRUE.equals(moved)) {
            o.status = OrderStatus.REQUEST_INITIATED;
            o.sofType = null;
            o.sofChannel = null;
            o.sofPaymentCode = null;
            o.sofStringQr = null;
            o.sofRedirectUrl = null;
            o.sofProviderRef = null;
            return true;
        }
        refused(o, OrderStatus.PENDING, OrderStatus.REQUEST_INITIATED, "customer-change-payment-method");
        return false;
    }

    /**
     * Moves the order {@code from -> to} if it is still in {@code from}. A final status writes the
     * notification outbox row in the same transaction and returns its id; otherwise returns 0.
     * Returns -1 when the order was not in {@code from} (the move did not happen).
     */
    public long move(PaymentOrder o, OrderStatus from, OrderStatus to, String arrow, String detail) {
        if (!from.canMoveTo(to)) {
            refused(o, from, to, arrow);
            return -1;
        }
        // A move out of PENDING is about the payment the order waited for: if the customer changed the
        // method meanwhile, the order waits for another payment and the move does not happen.
        boolean samePayment = from == OrderStatus.PENDING && o.sofPaymentCode != null;
        // PROCESSING -> PAID never happens once the customer's money is owed back (an operator resolved the
        // order NOT_PAID, or the biller refused): a late approval finds the refund under way.
        boolean notOwed = from == OrderStatus.PROCESSING && to == OrderStatus.PAID;
        Long result = tx.execute(s -> {
            OffsetDateTime now = now();
            int n = jdbc.sql("""
                    UPDATE payment_order SET status = :to, status_desc = :statusDesc, trax_id = :traxId,
                      biller_json = :billerJson, flagging_json = :flaggingJson, paid_at = :paidAt, final_at = :finalAt,
                      work_due_at = :due, refund_pending = :refundPending, updated_at = :now
                    WHERE id = :pk AND status = :from"""
                    + (samePayment ? " AND sof_type = :sofType AND sof_payment_code = :paymentCode" : "")
                    + (notOwed ? " AND refund_pending = FALSE" : ""))
                    .param("to", to.name()).param("statusDesc", o.statusDesc).param("traxId", o.traxId)
                    .param("billerJson", o.billerJson).param("flaggingJson", o.flaggingJson)
                    .param("paidAt", to == OrderStatus.PROCESSING ? now : o.paidAt)
                    .param("finalAt", to.isFinal() ? now : null)
                    // PROCESSING: this node holds the order while it pays the bill; if it dies, another takes over.
                    .param("due", to == OrderStatus.PROCESSING ? now.plus(workHold()) : to.isFinal() ? null : o.workDueAt)
                    .param("refundPending", !to.isFinal() && o.refundPending).param("now", now)
                    .param("pk", o.pk).param("from", from.name())
                    .param("sofType", o.sofType).param("paymentCode", o.sofPaymentCode)
                    .update();
            if (n != 1) {
                return -1L;
            }
            insertEvent(o.pk, arrow, to.name(), from, to, detail);
            o.status = to;
            if (to == OrderStatus.PROCESSING) {
                o.paidAt = now;
            }
            if (!to.isFinal()) {
                return 0L;
            }
            o.finalAt = now;
            return notifications.enqueue(o);
        });
        if (result == null || result < 0) {
            refused(o, from, to, arrow);
            return -1;
        }
        return result;
    }

    /** How long a node holds an order it works on: the lease, plus the longest partner call it may make. */
    public Duration workHold() {
        Duration call = props.biller().timeout().compareTo(props.sof().timeout()) > 0
                ? props.biller().timeout() : props.sof().timeout();
        return props.work().lease().plus(call);
    }

    /**
     * Claims the order's due background work for this node: a compare-and-set on {@code work_due_at},
     * so of several pollers (threads or nodes) exactly one wins, and a dead node's claim lapses.
     */
    public boolean claimWork(long pk) {
        OffsetDateTime now = now();
        return jdbc.sql("UPDATE payment_order SET work_due_at = :due WHERE id = :pk AND work_due_at <= :now")
                .param("due", now.plus(workHold())).param("pk", pk).param("now", now).update() == 1;
    }

    /** The order's next background step is due at {@code due} (null: nothing more to do). */
    public void scheduleWork(PaymentOrder o, OffsetDateTime due) {
        dueAt(o.pk, due);
        o.workDueAt = due;
    }

    /**
     * Starts one biller payment message: gives the order its one biller transaction id (kept for every
     * repeat), counts the attempt and records it, in one transaction committed before the message
     * leaves, so after a crash the next message is sent as a repeat of the same traxId. Returns the
     * order as stored now, with its traxId and attempt count.
     */
    public PaymentOrder startBillerAttempt(long pk) {
        return tx.execute(s -> {
            jdbc.sql("""
                    UPDATE payment_order SET trax_id = COALESCE(trax_id, :traxId), biller_attempts = biller_attempts + 1
                    WHERE id = :pk""").param("traxId", "LKT" + String.format("%015d", pk)).param("pk", pk).update();
            PaymentOrder o = byPk(pk);
            insertEvent(pk, "biller-payment", o.billerAttempts == 1 ? "SENT" : "REPEATED", null, null,
                    "traxId " + o.traxId + " attempt " + o.billerAttempts);
            return o;
        });
    }

    /**
     * The biller refused: the refund is owed from now on, whatever happens to this node, and why (the
     * order's {@code refusalText}) is kept for the notification of the refund's confirmation.
     */
    public boolean refundOwed(PaymentOrder o) {
        // Only while the order is PROCESSING: a late refusal must not refund an order an operator resolved PAID.
        boolean owed = jdbc.sql("""
                UPDATE payment_order SET refund_pending = TRUE, biller_json = :billerJson, refusal_text = :refusalText
                WHERE id = :pk AND status = 'PROCESSING'""").paramSource(o).update() == 1;
        o.refundPending = owed;
        return owed;
    }

    /**
     * An operator's NOT_PAID resolution: the customer's money is owed back (PROCESSING and not owed
     * already), the review flag clears and the work is due now, so the {@code order-work} poller asks
     * the provider's refund. False when the order moved meanwhile (the move did not happen).
     */
    public boolean resolvedNotPaid(PaymentOrder o, String arrow, String detail) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            OffsetDateTime now = now();
            int n = jdbc.sql("""
                    UPDATE payment_order SET refund_pending = TRUE, needs_review = FALSE, refusal_text = :refusalText,
                      work_due_at = :now, updated_at = :now
                    WHERE id = :pk AND status = 'PROCESSING' AND refund_pending = FALSE""")
                    .param("refusalText", o.refusalText).param("now", now).param("pk", o.pk).update();
            if (n == 1) {
                insertEvent(o.pk, arrow, "REFUND_OWED", null, null, detail);
                o.refundPending = true;
                o.needsReview = false;
            }
            return n == 1;
        }));
    }

    /** The review flag clears (an operator resolved the order). */
    public void clearReview(long pk) {
        jdbc.sql("UPDATE payment_order SET needs_review = FALSE WHERE id = :pk").param("pk", pk).update();
    }

    /**
     * Claims a PROCESSING bill order's work for an operator's biller repeat now: like {@link #claimWork},
     * a compare-and-set on {@code work_due_at} (NULL for an order flagged for review), so the poller does
     * not send a second message at the same time; never while a refund is owed.
     */
    public boolean claimForRepeat(long pk) {
        OffsetDateTime now = now();
        return jdbc.sql("""
                UPDATE payment_order SET work_due_at = :due
                WHERE id = :pk AND status = 'PROCESSING' AND kind = 'BILL' AND refund_pending = FALSE
                  AND (work_due_at IS NULL OR work_due_at <= :now)""")
                .param("due", now.plus(workHold())).param("pk", pk).param("now", now).update() == 1;
    }

    /** A payment arrived for an order that can no longer use it: the refund is owed, durably. */
    public void lateRefundOwed(PaymentOrder o) {
        jdbc.sql("UPDATE payment_order SET refund_pending = TRUE, work_due_at = :due WHERE id = :pk")
                .param("due", now().plus(workHold())).param("pk", o.pk).update();
        o.refundPending = true;
    }

    /** The owed refund is confirmed. */
    public void refundSettled(PaymentOrder o) {
        jdbc.sql("UPDATE payment_order SET refund_pending = FALSE, work_due_at = NULL WHERE id = :pk").param("pk", o.pk).update();
        o.refundPending = false;
    }

    /** The outcome stays unknown after the last repeat: the order stays PROCESSING for an operator. */
    public void flagForReview(PaymentOrder o, String detail) {
        // Not once a refund is owed (an operator resolved it NOT_PAID meanwhile): the refund's work goes on.
        boolean flagged = Boolean.TRUE.equals(tx.execute(s -> {
            int n = jdbc.sql("UPDATE payment_order SET needs_review = TRUE, flagged_at = :now, work_due_at = NULL"
                    + " WHERE id = :pk AND status = 'PROCESSING' AND refund_pending = FALSE")
                    .param("now", now()).param("pk", o.pk).update();
            if (n == 1) {
                insertEvent(o.pk, "manual-review", "FLAGGED", o.status, o.status, detail);
            }
            return n == 1;
        }));
        if (flagged) {
            o.needsReview = true;
            o.workDueAt = null;
        }
    }

    /** Records an arrow of the diagram that did not move the order (an inquiry, a repeat callback, a refund). */
    public void event(long orderPk, String arrow, String outcome, String detail) {
        insertEvent(orderPk, arrow, outcome, null, null, detail);
    }

    public List<OrderEvent> events(long orderPk) {
        return jdbc.sql("SELECT *, created_at AS at FROM order_event WHERE order_pk = :pk ORDER BY id").param("pk", orderPk)
                .query(OrderEvent.class).list();
    }

    /** The order's background work is due at {@code due} (null: none), whoever holds it now. */
    void dueAt(long pk, OffsetDateTime due) {
        jdbc.sql("UPDATE payment_order SET work_due_at = :due WHERE id = :pk").param("due", due).param("pk", pk).update();
    }

    private void refused(PaymentOrder o, OrderStatus from, OrderStatus to, String arrow) {
        LOG.warn("Refused move {} -> {} ({}) for {}", from, to, arrow, o);
    }

    /** One event row of the order: an arrow of the diagram, its outcome and the move it made, if any. */
    void insertEvent(long pk, String arrow, String outcome, OrderStatus from, OrderStatus to, String detail) {
        jdbc.sql("""
                INSERT INTO order_event (order_pk, arrow, outcome, from_status, to_status, detail, created_at, trace_id)
                VALUES (:pk, :arrow, :outcome, :from, :to, :detail, :now, :trace)""")
                .param("pk", pk).param("arrow", arrow).param("outcome", outcome)
                .param("from", from == null ? null : from.name()).param("to", to == null ? null : to.name())
                .param("detail", detail == null ? null : detail.length() > 4000 ? detail.substring(0, 4000) : detail)
                .param("now", now()).param("trace", TraceId.current()).update();
    }
}
