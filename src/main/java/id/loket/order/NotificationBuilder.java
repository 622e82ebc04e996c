package id.loket.order;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.loket.codec.NotificationSigner;
import id.loket.config.HubProperties;
import id.loket.config.Wib;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * The notification object of contract section 3, member order as documented, members with no
 * value left out (never an empty object), signed over its PHP {@code json_encode} bytes. The
 * status API's {@code data} is the same object as it stands now.
 */
@Component("notificationBuilder")
public class NotificationBuilder {

    private final HubProperties props;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public NotificationBuilder(HubProperties props, JdbcTemplate jdbc, Clock clock) {
        this.props = props;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The unsigned body, as it stands for the order now. */
    public Map<String, Object> body(PaymentOrder o) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("merchant", Map.of("id", o.merchantId));
        String customerId = o.notifiedCustomerId();
        if (customerId != null) {
            body.put("customer", Map.of("id", customerId));
        }
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", o.orderId);
        order.put("reference", o.reference);
        if (o.amount != null) {
            order.put("amount", o.amount);
        }
        order.put("currency", o.currency);
        body.put("order", order);
        if (o.metaPresent) {
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("data", o.metaData);
            body.put("meta", meta);
        }
        Map<String, Object> payment = new LinkedHashMap<>();
        payment.put("status", o.status.name());
        payment.put("statusDesc", StatusText.shown(o));
        payment.put("datetime", Wib.format(o.finalAt != null ? o.finalAt : o.paidAt != null ? o.paidAt : o.createdAt));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("payment", payment);
        Map<String, Object> flagging = flagging(o);
        if (flagging != null && !flagging.isEmpty()) {
            result.put("flagging", flagging);
        }
        Map<String, Object> refund = refund(o);
        if (refund != null) {
            result.put("refund", refund);
        }
        body.put("result", result);
        if (o.sofType != null) {
            Map<String, Object> sof = new LinkedHashMap<>();
            sof.put("type", o.sofType);
            if (o.sofChannel != null) {
                sof.put("channel", o.sofChannel);
            }
            if (o.sofPaymentCode != null) {
                sof.put("paymentCode", o.sofPaymentCode);
            }
            body.put("sourceOfFunds", sof);
        }
        return body;
    }

    /** The body with its signature, as a map (for the status API's {@code data}). */
    public Map<String, Object> signedBody(PaymentOrder o) {
        Map<String, Object> body = body(o);
        body.put("signature", NotificationSigner.sign(merchantKey(o), body));
        return body;
    }

    /** The wire bytes: PHP-compatible JSON with the signature last. */
    public String signedJson(PaymentOrder o) {
        return NotificationSigner.signedJson(merchantKey(o), body(o));
    }

    /**
     * How long a node holds a notification it is delivering: one attempt's timeout plus the work
     * lease. Nobody else takes the row before that; if the node dies, the retry poller takes it then.
     */
    public java.time.Duration deliveryClaim() {
        return props.notification().timeout().plus(props.work().lease());
    }

    /**
     * Writes the outbox row for the order's final status (or a confirmed partial refund); runs inside
     * the status move's transaction. A status notified again (PARTIALLY_REFUNDED) is told apart by its
     * refund count.
     * The row is written already claimed by this node (due only after {@link #deliveryClaim()}), so
     * the Wire Tap delivers it at once without a claim of its own.
     */
    public long enqueue(PaymentOrder o) {
        String body = signedJson(o);
        OffsetDateTime now = OffsetDateTime.now(clock);
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(con -> {
            var ps = con.prepareStatement("""
                    INSERT INTO notification (order_pk, payment_status, refund_count, callback_url, body, state, attempts,
                      next_attempt_at, created_at) VALUES (?,?,?,?,?,'PENDING',0,?,?)""", new String[] {"id"});
            ps.setLong(1, o.pk);
            ps.setString(2, o.status.name());
            ps.setInt(3, o.refundCount);
            ps.setString(4, o.callbackUrl);
            ps.setString(5, body);
            ps.setObject(6, now.plus(deliveryClaim()));
            ps.setObject(7, now);
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }

    /**
     * {@code result.refund}: the confirmed refunds' total, count and last time. A REFUNDED order with no
     * refund of its Mitra's was refunded automatically, once, in full (a biller's refusal).
     */
    static Map<String, Object> refund(PaymentOrder o) {
        long amount;
        int count;
        OffsetDateTime at;
        if (o.refundCount > 0) {
            amount = o.refundConfirmed;
            count = o.refundCount;
            at = o.refundedAt;
        } else if (o.status == OrderStatus.REFUNDED && o.amount != null) {
            amount = o.amount;
            count = 1;
            at = o.finalAt;
        } else {
            return null;
        }
        Map<String, Object> refund = new LinkedHashMap<>();
        refund.put("amount", amount);
        refund.put("count", count);
        refund.put("datetime", Wib.format(at));
        return refund;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> flagging(PaymentOrder o) {
        if (o.flaggingJson == null) {
            return null;
        }
        try {
            return json.readValue(o.flaggingJson, LinkedHashMap.class);
        } catch (Exception e) {
            throw new IllegalStateException("stored flagging of " + o + " is not JSON", e);
        }
    }

    private String merchantKey(PaymentOrder o) {
        HubProperties.Merchant m = props.merchants().get(o.merchantId);
        if (m == null || m.key() == null) {
            throw new IllegalStateException("no key configured for merchant " + o.merchantId);
        }
        return m.key();
    }
}
