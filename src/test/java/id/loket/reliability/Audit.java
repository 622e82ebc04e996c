package id.loket.reliability;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads what a run left in the database (the hub's tables and the simulators' records of what
 * the biller, the bank and the Mitra saw) and checks every order against what must hold after
 * any crash: its expected end, one biller transaction, one charge, a refund of the full amount
 * when the biller refused, and the final notification at the Mitra with a valid signature.
 */
final class Audit {

    record Kill(int n, String point, Instant at) {
    }

    record Order(long pk, String orderId, String reference, String status, String traxId, String billNumber,
                 Long amount, Boolean needsReview, Instant finalAt) {
    }

    record Event(long orderPk, String arrow, String outcome, String toStatus, Instant at) {
    }

    record BillerMessage(String traxId, String billNumber, String addInfo1, String resultCode, Instant at) {
    }

    record BillerPayment(String traxId, String billNumber, String resultCode, Instant at) {
    }

    record SofPayment(String reference, String status, long amount, Long refundAmount, String refundRef) {
    }

    record SofCallback(String reference, Instant created, Instant acked) {
    }

    record Received(String orderId, String status, boolean rawValid, boolean reencodedValid, Instant at) {
    }

    record Outbox(long orderPk, String status, String state, int attempts, Instant created, Instant delivered) {
    }

    final Map<String, Order> orders = new TreeMap<>();
    final List<Event> events = new ArrayList<>();
    final List<BillerMessage> billerMessages = new ArrayList<>();
    final List<BillerPayment> billerPayments = new ArrayList<>();
    final List<SofPayment> sofPayments = new ArrayList<>();
    final List<SofCallback> sofCallbacks = new ArrayList<>();
    final List<Received> received = new ArrayList<>();
    final List<Outbox> outbox = new ArrayList<>();
    /** Set when the schema has no {@code payment_order.needs_review} (the review flag is not implemented). */
    String needsReviewMissing;

    static Audit read(Connection c) throws SQLException {
        Audit a = new Audit();
        String orderColumns = "id, order_id, reference, status, trax_id, bill_number, amount, final_at";
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + orderColumns + ", needs_review FROM payment_order")) {
            while (rs.next()) {
                a.addOrder(rs, rs.getBoolean("needs_review"));
            }
        } catch (SQLException e) {
            a.needsReviewMissing = e.getMessage().lines().findFirst().orElse(e.toString());
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT " + orderColumns + " FROM payment_order")) {
                while (rs.next()) {
                    a.addOrder(rs, null);
                }
            }
        }
        query(c, "SELECT order_pk, arrow, outcome, to_status, created_at FROM order_event ORDER BY id", rs ->
                a.events.add(new Event(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), instant(rs, 5))));
        query(c, "SELECT trax_id, bill_number, add_info1, result_code, received_at FROM sandbox_biller_message"
                + " WHERE transaction_type = '50' ORDER BY id", rs ->
                a.billerMessages.add(new BillerMessage(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        instant(rs, 5))));
        query(c, "SELECT trax_id, bill_number, result_code, created_at FROM sandbox_biller_payment ORDER BY id", rs ->
                a.billerPayments.add(new BillerPayment(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4))));
        query(c, "SELECT reference, status, amount, refund_amount, refund_ref FROM sandbox_sof_payment ORDER BY id", rs ->
                a.sofPayments.add(new SofPayment(rs.getString(1), rs.getString(2), rs.getLong(3),
                        (Long) rs.getObject(4, Long.class), rs.getString(5))));
        query(c, "SELECT p.reference, c.created_at, c.acked_at FROM sandbox_sof_callback c"
                + " JOIN sandbox_sof_payment p ON p.id = c.payment_id ORDER BY c.id", rs ->
                a.sofCallbacks.add(new SofCallback(rs.getString(1), instant(rs, 2), instant(rs, 3))));
        query(c, "SELECT order_id, payment_status, raw_signature_valid, reencoded_signature_valid, received_at"
                + " FROM sandbox_mitra_notification ORDER BY id", rs ->
                a.received.add(new Received(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4),
                        instant(rs, 5))));
        query(c, "SELECT order_pk, payment_status, state, attempts, created_at, delivered_at FROM notification ORDER BY id", rs ->
                a.outbox.add(new Outbox(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), instant(rs, 5),
                        instant(rs, 6))));
        return a;
    }

    private void addOrder(ResultSet rs, Boolean needsReview) throws SQLException {
        orders.put(rs.getString("order_id"), new Order(rs.getLong("id"), rs.getString("order_id"), rs.getString("reference"),
                rs.getString("status"), rs.getString("trax_id"), rs.getString("bill_number"),
                (Long) rs.getObject("amount", Long.class), needsReview, instant(rs, rs.findColumn("final_at"))));
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private static void query(Connection c, String sql, RowReader reader) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                reader.read(rs);
            }
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    // ---------------------------------------------------------------------------------------------

    /** The figures of a run and every violation found, one line each naming the order and the invariant. */
    static final class Result {
        final List<String> violations = new ArrayList<>();
        /** An acknowledged order, charge or final notification that is gone. */
        final Set<String> lost = new LinkedHashSet<>();
        /** Orders left short of their end (PENDING, PROCESSING without review, REQUEST_INITIATED). */
        final Set<String> stuck = new LinkedHashSet<>();
        final Set<String> duplicated = new LinkedHashSet<>();
        final Set<String> chargedTwice = new LinkedHashSet<>();
        final Set<String> paidTwice = new LinkedHashSet<>();
        final List<String> killReport = new ArrayList<>();
        int extraNotifications;
        int billerRepeats;
        int flagged;

        void violation(LoadOrder o, String invariant, String detail) {
            violations.add(o + ": " + invariant + ": " + detail);
        }

        String figures(int orders, int kills) {
            return "orders=" + orders + " kills=" + kills + " lost=" + lost.size() + " duplicated=" + duplicated.size()
                    + " charged-twice=" + chargedTwice.size() + " paid-twice=" + paidTwice.size()
                    + " stuck=" + stuck.size() + " violations=" + violations.size() + " flagged-for-review=" + flagged
                    + " biller-repeats=" + billerRepeats + " duplicate-notifications=" + extraNotifications;
        }
    }

    Result check(List<LoadOrder> load, List<Kill> kills) {
        Result r = new Result();
        Map<String, List<BillerMessage>> messagesByBill = billerMessages.stream()
                .collect(Collectors.groupingBy(BillerMessage::billNumber));
        Map<String, List<BillerPayment>> outcomesByBill = billerPayments.stream()
                .collect(Collectors.groupingBy(BillerPayment::billNumber));
        Map<String, List<SofPayment>> sofByReference = sofPayments.stream()
                .collect(Collectors.groupingBy(SofPayment::reference));
        Map<String, List<Received>> receivedByOrder = received.stream()
                .collect(Collectors.groupingBy(Received::orderId));
        Map<Long, List<Event>> eventsByOrder = events.stream().collect(Collectors.groupingBy(Event::orderPk));

        for (LoadOrder o : load) {
            if (o.clientProblem != null) {
                r.violation(o, "client", o.clientProblem);
                if (o.clientProblem.contains("lost")) {
                    r.lost.add(o.orderId);
                }
            }
            Order row = orders.get(o.orderId);
            if (row == null) {
                if (o.initiated()) {
                    r.lost.add(o.orderId);
                    r.violation(o, "order kept", "the hub answered the initiate with payment code " + o.paymentCode
                            + " but has no payment_order row (lost)");
                } else {
                    r.violation(o, "order kept", "never initiated and no payment_order row");
                }
                continue;
            }
            String expected = o.bill.expected;

            // the expected end
            if (!expected.equals(row.status())) {
                r.violation(o, "final status", "expected " + expected + ", found " + row.status());
                if (!isFinal(row.status())) {
                    r.stuck.add(o.orderId);
                }
            }
            List<Event> evs = eventsByOrder.getOrDefault(row.pk(), List.of());
            boolean reviewEvent = evs.stream().anyMatch(e -> "manual-review".equals(e.arrow()));
            if (o.bill == LoadOrder.Bill.NEVER_ANSWERS) {
                if (!reviewEvent) {
                    r.violation(o, "flagged for review", "no order_event row with arrow 'manual-review' (events: "
                            + evs.stream().map(e -> e.arrow() + "/" + e.outcome()).toList() + ")");
                }
                if (needsReviewMissing != null) {
                    r.violation(o, "flagged for review", "payment_order.needs_review cannot be read: " + needsReviewMissing);
                } else if (!Boolean.TRUE.equals(row.needsReview())) {
                    r.violation(o, "flagged for review", "payment_order.needs_review is " + row.needsReview());
                }
                if (reviewEvent && Boolean.TRUE.equals(row.needsReview())) {
                    r.flagged++;
                }
            } else if (Boolean.TRUE.equals(row.needsReview()) || reviewEvent) {
                r.violation(o, "not flagged", "a " + o.bill + " bill must end " + expected
                        + " without review, but needs_review=" + row.needsReview() + ", manual-review event=" + reviewEvent);
            }

            // one biller transaction, repeated with the same traxId, approved at most once
            List<BillerMessage> msgs = messagesByBill.getOrDefault(o.billNumber, List.of());
            Set<String> traxIds = msgs.stream().map(BillerMessage::traxId).collect(Collectors.toCollection(LinkedHashSet::new));
            if (msgs.isEmpty()) {
                r.violation(o, "biller payment", "the biller received no payment message");
            }
            if (traxIds.size() > 1) {
                r.duplicated.add(o.orderId);
                r.violation(o, "one traxId", "payment messages under " + traxIds.size() + " traxIds " + traxIds);
            }
            if (row.traxId() != null && !traxIds.isEmpty() && !traxIds.equals(Set.of(row.traxId()))) {
                r.violation(o, "one traxId", "the order's trax_id is " + row.traxId() + ", the biller saw " + traxIds);
            }
            r.billerRepeats += Math.max(0, msgs.size() - 1);
            List<BillerPayment> outcomes = outcomesByBill.getOrDefault(o.billNumber, List.of());
            long approved = outcomes.stream().filter(p -> "00".equals(p.resultCode())).count();
            if (approved > 1) {
                r.paidTwice.add(o.orderId);
                r.violation(o, "paid at most once", approved + " approved (00) biller payments: " + outcomes);
            }
            if ("PAID".equals(expected) && "PAID".equals(row.status()) && approved != 1) {
                r.violation(o, "paid at the biller", "PAID but " + approved + " approved biller payments");
            }
            if (("REFUNDED".equals(expected) || "PROCESSING".equals(expected)) && approved > 0) {
                r.violation(o, "not paid at the biller", expected + " expected but the biller approved: " + outcomes);
            }

            // one charge at the bank; the refund is the full amount; a suspect order is never refunded
            List<SofPayment> sofs = sofByReference.getOrDefault(row.reference(), List.of());
            List<SofPayment> taken = sofs.stream()
                    .filter(s -> "PAID".equals(s.status()) || "REFUNDED".equals(s.status())).toList();
            if (taken.size() > 1) {
                r.chargedTwice.add(o.orderId);
                r.violation(o, "charged once", taken.size() + " payments taken at the bank: " + taken);
            }
            if (taken.isEmpty()) {
                if (o.paid()) {
                    r.lost.add(o.orderId);
                    r.violation(o, "charge kept", "the bank answered the payment but holds no PAID/REFUNDED payment"
                            + " for reference " + row.reference() + ": " + sofs);
                } else {
                    r.violation(o, "charged", "never paid: " + sofs);
                }
            } else {
                SofPayment s = taken.get(0);
                if (!Objects.equals(row.amount(), s.amount())) {
                    r.violation(o, "amount", "the bank took " + s.amount() + ", the order's amount is " + row.amount());
                }
                String expectedSof = "REFUNDED".equals(expected) ? "REFUNDED" : "PAID";
                if (!expectedSof.equals(s.status())) {
                    r.violation(o, "bank payment", "expected " + expectedSof + ", the bank holds " + s.status()
                            + (s.refundRef() == null ? "" : " (refund " + s.refundRef() + ")"));
                }
                if ("REFUNDED".equals(s.status()) && !Objects.equals(s.refundAmount(), s.amount())) {
                    r.violation(o, "full refund", "refunded " + s.refundAmount() + " of " + s.amount());
                }
                if (o.bill == LoadOrder.Bill.NEVER_ANSWERS && (s.refundRef() != null || "REFUNDED".equals(s.status()))) {
                    r.violation(o, "suspect never refunded", "the biller never answered, yet the bank refunded " + s.refundRef());
                }
            }

            // the final notification arrived, signed; nothing contradicts it
            List<Received> got = receivedByOrder.getOrDefault(o.orderId, List.of());
            for (Received n : got) {
                if (!n.rawValid() || !n.reencodedValid()) {
                    r.violation(o, "signature", "a " + n.status() + " notification at " + n.at() + " did not verify (raw "
                            + n.rawValid() + ", re-encoded " + n.reencodedValid() + ")");
                }
                if (!n.status().equals(row.status()) || "PROCESSING".equals(n.status())) {
                    r.violation(o, "no contradicting notification", "notified " + n.status() + " at " + n.at()
                            + " but the order is " + row.status());
                }
            }
            if (isFinal(row.status())) {
                long matching = got.stream().filter(n -> n.status().equals(row.status()) && n.rawValid() && n.reencodedValid()).count();
                if (matching == 0) {
                    r.lost.add(o.orderId);
                    r.violation(o, "notified", "the order is " + row.status() + " but the Mitra never received a valid "
                            + row.status() + " notification (outbox: " + outbox.stream().filter(x -> x.orderPk() == row.pk()).toList() + ")");
                }
                r.extraNotifications += (int) Math.max(0, matching - 1);
            }
        }
        // orders in the database that the load did not make would be a duplicate order
        Set<String> made = load.stream().map(x -> x.orderId).collect(Collectors.toSet());
        orders.keySet().stream().filter(id -> !made.contains(id))
                .forEach(id -> r.violations.add(id + ": an order this run did not make is in payment_order"
                        + " (another run on the same database at the same time?)"));

        for (Kill k : kills) {
            r.killReport.add(inFlight(k));
        }
        return r;
    }

    static boolean isFinal(String status) {
        return Set.of("PAID", "REFUNDED", "FAILED", "EXPIRED", "CANCELLED").contains(status);
    }

    // --- what was in flight when a node was killed, from the rows' own timestamps ----------------

    static final class InFlight {
        int callbacks;
        int billerUnknown;
        int processing;
        int notifications;
    }

    InFlight at(Instant kill) {
        InFlight f = new InFlight();
        f.callbacks = (int) sofCallbacks.stream()
                .filter(c -> c.created() != null && !c.created().isAfter(kill) && (c.acked() == null || c.acked().isAfter(kill)))
                .count();
        // a payment message sent before the kill, still without an answer at the kill
        Map<String, List<BillerMessage>> byTrax = billerMessages.stream()
                .filter(m -> m.at() != null && !m.at().isAfter(kill))
                .collect(Collectors.groupingBy(BillerMessage::traxId));
        Map<String, Instant> definitive = billerPayments.stream()
                .collect(Collectors.toMap(BillerPayment::traxId, BillerPayment::at, (x, y) -> x));
        f.billerUnknown = (int) byTrax.entrySet().stream().filter(e -> {
            Instant decided = definitive.get(e.getKey());
            boolean neverAnswers = e.getValue().get(0).billNumber().endsWith("0100");
            return (decided == null || decided.isAfter(kill)) && !neverAnswers;
        }).count();
        Map<Long, Instant> processingSince = events.stream()
                .filter(e -> "PROCESSING".equals(e.toStatus()) && e.at() != null)
                .collect(Collectors.toMap(Event::orderPk, Event::at, (x, y) -> x));
        Map<Long, Order> byPk = orders.values().stream().collect(Collectors.toMap(Order::pk, Function.identity()));
        f.processing = (int) processingSince.entrySet().stream().filter(e -> {
            Order o = byPk.get(e.getKey());
            return !e.getValue().isAfter(kill) && o != null && (o.finalAt() == null || o.finalAt().isAfter(kill))
                    && !"0100".equals(o.billNumber() == null ? "" : o.billNumber().substring(o.billNumber().length() - 4));
        }).count();
        f.notifications = (int) outbox.stream()
                .filter(n -> n.created() != null && !n.created().isAfter(kill) && (n.delivered() == null || n.delivered().isAfter(kill)))
                .count();
        return f;
    }

    private String inFlight(Kill k) {
        InFlight f = at(k.at());
        return "kill " + k.n() + " (" + k.point() + ") at " + k.at() + ": bank callbacks not yet acknowledged="
                + f.callbacks + ", biller payments with unknown outcome=" + f.billerUnknown
                + ", orders paid but not final=" + f.processing + ", notifications not yet delivered=" + f.notifications;
    }
}
