package id.loket.ops;

import com.fasterxml.jackson.databind.JsonNode;
import id.loket.flow.HubClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The tests' client, extended with what an operator does over the operations API (HTTP Basic), and
 * the orders the operators act on, made over the Mitra API and the sandbox as a Mitra and a customer
 * make them.
 */
class OpsActionsClient extends HubClient {

    static final String OPS = "ops";
    static final String OPS_PASSWORD = "ops-secret";
    static final String LEAD = "lead";
    static final String LEAD_PASSWORD = "lead-secret";
    static final AtomicInteger SEQ = new AtomicInteger();

    private final JdbcTemplate jdbc;

    OpsActionsClient(int port, JdbcTemplate jdbc) {
        super(port);
        this.jdbc = jdbc;
    }

    static String password(String user) {
        return user + "-secret";
    }

    static String orderId(String prefix) {
        return prefix + "-" + System.currentTimeMillis() % 100000 + "-" + SEQ.incrementAndGet();
    }

    /** A call of the operations API as {@code user} (password {@code <user>-secret}); null body: none. */
    Answer ops(String method, String path, String json, String user) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password(user)).getBytes(StandardCharsets.UTF_8)));
        }
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        return send(b);
    }

    Answer resend(String user, String orderId) {
        return ops("POST", "/ops/api/orders/" + MERCHANT + "/" + orderId + "/resend", null, user);
    }

    Answer retryBiller(String user, String orderId) {
        return ops("POST", "/ops/api/orders/" + MERCHANT + "/" + orderId + "/retry-biller", null, user);
    }

    Answer resolve(String user, String orderId, String json) {
        return ops("POST", "/ops/api/orders/" + MERCHANT + "/" + orderId + "/resolve", json, user);
    }

    Answer resolvePaid(String user, String orderId, String reference) {
        return resolve(user, orderId, "{\"outcome\":\"PAID\",\"billerReference\":\"" + reference
                + "\",\"reason\":\"biller confirmed by phone\"}");
    }

    Answer resolveNotPaid(String user, String orderId) {
        return resolve(user, orderId, "{\"outcome\":\"NOT_PAID\",\"reason\":\"biller says never received\"}");
    }

    Answer refund(String user, String orderId, String json) {
        return ops("POST", "/ops/api/orders/" + MERCHANT + "/" + orderId + "/refund", json, user);
    }

    Answer approve(String user, long id) {
        return ops("POST", "/ops/api/actions/" + id + "/approve", "{\"comment\":\"checked\"}", user);
    }

    Answer reject(String user, long id, String comment) {
        return ops("POST", "/ops/api/actions/" + id + "/reject", "{\"comment\":\"" + comment + "\"}", user);
    }

    Answer actions(String user, String query) {
        return ops("GET", "/ops/api/actions" + query, null, user);
    }

    static long id(Answer a) {
        return a.json().at("/action/id").asLong();
    }

    static String state(Answer a) {
        return a.json().at("/action/state").asText();
    }

    // ---- orders ----

    /** A bill number the sandbox biller treats by its last four digits ({@code 0100}: never answers). */
    static String billNumber(String suffix) {
        return "7" + String.format("%06d", System.nanoTime() % 1_000_000) + String.format("%04d", SEQ.incrementAndGet() % 10000)
                + suffix;
    }

    /**
     * A core-mode bill order paid by its customer whose biller payment never gets an answer
     * ({@code suffix} 0100; 0068 answers a repeat with 00): PROCESSING and flagged for manual review.
     */
    String processingBill(String prefix, String suffix) {
        String orderId = orderId(prefix);
        Answer init = initiateBill("""
                {"order":{"id":"%s"},"customer":{"email":"budi@example.com"},"url":{"callbackUrl":"%s/sandbox/mitra/callback"},
                 "billing":{"billerServiceProvider":{"id":"050017","customerId":"%s"}},"sourceOfFunds":{"type":"vabca"}}
                """.formatted(orderId, base(), billNumber(suffix)));
        if (init.status() != 200) {
            throw new AssertionError("initiate: " + init);
        }
        Answer paid = pay(init.json().get("paymentCode").asText(), "SUCCESS");
        if (paid.status() != 200) {
            throw new AssertionError("pay: " + paid);
        }
        await(() -> Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT needs_review FROM payment_order WHERE order_id = ?", Boolean.class, orderId)) ? orderId : null,
                orderId + " flagged for review");
        return orderId;
    }

    /** A core-mode bill order the biller paid: PAID. */
    String paidBill(String prefix) {
        String orderId = orderId(prefix);
        Answer init = initiateBill("""
                {"order":{"id":"%s"},"customer":{"email":"budi@example.com"},"url":{"callbackUrl":"%s/sandbox/mitra/callback"},
                 "billing":{"billerServiceProvider":{"id":"050017","customerId":"%s"}},"sourceOfFunds":{"type":"vabca"}}
                """.formatted(orderId, base(), billNumber("1100")));
        if (init.status() != 200 || pay(init.json().get("paymentCode").asText(), "SUCCESS").status() != 200) {
            throw new AssertionError("initiate or pay: " + init);
        }
        awaitDbStatus(orderId, "PAID");
        return orderId;
    }

    /** A plain payment order of {@code amount}, paid at a virtual account: PAID and notified. */
    String paidPlain(String prefix, long amount) {
        String orderId = pendingPlain(prefix, amount);
        String code = jdbc.queryForObject("SELECT sof_payment_code FROM payment_order WHERE order_id = ?", String.class, orderId);
        if (pay(code, "SUCCESS").status() != 200) {
            throw new AssertionError("pay " + orderId);
        }
        awaitDbStatus(orderId, "PAID");
        return orderId;
    }

    /** A plain payment order waiting for its customer: PENDING. */
    String pendingPlain(String prefix, long amount) {
        String orderId = orderId(prefix);
        Answer init = initiatePlain("""
                {"order":{"id":"%s","amount":"%d"},"customer":{"email":"budi@example.com"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"},"sourceOfFunds":{"type":"vabca"}}
                """.formatted(orderId, amount, base()));
        if (init.status() != 200) {
            throw new AssertionError("initiate: " + init);
        }
        return orderId;
    }

    String dbStatus(String orderId) {
        return jdbc.queryForObject("SELECT status FROM payment_order WHERE order_id = ?", String.class, orderId);
    }

    void awaitDbStatus(String orderId, String status) {
        await(() -> status.equals(dbStatus(orderId)) ? status : null, orderId + " to become " + status);
    }

    /** The order's outbox rows (one per notified status). */
    int notificationRows(String orderId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM notification n JOIN payment_order o ON o.id = n.order_pk"
                + " WHERE o.order_id = ?", Integer.class, orderId);
    }

    int events(String orderId, String arrow, String outcome) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM order_event e JOIN payment_order o ON o.id = e.order_pk"
                + " WHERE o.order_id = ? AND e.arrow = ? AND e.outcome = ?", Integer.class, orderId, arrow, outcome);
    }

    int audits(long actionId, String action, String outcome) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM ops_audit WHERE action_id = ? AND action = ? AND outcome = ?",
                Integer.class, actionId, action, outcome);
    }

    int audits(String orderId, String actor, String action, String outcome) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM ops_audit WHERE order_id = ? AND actor = ? AND action = ?"
                + " AND outcome = ?", Integer.class, orderId, actor, action, outcome);
    }

    /** The Mitra receiver's notifications for the order. */
    JsonNode received(String orderId) {
        return notifications(orderId);
    }
}
