package id.loket.sandbox;

import id.loket.config.HubProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.loket.sof.SofFamily;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The simulated SOF providers' payments ({@code sandbox_sof_payment}) and their state moves.
 * Every move is one guarded UPDATE ({@code ... AND status = ?}); a move that finds the payment in
 * another state did not happen, and the caller is told the state it found.
 */
@Component
@ConditionalOnProperty(name = "hub.sandbox.enabled", havingValue = "true")
class SofPayments {

    static final String CREATED = "CREATED";
    static final String PAID = "PAID";
    static final String DECLINED = "DECLINED";
    static final String CLOSED = "CLOSED";
    static final String REFUNDED = "REFUNDED";
    static final String PARTIALLY_REFUNDED = "PARTIALLY_REFUNDED";
    /** The refund reference of a request that names none: one automatic refund of the whole payment. */
    static final String AUTOMATIC = "AUTO";

    /** Per VA type: the first four digits of its numbers (distinct, so numbers never collide) and its bank code. */
    private static final Map<String, String> VA_PREFIX = Map.ofEntries(Map.entry("vabca", "3901"),
            Map.entry("vabjb", "8110"), Map.entry("vabnc", "8490"), Map.entry("vabni", "9881"), Map.entry("vabri", "2625"),
            Map.entry("vabsi", "9347"), Map.entry("vabtn", "9200"), Map.entry("vacimb", "5919"),
            Map.entry("vadanamon", "7915"), Map.entry("vadki", "8111"), Map.entry("vamandiri", "8802"),
            Map.entry("vamaybank", "7816"), Map.entry("vamega", "8426"), Map.entry("vamuamalat", "8147"),
            Map.entry("vanagari", "8118"), Map.entry("vapermata", "8625"), Map.entry("finpaybpd", "8100"));
    private static final Map<String, String> VA_BANK = Map.ofEntries(Map.entry("vabca", "014"),
            Map.entry("vabjb", "110"), Map.entry("vabnc", "490"), Map.entry("vabni", "009"), Map.entry("vabri", "002"),
            Map.entry("vabsi", "451"), Map.entry("vabtn", "200"), Map.entry("vacimb", "022"),
            Map.entry("vadanamon", "011"), Map.entry("vadki", "111"), Map.entry("vamandiri", "008"),
            Map.entry("vamaybank", "016"), Map.entry("vamega", "426"), Map.entry("vamuamalat", "147"),
            Map.entry("vanagari", "118"), Map.entry("vapermata", "013"), Map.entry("finpaybpd", "bpd"));
    private static final Map<String, String> PAYCODE_PREFIX = Map.of("finpaycode", "021", "alfamart", "802",
            "idm", "803", "pospay", "804");
    /** The counter where the code is paid: the shop chain, or the post office for pospay. */
    private static final Map<String, String> PAYCODE_CHANNEL = Map.of("finpaycode", "finpay", "alfamart", "alfamart",
            "idm", "indomaret", "pospay", "posindonesia");
    /** The families whose customer approves on the provider's page (SofPages), with their codes' prefix. */
    static final Map<SofFamily, String> APPROVAL_PREFIX = Map.of(SofFamily.EWALLET, "EW", SofFamily.PAYLATER, "PL",
            SofFamily.ONLINE_BANKING, "OB");

    record Payment(long id, String family, String type, String reference, String paymentCode, String providerRef,
                   String channel, long amount, String customerName, OffsetDateTime expiresAt, String returnUrl,
                   String stringQr, String redirectUrl, String status, OffsetDateTime paidAt, String cardLast4,
                   String refundRef, Long refundAmount) {

        /** This payment after the customer paid or was declined. */
        Payment taken(String newStatus, OffsetDateTime newPaidAt, String newCardLast4) {
            return new Payment(id, family, type, reference, paymentCode, providerRef, channel, amount, customerName,
                    expiresAt, returnUrl, stringQr, redirectUrl, newStatus, newPaidAt, newCardLast4, refundRef,
                    refundAmount);
        }
    }

    /** What the provider was asked to create. */
    record NewPayment(SofFamily family, String type, String reference, long amount, String customerName,
                      OffsetDateTime expiresAt, String returnUrl) {
    }

    /** The outcome of a state move: the payment as it stands, and whether this call made the move. */
    record Move(Payment payment, boolean moved) {
    }

    private static final String COLUMNS = "id, sof_family, sof_type, reference, payment_code, provider_ref, channel,"
            + " amount, customer_name, expires_at, return_url, string_qr, redirect_url, status, paid_at, card_last4,"
            + " refund_ref, refund_amount";

    private static final RowMapper<Payment> ROW = SofPayments::map;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final SandboxCounters counters;
    private final SofCallbackSender callbacks;
    private final HubProperties hub;

    SofPayments(JdbcTemplate jdbc, TransactionTemplate tx, ObjectMapper json, SandboxCounters counters,
                SofCallbackSender callbacks, HubProperties hub) {
        this.hub = hub;
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.counters = counters;
        this.callbacks = callbacks;
    }

    Optional<Payment> byCode(String paymentCode) {
        return jdbc.query("SELECT " + COLUMNS + " FROM sandbox_sof_payment WHERE payment_code = ?", ROW, paymentCode)
                .stream().findFirst();
    }

    Optional<Payment> byReference(SofFamily family, String reference) {
        return jdbc.query("SELECT " + COLUMNS + " FROM sandbox_sof_payment WHERE sof_family = ? AND reference = ?",
                ROW, family.key(), reference).stream().findFirst();
    }

    List<Payment> allForReference(String reference) {
        return jdbc.query("SELECT " + COLUMNS + " FROM sandbox_sof_payment WHERE reference = ? ORDER BY id", ROW,
                reference);
    }

    /**
     * Creates the payment; the caller has looked for one of (family, reference) and found none. The
     * number its codes are made of is taken in the transaction that inserts it, so the two cost one
     * commit. If a concurrent twin created it first, that one is the payment.
     * {@code redirectBase} is the simulator's base URL as the caller reached it (for page links).
     */
    Payment create(NewPayment p, String redirectBase) {
        try {
            return tx.execute(s -> insert(p, redirectBase));
        } catch (DuplicateKeyException e) {
            return byReference(p.family(), p.reference()).orElseThrow(() -> e);
        }
    }

    private Payment insert(NewPayment p, String redirectBase) {
        long n = counters.next("sof-" + p.family().key());
        String code;
        String channel;
        String stringQr = null;
        String redirectUrl = null;
        switch (p.family()) {
            case VA -> {
                code = VA_PREFIX.get(p.type()) + String.format("%012d", n);
                channel = VA_BANK.get(p.type());
            }
            case PAYCODE -> {
                code = PAYCODE_PREFIX.get(p.type()) + String.format("%011d", n);
                channel = PAYCODE_CHANNEL.get(p.type());
            }
            case QRIS -> {
                code = "QR" + String.format("%012d", n);
                channel = "qris";
                stringQr = Qris.payload(code, p.amount());
            }
            case EWALLET, PAYLATER, ONLINE_BANKING -> {
                code = APPROVAL_PREFIX.get(p.family()) + String.format("%012d", n);
                channel = p.type();
                redirectUrl = redirectBase + "/sandbox/sof/" + p.family().key() + "/approve/" + code;
            }
            case CARD -> {
                code = "CC" + String.format("%012d", n);
                channel = "cc";
                redirectUrl = redirectBase + "/sandbox/sof/card/page/" + code;
            }
            default -> throw new IllegalArgumentException("unknown family " + p.family());
        }
        String providerRef = "SBX" + p.family().key().toUpperCase() + String.format("%012d", n);
        OffsetDateTime now = SandboxSupport.now();
        long id = SandboxSupport.written(jdbc, "id", "INSERT INTO sandbox_sof_payment (sof_family, sof_type,"
                        + " reference, payment_code, provider_ref, channel, amount, customer_name, expires_at, return_url,"
                        + " string_qr, redirect_url, status, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                p.family().key(), p.type(), p.reference(), code, providerRef, channel, p.amount(), p.customerName(),
                p.expiresAt(), p.returnUrl(), stringQr, redirectUrl, CREATED, now, now);
        return new Payment(id, p.family().key(), p.type(), p.reference(), code, providerRef,
                channel, p.amount(), p.customerName(), p.expiresAt(), p.returnUrl(), stringQr, redirectUrl, CREATED,
                null, null, null, null);
    }

    /**
     * The customer pays (or is declined): CREATED -> PAID / DECLINED, and the provider's callback to
     * the hub is queued in the same transaction, one commit for both; the callback leaves once it
     * has committed. Empty when the payment code is unknown.
     */
    Optional<Move> take(String paymentCode, boolean success, String cardLast4) {
        return take(paymentCode, success, cardLast4, false);
    }

    /**
     * As {@link #take(String, boolean, String)}; with {@code evenIfClosed} a CLOSED payment is taken
     * too: the bank took a transfer the provider's close had not reached yet (a late payment).
     */
    Optional<Move> take(String paymentCode, boolean success, String cardLast4, boolean evenIfClosed) {
        return Optional.ofNullable(tx.execute(s -> {
            Optional<Payment> found = byCode(paymentCode);
            if (found.isEmpty()) {
                return null;
            }
            Payment p = found.get();
            if (!CREATED.equals(p.status()) && !(evenIfClosed && CLOSED.equals(p.status()))) {
                return new Move(p, false); // a payment never goes back to CREATED
            }
            OffsetDateTime now = SandboxSupport.now();
            String status = success ? PAID : DECLINED;
            int moved = jdbc.update("UPDATE sandbox_sof_payment SET status = ?, paid_at = ?, card_last4 = ?, updated_at = ?"
                            + " WHERE id = ? AND status = ?",
                    status, success ? now : null, cardLast4, now, p.id(), p.status());
            if (moved != 1) {
                return new Move(byCode(paymentCode).orElseThrow(), false); // a concurrent move came first
            }
            Payment after = p.taken(status, success ? now : null, cardLast4);
            callbacks.queue(p.id(), p.family(), callbackBody(after, success, now),
                    // hub.sandbox.sof.callback-delay: by default the callback follows the answer that took the payment
                    now.plus(hub.sandbox().getSof().getCallbackDelay()));
            return new Move(after, true);
        }));
    }

    /** CREATED -> CLOSED. Empty when unknown. */
    Optional<Move> close(Payment p) {
        int moved = jdbc.update("UPDATE sandbox_sof_payment SET status = ?, updated_at = ? WHERE id = ? AND status = ?",
                CLOSED, SandboxSupport.now(), p.id(), CREATED);
        return byCode(p.paymentCode()).map(after -> new Move(after, moved == 1));
    }

    /** One refund the provider made, under the reference its client chose. */
    record RefundMade(long amount, String refundRef, OffsetDateTime refundedAt) {
    }

    /**
     * The outcome of a refund request: the payment as it stands, the refund made for the request's
     * reference ({@code created}: by this call), or why none was made ({@code conflict}: the payment's
     * status, or {@code invalid}: the amount does not fit).
     */
    record RefundOutcome(Payment payment, RefundMade refund, boolean created, String conflict, String invalid) {
    }

    /**
     * A refund of {@code amount} (null: all that is left) under the client's {@code requestRef}: PAID
     * or PARTIALLY_REFUNDED -> PARTIALLY_REFUNDED or REFUNDED. The payment's row is locked, so the
     * refunds never exceed what was paid; a reference already used gets its refund again, never a second.
     */
    RefundOutcome refund(Payment p, String requestRef, Long amount, String reason) {
        return tx.execute(s -> {
            Payment locked = jdbc.query("SELECT " + COLUMNS + " FROM sandbox_sof_payment WHERE id = ? FOR UPDATE", ROW,
                    p.id()).get(0);
            Optional<RefundMade> earlier = jdbc.query("SELECT amount, refund_ref, refunded_at FROM sandbox_sof_refund"
                    + " WHERE payment_id = ? AND request_ref = ?", REFUND_ROW, p.id(), requestRef).stream().findFirst();
            if (earlier.isPresent()) {
                if (amount != null && amount != earlier.get().amount()) {
                    return new RefundOutcome(locked, null, false, null, "refund " + requestRef + " was made for "
                            + earlier.get().amount() + ", not " + amount);
                }
                return new RefundOutcome(locked, earlier.get(), false, null, null);
            }
            if (!PAID.equals(locked.status()) && !PARTIALLY_REFUNDED.equals(locked.status())) {
                return new RefundOutcome(locked, null, false, locked.status(), null);
            }
            long refunded = locked.refundAmount() == null ? 0 : locked.refundAmount();
            long left = locked.amount() - refunded;
            long take = amount == null ? left : amount;
            if (take < 1 || take > left) {
                return new RefundOutcome(locked, null, false, null, "amount must be between 1 and what is left to"
                        + " refund, " + left);
            }
            String refundRef = "RF" + String.format("%012d", counters.next("sof-refund"));
            OffsetDateTime now = SandboxSupport.now();
            jdbc.update("INSERT INTO sandbox_sof_refund (payment_id, request_ref, refund_ref, amount, reason, refunded_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", p.id(), requestRef, refundRef, take, SandboxSupport.cut(reason, 200), now);
            jdbc.update("UPDATE sandbox_sof_payment SET status = ?, refund_ref = ?, refund_amount = ?, refund_reason = ?,"
                            + " refunded_at = ?, updated_at = ? WHERE id = ?",
                    refunded + take == locked.amount() ? REFUNDED : PARTIALLY_REFUNDED, refundRef, refunded + take,
                    SandboxSupport.cut(reason, 200), now, now, p.id());
            return new RefundOutcome(byCode(p.paymentCode()).orElseThrow(), new RefundMade(take, refundRef, now), true,
                    null, null);
        });
    }

    /** The refunds of a payment, oldest first. */
    List<RefundMade> refunds(Payment p) {
        return jdbc.query("SELECT amount, refund_ref, refunded_at FROM sandbox_sof_refund WHERE payment_id = ? ORDER BY id",
                REFUND_ROW, p.id());
    }

    private static final RowMapper<RefundMade> REFUND_ROW = (rs, i) -> new RefundMade(rs.getLong("amount"),
            rs.getString("refund_ref"), rs.getObject("refunded_at", OffsetDateTime.class));

    /** The callbacks queued for a payment, oldest first (for tests and people looking). */
    List<Map<String, Object>> callbacks(String paymentCode) {
        return jdbc.query("SELECT c.attempts, c.next_attempt_at, c.acked_at, c.gave_up_at, c.last_result, c.body"
                + " FROM sandbox_sof_callback c JOIN sandbox_sof_payment p ON p.id = c.payment_id"
                + " WHERE p.payment_code = ? ORDER BY c.id", (rs, i) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("attempts", rs.getInt("attempts"));
            row.put("nextAttemptAt", SandboxSupport.format(rs.getObject("next_attempt_at", OffsetDateTime.class)));
            row.put("ackedAt", SandboxSupport.format(rs.getObject("acked_at", OffsetDateTime.class)));
            row.put("gaveUpAt", SandboxSupport.format(rs.getObject("gave_up_at", OffsetDateTime.class)));
            row.put("lastResult", rs.getString("last_result"));
            row.put("body", rs.getString("body"));
            return row;
        }, paymentCode);
    }

    private String callbackBody(Payment p, boolean success, OffsetDateTime at) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("family", p.family());
        body.put("type", p.type());
        body.put("paymentCode", p.paymentCode());
        body.put("reference", p.reference());
        body.put("amount", p.amount());
        body.put("status", success ? "SUCCESS" : "DECLINED");
        body.put("providerRef", p.providerRef());
        body.put("paidAt", SandboxSupport.format(at));
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Payment map(ResultSet rs, int i) throws SQLException {
        return new Payment(rs.getLong("id"), rs.getString("sof_family"), rs.getString("sof_type"),
                rs.getString("reference"), rs.getString("payment_code"), rs.getString("provider_ref"),
                rs.getString("channel"), rs.getLong("amount"), rs.getString("customer_name"),
                rs.getObject("expires_at", OffsetDateTime.class), rs.getString("return_url"), rs.getString("string_qr"),
                rs.getString("redirect_url"), rs.getString("status"), rs.getObject("paid_at", OffsetDateTime.class),
                rs.getString("card_last4"), rs.getString("refund_ref"), rs.getObject("refund_amount", Long.class));
    }
}
