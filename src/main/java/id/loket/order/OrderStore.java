package id.loket.order;

import id.loket.api.InitiateCommand;
import id.loket.biller.BillerAnswer;
import id.loket.biller.FinnetCodec;
import id.loket.config.HubProperties;
import id.loket.config.TraceId;
import id.loket.notification.NotificationBuilder;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
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

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final HubProperties props;
    private final NotificationBuilder notifications;
    private final Clock clock;
    private final OrderPayments payments;

    public OrderStore(JdbcTemplate jdbc, TransactionTemplate tx, HubProperties props, NotificationBuilder notifications,
                      OrderPayments payments) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.props = props;
        this.notifications = notifications;
        this.payments = payments;
        this.clock = Clock.systemUTC();
    }

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
        o.expiresAt = o.createdAt.plus(props.getOrder().getTimeoutUnit().multipliedBy(cmd.timeoutMinutes()));
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
            GeneratedKeyHolder keys = new GeneratedKeyHolder();
            jdbc.update(con -> {
                var ps = con.prepareStatement("""
                        INSERT INTO payment_order (reference, merchant_id, order_id, kind, mode, status, request_hash, token,
                          amount, requested_amount, currency, description, items_json, customer_id, customer_email,
                          customer_phone, customer_first_name, customer_last_name, callback_url, success_url, fail_url,
                          back_url, meta_present, meta_data, product_code, bill_number, bill_sub_id, bill_type,
                          bill_amount, admin_fee, customer_name, due_date, bit61, inquiry_json, sof_type,
                          expires_at, created_at, updated_at)
                        VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                        new String[] {"id"});
                int i = 1;
                ps.setString(i++, "T" + o.token.substring(0, 30));
                ps.setString(i++, o.merchantId);
                ps.setString(i++, o.orderId);
                ps.setString(i++, o.kind);
                ps.setString(i++, o.mode);
                ps.setString(i++, OrderStatus.REQUEST_INITIATED.name());
                ps.setString(i++, o.requestHash);
                ps.setString(i++, o.token);
                ps.setObject(i++, o.amount);
                ps.setObject(i++, o.requestedAmount);
                ps.setString(i++, o.currency);
                ps.setString(i++, o.description);
                ps.setString(i++, o.itemsJson);
                ps.setString(i++, o.customerId);
                ps.setString(i++, o.customerEmail);
                ps.setString(i++, o.customerPhone);
                ps.setString(i++, o.customerFirstName);
                ps.setString(i++, o.customerLastName);
                ps.setString(i++, o.callbackUrl);
                ps.setString(i++, o.successUrl);
                ps.setString(i++, o.failUrl);
                ps.setString(i++, o.backUrl);
                ps.setBoolean(i++, o.metaPresent);
                ps.setString(i++, o.metaData);
                ps.setString(i++, o.productCode);
                ps.setString(i++, o.billNumber);
                ps.setString(i++, o.billSubId);
                ps.setString(i++, o.billType);
                ps.setObject(i++, o.billAmount);
                ps.setObject(i++, o.adminFee);
                ps.setString(i++, o.customerName);
                ps.setString(i++, o.dueDate);
                ps.setString(i++, o.bit61);
                ps.setString(i++, o.inquiryJson);
                ps.setString(i++, o.sofType);
                ps.setObject(i++, o.expiresAt);
                ps.setObject(i++, o.createdAt);
                ps.setObject(i, o.createdAt);
                return ps;
            }, keys);
            o.pk = keys.getKey().longValue();
            o.reference = "LKT-" + o.createdAt.withOffsetSameInstant(ZoneOffset.ofHours(7)).format(DAY)
                    + "-" + String.format("%06d", o.pk);
            jdbc.update("UPDATE payment_order SET reference = ? WHERE id = ?", o.reference, o.pk);
            insertEvent(o.pk, "mitra-request-payment", "CREATED", null, OrderStatus.REQUEST_INITIATED,
                    o.mode + " " + o.kind + " order");
            if (o.hasInquiry()) {
                insertEvent(o.pk, "biller-inquiry", "APPROVED", null, null, "inquiry at initiate, total " + o.amount);
            }
            o.status = OrderStatus.REQUEST_INITIATED;
            return o;
        });
    }

    public Optional<PaymentOrder> byMerchantOrder(String merchantId, String orderId) {
        return one("SELECT * FROM payment_order WHERE merchant_id = ? AND order_id = ?", merchantId, orderId);
    }

    public Optional<PaymentOrder> byToken(String token) {
        return one("SELECT * FROM payment_order WHERE token = ?", token);
    }

    public Optional<PaymentOrder> byPayment(String sofType, String paymentCode) {
        return one("SELECT * FROM payment_order WHERE sof_type = ? AND sof_payment_code = ?", sofType, paymentCode);
    }

    public PaymentOrder byPk(long pk) {
        return one("SELECT * FROM payment_order WHERE id = ?", pk).orElseThrow();
    }

    /** Keeps the inquiry's answer on the order; the total to charge is the biller's bill amount plus fee. */
    public void recordInquiry(PaymentOrder o, BillerAnswer a) {
        if (o.pk == 0) {
            return;
        }
        tx.executeWithoutResult(s -> {
            jdbc.update("""
                    UPDATE payment_order SET bill_amount = ?, admin_fee = ?, amount = ?, customer_name = ?, due_date = ?,
                      bit61 = ?, inquiry_json = ?, updated_at = ? WHERE id = ?""",
                    o.billAmount, o.adminFee, o.amount, o.customerName, o.dueDate, o.bit61, o.inquiryJson, now(), o.pk);
            insertEvent(o.pk, "biller-inquiry", a.outcome().name(), null, null,
                    "resultCode " + a.resultCode() + (o.amount == null ? "" : ", total " + o.amount));
        });
    }

    /**
     * The customer's choice on the hosted page, claimed once: of two tabs or a double click exactly one
     * goes on to create a payment at a provider; the claim lapses if that node dies before attaching.
     */
    public boolean claimSofChoice(PaymentOrder o, String sofType) {
        int n = jdbc.update("""
                UPDATE payment_order SET sof_type = ?, work_due_at = ?, updated_at = ?
                WHERE id = ? AND status = 'REQUEST_INITIATED' AND sof_type IS NULL AND amount IS NOT NULL""",
                sofType, now().plus(workHold()), now(), o.pk);
        return n == 1;
    }

    /** The provider did not create the payment: the customer may choose again. */
    public void releaseSofChoice(PaymentOrder o) {
        jdbc.update("""
                UPDATE payment_order SET sof_type = NULL, work_due_at = NULL
                WHERE id = ? AND status = 'REQUEST_INITIATED' AND sof_payment_code IS NULL AND mode = 'HOSTED'""", o.pk);
    }

    /** Selected SOF: the provider's payment is attached and the order waits for the customer to pay. */
    public boolean attachPayment(PaymentOrder o, OrderStatus from, String sofType, String channel, String paymentCode,
                                 String stringQr, String redirectUrl, String providerRef) {
        Boolean moved = tx.execute(s -> {
            int n = jdbc.update("""
                    UPDATE payment_order SET status = 'PENDING', sof_type = ?, sof_channel = ?, sof_payment_code = ?,
                      sof_string_qr = ?, sof_redirect_url = ?, sof_provider_ref = ?, amount = ?, sof_attached_at = ?,
                      work_due_at = ?, updated_at = ?
                    WHERE id = ? AND status = ?""",
                    sofType, channel, paymentCode, stringQr, redirectUrl, providerRef, o.amount, now(),
                    now().plus(props.getSof().getStatusCheckAfter()), now(), o.pk, from.name());
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
            int n = jdbc.update("""
                    UPDATE payment_order SET status = 'REQUEST_INITIATED', status_desc = ?, sof_type = NULL,
                      sof_channel = NULL, sof_payment_code = NULL, sof_string_qr = NULL, sof_redirect_url = NULL,
                      sof_provider_ref = NULL, sof_attached_at = NULL, work_due_at = NULL, updated_at = ?
                    WHERE id = ? AND status = 'PENDING' AND mode = 'HOSTED' AND sof_type = ? AND sof_payment_code = ?""",
                    OrderStatus.REQUEST_INITIATED.description(), now(), o.pk, sofType, paymentCode);
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
        Long result = tx.execute(s -> {
            OffsetDateTime now = now();
            int n = jdbc.update("""
                    UPDATE payment_order SET status = ?, status_desc = ?, trax_id = ?, biller_json = ?, flagging_json = ?,
                      paid_at = ?, final_at = ?, work_due_at = ?, refund_pending = ?, updated_at = ?
                    WHERE id = ? AND status = ?""" + (samePayment ? " AND sof_type = ? AND sof_payment_code = ?" : ""),
                    guard(samePayment, o, to.name(), o.statusDesc, o.traxId, o.billerJson, o.flaggingJson,
                            to == OrderStatus.PROCESSING ? now : o.paidAt, to.isFinal() ? now : null,
                            // PROCESSING: this node holds the order while it pays the bill; if it dies, another takes over.
                            to == OrderStatus.PROCESSING ? now.plus(workHold()) : to.isFinal() ? null : o.workDueAt,
                            !to.isFinal() && o.refundPending, now, o.pk, from.name()));
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

    /** The update's arguments, followed by the order's payment when the move is guarded on it. */
    private static Object[] guard(boolean samePayment, PaymentOrder o, Object... args) {
        if (!samePayment) {
            return args;
        }
        Object[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = o.sofType;
        all[args.length + 1] = o.sofPaymentCode;
        return all;
    }

    /** How long a node holds an order it works on: the lease, plus the longest partner call it may make. */
    public Duration workHold() {
        Duration call = props.getBiller().getTimeout().compareTo(props.getSof().getTimeout()) > 0
                ? props.getBiller().getTimeout() : props.getSof().getTimeout();
        return props.getWork().getLease().plus(call);
    }

    /**
     * Claims the order's due background work for this node: a compare-and-set on {@code work_due_at},
     * so of several pollers (threads or nodes) exactly one wins, and a dead node's claim lapses.
     */
    public boolean claimWork(long pk) {
        OffsetDateTime now = now();
        return jdbc.update("UPDATE payment_order SET work_due_at = ? WHERE id = ? AND work_due_at <= ?",
                now.plus(workHold()), pk, now) == 1;
    }

    /** The order's next background step is due at {@code due} (null: nothing more to do). */
    public void scheduleWork(PaymentOrder o, OffsetDateTime due) {
        jdbc.update("UPDATE payment_order SET work_due_at = ? WHERE id = ?", due, o.pk);
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
            jdbc.update("""
                    UPDATE payment_order SET trax_id = COALESCE(trax_id, ?), biller_attempts = biller_attempts + 1
                    WHERE id = ?""", "LKT" + String.format("%015d", pk), pk);
            PaymentOrder o = byPk(pk);
            insertEvent(pk, "biller-payment", o.billerAttempts == 1 ? "SENT" : "REPEATED", null, null,
                    "traxId " + o.traxId + " attempt " + o.billerAttempts);
            return o;
        });
    }

    /** The biller refused: the refund is owed from now on, whatever happens to this node. */
    public void refundOwed(PaymentOrder o) {
        jdbc.update("UPDATE payment_order SET refund_pending = TRUE, biller_json = ? WHERE id = ?", o.billerJson, o.pk);
        o.refundPending = true;
    }

    /** A payment arrived for an order that can no longer use it: the refund is owed, durably. */
    public void lateRefundOwed(PaymentOrder o) {
        jdbc.update("UPDATE payment_order SET refund_pending = TRUE, work_due_at = ? WHERE id = ?", now().plus(workHold()), o.pk);
        o.refundPending = true;
    }

    /** The owed refund is confirmed. */
    public void refundSettled(PaymentOrder o) {
        jdbc.update("UPDATE payment_order SET refund_pending = FALSE, work_due_at = NULL WHERE id = ?", o.pk);
        o.refundPending = false;
    }

    /** The outcome stays unknown after the last repeat: the order stays PROCESSING for an operator. */
    public void flagForReview(PaymentOrder o, String detail) {
        tx.executeWithoutResult(s -> {
            jdbc.update("UPDATE payment_order SET needs_review = TRUE, work_due_at = NULL WHERE id = ?", o.pk);
            insertEvent(o.pk, "manual-review", "FLAGGED", o.status, o.status, detail);
        });
        o.needsReview = true;
        o.workDueAt = null;
    }

    /** Records an arrow of the diagram that did not move the order (an inquiry, a repeat callback, a refund). */
    public void event(long orderPk, String arrow, String outcome, String detail) {
        insertEvent(orderPk, arrow, outcome, null, null, detail);
    }

    public List<OrderEvent> events(long orderPk) {
        return jdbc.query("SELECT * FROM order_event WHERE order_pk = ? ORDER BY id", (rs, i) -> new OrderEvent(
                rs.getString("arrow"), rs.getString("outcome"), rs.getString("from_status"), rs.getString("to_status"),
                rs.getString("detail"), rs.getObject("created_at", OffsetDateTime.class)), orderPk);
    }

    private void refused(PaymentOrder o, OrderStatus from, OrderStatus to, String arrow) {
        LOG.warn("Refused move {} -> {} ({}) for {}", from, to, arrow, o);
    }

    private void insertEvent(long pk, String arrow, String outcome, OrderStatus from, OrderStatus to, String detail) {
        jdbc.update("""
                INSERT INTO order_event (order_pk, arrow, outcome, from_status, to_status, detail, created_at, trace_id)
                VALUES (?,?,?,?,?,?,?,?)""",
                pk, arrow, outcome, from == null ? null : from.name(), to == null ? null : to.name(),
                detail == null ? null : detail.length() > 4000 ? detail.substring(0, 4000) : detail, now(), TraceId.current());
    }

    private Optional<PaymentOrder> one(String sql, Object... args) {
        List<PaymentOrder> rows = jdbc.query(sql, ROW, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public static final RowMapper<PaymentOrder> ROW = OrderStore::map;

    private static PaymentOrder map(ResultSet rs, int i) throws SQLException {
        PaymentOrder o = new PaymentOrder();
        o.pk = rs.getLong("id");
        o.reference = rs.getString("reference");
        o.merchantId = rs.getString("merchant_id");
        o.orderId = rs.getString("order_id");
        o.kind = rs.getString("kind");
        o.mode = rs.getString("mode");
        o.status = OrderStatus.valueOf(rs.getString("status"));
        o.statusDesc = rs.getString("status_desc");
        o.requestHash = rs.getString("request_hash");
        o.token = rs.getString("token");
        o.amount = rs.getObject("amount", Long.class);
        o.requestedAmount = rs.getObject("requested_amount", Long.class);
        o.currency = rs.getString("currency");
        o.description = rs.getString("description");
        o.itemsJson = rs.getString("items_json");
        o.customerId = rs.getString("customer_id");
        o.customerEmail = rs.getString("customer_email");
        o.customerPhone = rs.getString("customer_phone");
        o.customerFirstName = rs.getString("customer_first_name");
        o.customerLastName = rs.getString("customer_last_name");
        o.callbackUrl = rs.getString("callback_url");
        o.successUrl = rs.getString("success_url");
        o.failUrl = rs.getString("fail_url");
        o.backUrl = rs.getString("back_url");
        o.metaPresent = rs.getBoolean("meta_present");
        o.metaData = rs.getString("meta_data");
        o.productCode = rs.getString("product_code");
        o.billNumber = rs.getString("bill_number");
        o.billSubId = rs.getString("bill_sub_id");
        o.billType = rs.getString("bill_type");
        o.billAmount = rs.getObject("bill_amount", Long.class);
        o.adminFee = rs.getObject("admin_fee", Long.class);
        o.customerName = rs.getString("customer_name");
        o.dueDate = rs.getString("due_date");
        o.bit61 = rs.getString("bit61");
        o.inquiryJson = rs.getString("inquiry_json");
        o.sofType = rs.getString("sof_type");
        o.sofChannel = rs.getString("sof_channel");
        o.sofPaymentCode = rs.getString("sof_payment_code");
        o.sofStringQr = rs.getString("sof_string_qr");
        o.sofRedirectUrl = rs.getString("sof_redirect_url");
        o.sofProviderRef = rs.getString("sof_provider_ref");
        o.traxId = rs.getString("trax_id");
        o.billerJson = rs.getString("biller_json");
        o.flaggingJson = rs.getString("flagging_json");
        o.expiresAt = rs.getObject("expires_at", OffsetDateTime.class);
        o.paidAt = rs.getObject("paid_at", OffsetDateTime.class);
        o.finalAt = rs.getObject("final_at", OffsetDateTime.class);
        o.createdAt = rs.getObject("created_at", OffsetDateTime.class);
        o.workDueAt = rs.getObject("work_due_at", OffsetDateTime.class);
        o.billerAttempts = rs.getInt("biller_attempts");
        o.refundPending = rs.getBoolean("refund_pending");
        o.needsReview = rs.getBoolean("needs_review");
        o.sofAttachedAt = rs.getObject("sof_attached_at", OffsetDateTime.class);
        o.refundTaken = rs.getLong("refund_taken");
        o.refundConfirmed = rs.getLong("refund_confirmed");
        o.refundCount = rs.getInt("refund_count");
        o.refundedAt = rs.getObject("refunded_at", OffsetDateTime.class);
        return o;
    }
}
