package id.loket.ops;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import id.loket.config.Wib;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The orders as operators read them: the list with its filters and cursor, the review queue, and one
 * order's story. Every list is a keyset page: newest first on {@code (created_at, id)} for the list,
 * oldest flagged first on {@code (flagged_at, id)} for the review queue, each behind an index of
 * {@code V11__ops_indexes.sql}, so a page costs the same however deep it is.
 */
@Component
public class OrderQueries {

    private static final Logger LOG = LoggerFactory.getLogger(OrderQueries.class);

    static final String ROW_COLUMNS = "o.id, o.merchant_id, o.order_id, o.reference, o.status, o.amount,"
            + " o.product_code, o.bill_number, o.sof_type, o.needs_review, o.created_at, o.updated_at";

    private static final Pattern RESULT_CODE = Pattern.compile("resultCode ([0-9A-Za-z]+)");
    private static final Pattern TRAX_ID = Pattern.compile("traxId (\\S+)");

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final ActionStore actions;
    private final Clock clock;
    /** The number of orders waiting for review, read at most every few seconds whoever asks. */
    private final LoadingCache<Boolean, Long> reviewCount;

    public OrderQueries(JdbcClient jdbc, AuditTrail audit, ActionStore actions, Clock clock, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.actions = actions;
        this.clock = clock;
        this.reviewCount = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(5)).build(k -> countReview());
        Gauge.builder("loket.ops.review.orders", this, OrderQueries::reviewGauge)
                .description("Orders flagged for manual review and still PROCESSING: waiting for a person")
                .register(registry);
    }

    /** Orders newest first, one page. */
    public Page<OrderRow> list(OrderFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT " + ROW_COLUMNS + " FROM payment_order o WHERE 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (filter.merchant() != null) {
            sql.append(" AND o.merchant_id = :merchant");
            params.put("merchant", filter.merchant());
        }
        if (filter.status() != null) {
            sql.append(" AND o.status = :status");
            params.put("status", filter.status());
        }
        if (filter.review() != null) {
            sql.append(" AND o.needs_review = :review");
            params.put("review", filter.review());
        }
        if (filter.bill() != null) {
            sql.append(" AND o.bill_number = :bill");
            params.put("bill", filter.bill());
        }
        if (filter.orderId() != null) {
            sql.append(" AND o.order_id = :orderId");
            params.put("orderId", filter.orderId());
        }
        if (filter.from() != null) {
            sql.append(" AND o.created_at >= :from");
            params.put("from", utc(Wib.startOf(filter.from())));
        }
        if (filter.to() != null) {
            sql.append(" AND o.created_at < :to");
            params.put("to", utc(Wib.startOf(filter.to().plusDays(1))));
        }
        if (filter.after() != null) {
            Position p = Position.of(filter.after());
            // The first condition bounds the index range; the second takes the rows of the same instant.
            sql.append(" AND o.created_at <= :atOrBefore AND (o.created_at < :atOrBefore OR o.id < :beforeId)");
            params.put("atOrBefore", p.at());
            params.put("beforeId", p.id());
        }
        // The column fixed by the filter leads the ORDER BY as it leads its index: the order is the same,
        // and H2 then reads the index in order and stops at the limit (it takes an index for the sort only
        // when the ORDER BY starts with the index's first column).
        String leading = filter.bill() != null ? "o.bill_number, "
                : filter.merchant() != null ? "o.merchant_id, "
                : filter.status() != null ? "o.status, "
                : filter.review() != null ? "o.needs_review, " : "";
        sql.append(" ORDER BY ").append(filter.orderId() != null ? "" : leading)
                .append("o.created_at DESC, o.id DESC LIMIT :limit");
        params.put("limit", filter.limit() + 1);
        List<OrderRow> rows = jdbc.sql(sql.toString()).params(params).query(OrderQueries::orderRow).list();
        if (rows.size() <= filter.limit()) {
            return new Page<>(rows, null);
        }
        List<OrderRow> page = List.copyOf(rows.subList(0, filter.limit()));
        OrderRow last = page.get(page.size() - 1);
        return new Page<>(page, new Position(utc(last.createdAt()), last.pk()).cursor());
    }

    /** The review queue: every order flagged for manual review, oldest first (longest waiting first). */
    public Page<ReviewItem> reviewQueue(int limit, String after) {
        Position p = after == null ? null : Position.of(after);
        List<ReviewItem> rows = jdbc.sql("SELECT " + ROW_COLUMNS + ", o.flagged_at FROM payment_order o"
                        + " WHERE o.needs_review = TRUE AND o.status = 'PROCESSING'"
                        + (p == null ? "" : " AND o.flagged_at >= :atOrAfter AND (o.flagged_at > :atOrAfter OR o.id > :afterId)")
                        + " ORDER BY o.needs_review, o.status, o.flagged_at, o.id LIMIT :limit")
                .param("atOrAfter", p == null ? null : p.at()).param("afterId", p == null ? null : p.id())
                .param("limit", limit + 1)
                .query((rs, n) -> {
                    OrderRow row = orderRow(rs, n);
                    OffsetDateTime flagged = Wib.at(rs.getObject("flagged_at", OffsetDateTime.class));
                    long waiting = flagged == null ? 0
                            : Math.max(0, Duration.between(flagged, OffsetDateTime.now(clock)).toSeconds());
                    return new ReviewItem(row, flagged, waiting, row.pk());
                })
                .list();
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<ReviewItem> page = List.copyOf(rows.subList(0, limit));
        ReviewItem last = page.get(page.size() - 1);
        return new Page<>(page, new Position(utc(last.flaggedAt()), last.orderPk()).cursor());
    }

    /** How many orders wait for review now (flagged and still PROCESSING); cached for 5 seconds. */
    public long reviewCount() {
        return reviewCount.get(Boolean.TRUE);
    }

    private long countReview() {
        return jdbc.sql("SELECT COUNT(*) FROM payment_order WHERE needs_review = TRUE AND status = 'PROCESSING'")
                .query(Long.class).single();
    }

    private double reviewGauge() {
        try {
            return reviewCount();
        } catch (RuntimeException e) {
            LOG.warn("The review queue's count could not be read: {}", e.toString());
            return Double.NaN;
        }
    }

    /** One order's whole story; empty when there is no such order. */
    public Optional<OrderStory> story(String merchantId, String orderId) {
        Optional<Found> found = jdbc.sql("""
                        SELECT id, merchant_id, order_id, reference, status, status_desc, amount, product_code, bill_number,
                          sof_type, needs_review, created_at, updated_at, description, customer_email, customer_phone,
                          kind, mode, trax_id, expires_at, paid_at, final_at, flagged_at, customer_name
                        FROM payment_order WHERE merchant_id = :m AND order_id = :o""")
                .param("m", merchantId).param("o", orderId)
                .query((rs, n) -> new Found(rs.getLong("id"), new OrderStory.Order(rs.getString("merchant_id"), rs.getString("order_id"),
                            rs.getString("reference"), rs.getString("status"), nullableLong(rs, "amount"),
                            rs.getString("product_code"), rs.getString("bill_number"), rs.getString("sof_type"),
                            rs.getBoolean("needs_review"), time(rs, "created_at"), time(rs, "updated_at"),
                            rs.getString("description"),
                            new OrderStory.Customer(rs.getString("customer_email"), rs.getString("customer_phone")),
                            rs.getString("status_desc"), rs.getString("kind"), rs.getString("mode"),
                            rs.getString("trax_id"), time(rs, "expires_at"), time(rs, "paid_at"),
                            time(rs, "final_at"), time(rs, "flagged_at"), rs.getString("customer_name"))))
                .optional();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        long pk = found.get().pk();
        OrderStory.Order order = found.get().order();

        List<StoredEvent> events = jdbc.sql("""
                        SELECT id, arrow, outcome, from_status, to_status, detail, created_at, trace_id
                        FROM order_event WHERE order_pk = :pk ORDER BY id""")
                .param("pk", pk)
                .query((rs, n) -> new StoredEvent(rs.getLong("id"), rs.getString("arrow"), rs.getString("outcome"),
                        rs.getString("from_status"), rs.getString("to_status"), rs.getString("detail"),
                        time(rs, "created_at"), rs.getString("trace_id")))
                .list();
        List<OrderStory.NotificationAttempt> notifications = notificationAttempts(pk);
        List<AuditEntry> operators = audit.forOrder(merchantId, orderId);

        List<OrderStory.Event> timeline = new ArrayList<>();
        for (StoredEvent e : events) {
            // Each notification attempt is written twice (its own row and an event row): it is told once,
            // from notification_attempt, below.
            if (!"payment-notification".equals(e.arrow())) {
                timeline.add(new OrderStory.Event(e.at(), e.arrow(), e.detail(), e.outcome(), e.fromStatus(),
                        e.toStatus(), null, e.traceId()));
            }
        }
        for (OrderStory.NotificationAttempt a : notifications) {
            timeline.add(new OrderStory.Event(a.at(), "notification-attempt",
                    a.paymentStatus() + " attempt " + a.attempt()
                            + (a.httpStatus() == null ? "" : ": HTTP " + a.httpStatus()),
                    a.outcome(), null, null, null, null));
        }
        for (AuditEntry a : operators) {
            timeline.add(new OrderStory.Event(a.at(), "ops-" + a.action().toLowerCase(java.util.Locale.ROOT),
                    a.detail(), a.outcome(), null, null, a.actor(), null));
        }
        // Stable: what has the same instant keeps the order it was written in.
        timeline.sort(Comparator.comparing(OrderStory.Event::at, Comparator.nullsFirst(Comparator.naturalOrder())));

        return Optional.of(new OrderStory(order, List.copyOf(timeline), billerMessages(events, order.traxId()),
                notifications, refunds(pk, order, events), actions.forOrder(pk), pk));
    }

    /** The order of a story and its row id, which finds its parts. */
    private record Found(long pk, OrderStory.Order order) {
    }

    private record StoredEvent(long id, String arrow, String outcome, String fromStatus, String toStatus,
                               String detail, OffsetDateTime at, String traceId) {
    }

    /**
     * The biller messages, from the events {@code PaymentFlow} and {@code OrderStore} write: the inquiry
     * (at initiate or on the page), each payment message as it leaves ({@code biller-payment} SENT, then
     * REPEATED for a repeat of the same traxId) and each answer (PAID, UNKNOWN, REFUSED).
     */
    static List<OrderStory.BillerMessage> billerMessages(List<StoredEvent> events, String orderTraxId) {
        List<OrderStory.BillerMessage> out = new ArrayList<>();
        String kind = "payment";
        String trax = orderTraxId;
        for (StoredEvent e : events) {
            if ("biller-inquiry".equals(e.arrow())) {
                out.add(new OrderStory.BillerMessage(e.at(), null, "inquiry", resultCode(e.detail()), e.outcome(),
                        e.detail()));
            } else if ("biller-payment".equals(e.arrow())) {
                String t = find(TRAX_ID, e.detail());
                if (t != null) {
                    trax = t;
                }
                if ("SENT".equals(e.outcome()) || "REPEATED".equals(e.outcome())) {
                    kind = "SENT".equals(e.outcome()) ? "payment" : "repeat";
                    out.add(new OrderStory.BillerMessage(e.at(), trax, kind, null, e.outcome(), e.detail()));
                } else {
                    out.add(new OrderStory.BillerMessage(e.at(), trax, kind, resultCode(e.detail()), e.outcome(),
                            e.detail()));
                }
            }
        }
        return List.copyOf(out);
    }

    private List<OrderStory.NotificationAttempt> notificationAttempts(long pk) {
        List<OrderStory.NotificationAttempt> out = new ArrayList<>();
        long[] current = {-1};
        int[] number = {0};
        jdbc.sql("""
                        SELECT n.id AS notification_id, n.payment_status, a.attempted_at, a.http_status, a.outcome
                        FROM notification n JOIN notification_attempt a ON a.notification_id = n.id
                        WHERE n.order_pk = :pk ORDER BY n.id, a.id""")
                .param("pk", pk)
                .query(rs -> {
                    long id = rs.getLong("notification_id");
                    if (id != current[0]) {
                        current[0] = id;
                        number[0] = 0;
                    }
                    number[0]++;
                    int status = rs.getInt("http_status");
                    out.add(new OrderStory.NotificationAttempt(time(rs, "attempted_at"), number[0],
                            rs.getString("outcome"), rs.wasNull() ? null : status, rs.getString("payment_status")));
                });
        out.sort(Comparator.comparing(OrderStory.NotificationAttempt::at));
        return List.copyOf(out);
    }

    private List<OrderStory.RefundEntry> refunds(long pk, OrderStory.Order order, List<StoredEvent> events) {
        List<OrderStory.RefundEntry> out = new ArrayList<>(jdbc.sql("""
                        SELECT kind, amount, state, refund_ref, created_at, confirmed_at FROM order_refund
                        WHERE order_pk = :pk ORDER BY id""")
                .param("pk", pk)
                .query((rs, n) -> new OrderStory.RefundEntry(time(rs, "created_at"), rs.getLong("amount"),
                        rs.getString("state"), rs.getString("kind"), rs.getString("refund_ref"),
                        time(rs, "confirmed_at")))
                .list());
        // The biller refused the payment: the whole payment goes back (PaymentFlow.billerRefused).
        OffsetDateTime refusedAt = null;
        OffsetDateTime refundedAt = null;
        String refundRef = null;
        for (StoredEvent e : events) {
            if ("biller-payment".equals(e.arrow()) && "REFUSED".equals(e.outcome()) && refusedAt == null) {
                refusedAt = e.at();
            } else if ("payment-refunded".equals(e.arrow())) {
                refundedAt = e.at();
                refundRef = e.detail() != null && e.detail().startsWith("refundRef ") ? e.detail().substring(10) : null;
            }
        }
        if (refusedAt != null) {
            out.add(new OrderStory.RefundEntry(refusedAt, order.amount() == null ? 0 : order.amount(),
                    refundedAt == null ? "OWED" : "CONFIRMED", "AUTOMATIC", refundRef, refundedAt));
        }
        // Payments that arrived for an order that could no longer use them (OrderPayments).
        out.addAll(jdbc.sql("""
                        SELECT amount, state, refund_ref, late_at, refunded_at FROM order_payment
                        WHERE order_pk = :pk AND late_at IS NOT NULL ORDER BY id""")
                .param("pk", pk)
                .query((rs, n) -> new OrderStory.RefundEntry(time(rs, "late_at"), rs.getLong("amount"),
                        "REFUNDED".equals(rs.getString("state")) ? "CONFIRMED" : "OWED", "LATE_PAYMENT",
                        rs.getString("refund_ref"), time(rs, "refunded_at")))
                .list());
        out.sort(Comparator.comparing(OrderStory.RefundEntry::at, Comparator.nullsFirst(Comparator.naturalOrder())));
        return List.copyOf(out);
    }

    static OrderRow orderRow(ResultSet rs, int n) throws SQLException {
        return new OrderRow(rs.getString("merchant_id"), rs.getString("order_id"), rs.getString("reference"),
                rs.getString("status"), nullableLong(rs, "amount"), rs.getString("product_code"),
                rs.getString("bill_number"), rs.getString("sof_type"), rs.getBoolean("needs_review"),
                time(rs, "created_at"), time(rs, "updated_at"), rs.getLong("id"));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static OffsetDateTime time(ResultSet rs, String column) throws SQLException {
        return Wib.at(rs.getObject(column, OffsetDateTime.class));
    }

    private static OffsetDateTime utc(OffsetDateTime t) {
        return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
    }

    static String resultCode(String detail) {
        return find(RESULT_CODE, detail);
    }

    private static String find(Pattern p, String text) {
        if (text == null) {
            return null;
        }
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    /** A keyset position: an instant and a row id, as {@code "<ISO instant>|<id>"} inside the opaque cursor. */
    record Position(OffsetDateTime at, long id) {

        String cursor() {
            return Page.cursor(at.toInstant() + "|" + id);
        }

        static Position of(String cursor) {
            String position = Page.position(cursor);
            int bar = position.indexOf('|');
            try {
                if (bar < 0) {
                    throw new IllegalArgumentException();
                }
                return new Position(java.time.Instant.parse(position.substring(0, bar)).atOffset(ZoneOffset.UTC),
                        Long.parseLong(position.substring(bar + 1)));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw OpsError.badRequest("after", "not a cursor of this list");
            }
        }
    }
}
