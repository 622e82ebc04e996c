package id.loket.notification;

import id.loket.order.NotificationBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.loket.config.HubProperties;
import id.loket.config.PartnerHttp;
import id.loket.config.TraceId;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import id.loket.order.Refusal;
import java.time.Clock;
import id.loket.merchant.CallbackAddressPolicy;
import id.loket.order.PaymentOrder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.apache.camel.Body;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers outbox notifications to the Mitra (contract section 3). Whoever sends an attempt holds
 * the row's claim ({@code next_attempt_at} pushed a lease ahead): the node that wrote the row with
 * its final status holds it from the start, and the retry poller (on any node) wins it with a
 * guarded update once it is due, so no attempt goes out twice while its claim runs. Every attempt
 * is recorded; after the last delay the row is given up visibly and stays available for a resend.
 */
@Component("notificationSender")
public class NotificationSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationSender.class);
    /** A Mitra's answer is a small JSON object; more than this is not read. */
    private static final int MAX_ANSWER_CHARS = 64 * 1024;
    /** {@code Content-Type: application/json}, with no charset parameter, as Finpay sends it. */
    private static final ContentType JSON = ContentType.create("application/json");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final HubProperties props;
    private final NotificationBuilder builder;
    private final CloseableHttpClient http;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final Counter givenUp;
    private final Counter delivered;

    public NotificationSender(JdbcTemplate jdbc, TransactionTemplate tx, HubProperties props, NotificationBuilder builder,
                              MeterRegistry metrics, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.tx = tx;
        this.builder = builder;
        this.props = props;
        this.givenUp = Counter.builder("loket.notifications.given.up")
                .description("Notifications whose last attempt failed; they wait for a resend").register(metrics);
        this.delivered = Counter.builder("loket.notifications.delivered").register(metrics);
        // The Mitra's URL comes from the request, so it is never a Camel endpoint URI; redirects are not followed.
        this.http = PartnerHttp.client(props.notification().timeout(), 20);
    }

    /** Sends one attempt of notification {@code id} if it is due and this caller wins the claim. */
    public void deliver(long id) {
        OffsetDateTime now = now();
        int claimed = jdbc.update("""
                UPDATE notification SET next_attempt_at = ? WHERE id = ? AND state = 'PENDING' AND next_attempt_at <= ?""",
                now.plus(builder.deliveryClaim()), id, now);
        Outbox row = claimed == 1 ? row(id) : null;
        if (row != null) {
            send(id, row);
        }
    }

    /**
     * The Wire Tap's first attempt of a notification this node wrote already claimed (a final move,
     * or a resend): sent at once while enough of the claim is left for the attempt to finish inside
     * it; a Wire Tap that ran late leaves the row to the retry poller, once the claim lapses.
     */
    public void deliverClaimed(long id) {
        Outbox row = row(id);
        boolean ours = row != null && "PENDING".equals(row.state()) && row.nextAttemptAt() != null
                && now().plus(props.notification().timeout()).isBefore(row.nextAttemptAt());
        if (ours) {
            send(id, row);
        } else {
            deliver(id);
        }
    }

    /** What an attempt needs of the outbox row, and who may send it until when. */
    private record Outbox(String callbackUrl, String body, int attempts, String paymentStatus, String state,
                          OffsetDateTime nextAttemptAt, String merchantId) {
    }

    private Outbox row(long id) {
        List<Outbox> rows = jdbc.query("""
                SELECT n.callback_url, n.body, n.attempts, n.payment_status, n.state, n.next_attempt_at, o.merchant_id
                FROM notification n JOIN payment_order o ON o.id = n.order_pk WHERE n.id = ?""",
                (rs, i) -> new Outbox(rs.getString("callback_url"), rs.getString("body"), rs.getInt("attempts"),
                        rs.getString("payment_status"), rs.getString("state"),
                        rs.getObject("next_attempt_at", OffsetDateTime.class), rs.getString("merchant_id")), id);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** One attempt: the address check, the POST, and its record. */
    private void send(long id, Outbox row) {
        String url = row.callbackUrl();
        String body = row.body();
        int attempts = row.attempts() + 1;
        String payment = row.paymentStatus();
        Integer httpStatus = null;
        String outcome;
        boolean delivered = false;
        String refusal = addressRefusal(URI.create(url), row.merchantId());
        if (refusal != null) {
            record(id, payment, attempts, null, refusal, false);
            return;
        }
        try {
            HttpPost post = new HttpPost(URI.create(url));
            post.setEntity(new ByteArrayEntity(body.getBytes(StandardCharsets.UTF_8), JSON));
            Answer answer = http.execute(post, response -> new Answer(response.getCode(),
                    response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8,
                            MAX_ANSWER_CHARS)));
            httpStatus = answer.status();
            // Any 2xx is delivered, whatever the body (contract section 3): public plugins answer
            // 200 "00" or 201 "2010000"; the body of a refusal is kept for whoever reads the attempts.
            delivered = httpStatus / 100 == 2;
            String code = responseCode(answer.body());
            outcome = delivered ? "DELIVERED" : "REFUSED" + (code == null ? "" : " responseCode " + code);
        } catch (InterruptedIOException e) {
            // a connect or response timeout (SocketTimeoutException, ConnectTimeoutException)
            outcome = "TIMEOUT";
        } catch (Exception e) {
            outcome = "ERROR " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        record(id, payment, attempts, httpStatus, outcome, delivered);
    }

    /**
     * A Mitra's resend: the order's latest notification is delivered again on the full schedule.
     * Only final orders and partly refunded ones have one; the body is the one stored with the status.
     */
    public long resend(@Body PaymentOrder o) {
        return resendBy(o, "the Mitra");
    }

    /** A resend asked by {@code by} (the Mitra, or an operator): in the caller's transaction when there is one. */
    public long resendBy(PaymentOrder o, String by) {
        List<Long> ids = jdbc.queryForList("SELECT id FROM notification WHERE order_pk = ? ORDER BY id DESC", Long.class, o.pk);
        if (!o.status.notifies() || ids.isEmpty()) {
            throw Refusal.invalidStatus(o.status.name());
        }
        long id = ids.get(0);
        tx.executeWithoutResult(s -> {
            // claimed by this node, as a final move's row is: the Wire Tap sends it at once
            jdbc.update("UPDATE notification SET state = 'PENDING', attempts = 0, next_attempt_at = ? WHERE id = ?",
                    now().plus(builder.deliveryClaim()), id);
            jdbc.update("INSERT INTO order_event (order_pk, arrow, outcome, detail, created_at, trace_id) VALUES (?,?,?,?,?,?)",
                    o.pk, "notification-resend", "REQUESTED", "by " + by, now(), TraceId.current());
        });
        return id;
    }

    /** Whether the merchant's policy lets this notification go to its address now (null) or why not. */
    private String addressRefusal(URI uri, String merchantId) {
        HubProperties.Merchant merchant = props.merchants().get(merchantId);
        return CallbackAddressPolicy.refusal(uri, merchant == null ? List.of() : merchant.callbackHosts());
    }

    /** The attempt, its event and the row's next state, in one transaction. */
    private void record(long id, String payment, int attempts, Integer httpStatus, String outcome, boolean delivered) {
        OffsetDateTime now = now();
        String shortOutcome = outcome.length() > 400 ? outcome.substring(0, 400) : outcome;
        List<Duration> delays = props.notification().retryDelays();
        boolean gaveUp = !delivered && attempts > delays.size();
        tx.executeWithoutResult(s -> {
            jdbc.update("INSERT INTO notification_attempt (notification_id, attempted_at, http_status, outcome) VALUES (?,?,?,?)",
                    id, now, httpStatus, shortOutcome);
            jdbc.update("""
                    INSERT INTO order_event (order_pk, arrow, outcome, detail, created_at, trace_id)
                    SELECT order_pk, 'payment-notification', ?, ?, ?, ? FROM notification WHERE id = ?""",
                    delivered ? "DELIVERED" : gaveUp ? "GAVE_UP" : "FAILED",
                    payment + " attempt " + attempts + ": " + (httpStatus == null ? "" : "HTTP " + httpStatus + " ") + shortOutcome,
                    now, TraceId.current(), id);
            if (delivered) {
                jdbc.update("UPDATE notification SET state = 'DELIVERED', attempts = ?, delivered_at = ?, next_attempt_at = NULL WHERE id = ?",
                        attempts, now, id);
            } else if (gaveUp) {
                jdbc.update("UPDATE notification SET state = 'GAVE_UP', attempts = ?, next_attempt_at = NULL WHERE id = ?", attempts, id);
            } else {
                jdbc.update("UPDATE notification SET attempts = ?, next_attempt_at = ? WHERE id = ?",
                        attempts, now.plus(delays.get(attempts - 1)), id);
            }
        });
        if (delivered) {
            this.delivered.increment();
        } else if (gaveUp) {
            givenUp.increment();
            LOG.warn("Notification {} gave up after {} attempts; last: {}", id, attempts, outcome);
        } else {
            LOG.info("Notification {} attempt {} failed ({}); next in {}", id, attempts, outcome, delays.get(attempts - 1));
        }
    }

    private record Answer(int status, String body) {
    }

    @Override
    public void close() throws java.io.IOException {
        http.close();
    }

    private String responseCode(String body) {
        try {
            JsonNode node = json.readTree(body);
            return node == null || node.get("responseCode") == null ? null : node.get("responseCode").asText();
        } catch (Exception e) {
            return null;
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
