package id.loket.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The operations list on a million orders ({@code bench/ops-orders.sh}; not part of {@code mvn verify}).
 * <ul>
 * <li>{@code prepare --jdbc URL [--orders 1000000]}: the hub's migrations (Flyway, as the hub runs them),
 * then the orders in bulk with {@code INSERT ... SELECT} from a generated range, in chunks: spread over 50
 * merchants, the statuses of a working hub, 1% flagged for review, 90 days of creation times.</li>
 * <li>{@code hash PASSWORD}: a bcrypt hash for the benchmark's operator, in the delegating format.</li>
 * <li>{@code measure --base URL --user U --password P [--requests 200] [--warmup 50]
 * [--slow-password P] [--out file]}: the first page of every documented filter (and later pages,
 * the review queue, one story) over HTTP with HTTP Basic, one request at a time; p50/p95/p99.</li>
 * </ul>
 */
public final class OpsOrdersBench {

    private static final ZoneId WIB = ZoneId.of("Asia/Jakarta");
    private static final int CHUNK = 50_000;
    /** 90 days over a million orders: one order every 7.776 s, the newest now. */
    private static final long SPAN_MS = Duration.ofDays(90).toMillis();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private OpsOrdersBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: OpsOrdersBench prepare|hash|measure ...");
        }
        Map<String, String> opts = options(Arrays.copyOfRange(args, 1, args.length));
        switch (args[0]) {
            case "prepare" -> prepare(opts.get("jdbc"), Integer.parseInt(opts.getOrDefault("orders", "1000000")));
            case "hash" -> System.out.println("{bcrypt}" + new BCryptPasswordEncoder(4).encode(args[1]));
            case "measure" -> measure(opts);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) {
                opts.put(args[i].substring(2), args[++i]);
            } else if (!args[i].startsWith("--")) {
                opts.put(args[i], "");
            }
        }
        return opts;
    }

    // ---------------------------------------------------------------- prepare

    static void prepare(String url, int orders) throws Exception {
        boolean pg = url.startsWith("jdbc:postgresql:");
        long t0 = System.nanoTime();
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").load().migrate();
        System.out.printf("migrated in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        long now = System.currentTimeMillis();
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            long t1 = System.nanoTime();
            for (int lo = 1; lo <= orders; lo += CHUNK) {
                int hi = Math.min(orders, lo + CHUNK - 1);
                try (PreparedStatement st = c.prepareStatement(insert(pg, lo, hi, orders, now))) {
                    st.executeUpdate();
                }
                c.commit();
                if ((hi / CHUNK) % 4 == 0 || hi == orders) {
                    System.out.printf("  %,d orders in %.1f s%n", hi, (System.nanoTime() - t1) / 1e9);
                }
            }
            // Statistics first: PostgreSQL plans the foreign key's check of each event below with them
            // (without, it scanned the whole table for each of the 10,000 events).
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                st.execute(pg ? "ANALYZE payment_order" : "ANALYZE");
            }
            c.setAutoCommit(false);
            // The flagged orders' manual-review event, as OrderStore.flagForReview writes it.
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO order_event (order_pk, arrow, outcome, from_status, to_status, detail, created_at)"
                        + " SELECT id, 'manual-review', 'FLAGGED', 'PROCESSING', 'PROCESSING',"
                        + " 'biller outcome still unknown after 3 messages', flagged_at FROM payment_order WHERE needs_review = TRUE");
            }
            c.commit();
            System.out.printf("loaded %,d orders in %.1f s%n", orders, (System.nanoTime() - t1) / 1e9);
            c.setAutoCommit(true);
            long t2 = System.nanoTime();
            try (Statement st = c.createStatement()) {
                st.execute(pg ? "VACUUM ANALYZE payment_order" : "ANALYZE");
                if (pg) {
                    st.execute("VACUUM ANALYZE order_event");
                }
            }
            System.out.printf("analyzed in %.1f s%n", (System.nanoTime() - t2) / 1e9);
            printPlans(c, pg);
        }
    }

    /**
     * One chunk of orders {@code lo..hi} of {@code n}: order g is created {@code (n - g) x 7.776 s} before
     * now (ids grow with time, as the hub makes them). By {@code g mod 100}: 0 PROCESSING flagged for
     * review (1%), 1-70 PAID, 71-80 EXPIRED, 81-86 FAILED, 87-90 CANCELLED, 91-93 REFUNDED, 94
     * PARTIALLY_REFUNDED, 95-99 PAID; the newest 3000 are still REQUEST_INITIATED or PENDING (they would
     * have expired otherwise). A fifth of the orders are the demo merchant's, the rest spread over 49
     * Mitras; 80% are bill payments, each bill number paid about five times.
     */
    static String insert(boolean pg, int lo, int hi, int n, long nowMs) {
        String g = pg ? "g" : "X";
        String range = pg ? "generate_series(CAST(" + lo + " AS BIGINT), " + hi + ") AS r(g)" : "SYSTEM_RANGE(" + lo + ", " + hi + ")";
        String created = ts(pg, nowMs, "(" + n + " - " + g + ") * " + (SPAN_MS / n));
        String status = "CASE WHEN " + g + " > " + (n - 3000) + " THEN (CASE WHEN MOD(" + g + ", 2) = 0 THEN 'PENDING' ELSE 'REQUEST_INITIATED' END)"
                + " WHEN MOD(" + g + ", 100) = 0 THEN 'PROCESSING'"
                + " WHEN MOD(" + g + ", 100) BETWEEN 71 AND 80 THEN 'EXPIRED'"
                + " WHEN MOD(" + g + ", 100) BETWEEN 81 AND 86 THEN 'FAILED'"
                + " WHEN MOD(" + g + ", 100) BETWEEN 87 AND 90 THEN 'CANCELLED'"
                + " WHEN MOD(" + g + ", 100) BETWEEN 91 AND 93 THEN 'REFUNDED'"
                + " WHEN MOD(" + g + ", 100) = 94 THEN 'PARTIALLY_REFUNDED' ELSE 'PAID' END";
        String review = "(MOD(" + g + ", 100) = 0 AND " + g + " <= " + (n - 3000) + ")";
        String bill = "MOD(" + g + ", 5) <> 4";
        String merchant = "CASE WHEN MOD(" + g + ", 5) = 0 THEN 'FINPAY770' ELSE 'MITRA' || LPAD(CAST(MOD(" + g
                + ", 49) AS VARCHAR), 2, '0') END";
        String sof = "CASE MOD(" + g + ", 7) WHEN 0 THEN 'vabca' WHEN 1 THEN 'vamandiri' WHEN 2 THEN 'qris' WHEN 3 THEN 'ovo'"
                + " WHEN 4 THEN 'dana' WHEN 5 THEN 'vabni' ELSE 'shopeepay' END";
        String amount = "(10000 + MOD(" + g + ", 500) * 100 + 2500)";
        return "INSERT INTO payment_order (reference, merchant_id, order_id, kind, mode, status, request_hash, token,"
                + " amount, requested_amount, currency, description, customer_email, customer_phone, callback_url,"
                + " meta_present, product_code, bill_number, bill_amount, admin_fee, customer_name, sof_type, sof_channel,"
                + " sof_payment_code, trax_id, expires_at, paid_at, final_at, created_at, updated_at, needs_review, flagged_at)"
                + " SELECT 'LKT-B-' || CAST(" + g + " AS VARCHAR), " + merchant + ", 'ORD-' || CAST(" + g + " AS VARCHAR),"
                + " CASE WHEN " + bill + " THEN 'BILL' ELSE 'PLAIN' END, 'CORE', " + status + ", 'bench',"
                + " 'tok' || CAST(" + g + " AS VARCHAR), " + amount + ", " + amount + ", 'IDR', 'Tagihan listrik',"
                + " 'customer' || CAST(MOD(" + g + ", 100000) AS VARCHAR) || '@example.com', '+62812' || LPAD(CAST(MOD(" + g
                + ", 1000000) AS VARCHAR), 7, '0'), 'https://mitra.example.com/callback', FALSE,"
                + " CASE WHEN " + bill + " THEN '050017' END,"
                + " CASE WHEN " + bill + " THEN '5' || LPAD(CAST(MOD(" + g + ", 200000) AS VARCHAR), 11, '0') END,"
                + " CASE WHEN " + bill + " THEN " + amount + " - 2500 END, CASE WHEN " + bill + " THEN 2500 END,"
                + " CASE WHEN " + bill + " THEN 'PELANGGAN ' || CAST(MOD(" + g + ", 200000) AS VARCHAR) END,"
                + " " + sof + ", NULL, 'PAY' || CAST(" + g + " AS VARCHAR),"
                + " CASE WHEN " + bill + " THEN 'LKB' || LPAD(CAST(" + g + " AS VARCHAR), 15, '0') END,"
                + " " + ts(pg, nowMs, "(" + n + " - " + g + ") * " + (SPAN_MS / n) + " - 86400000") + ","
                + " " + created + ", " + created + ", " + created + ", " + created + ", " + review + ","
                + " CASE WHEN " + review + " THEN " + ts(pg, nowMs, "(" + n + " - " + g + ") * " + (SPAN_MS / n) + " - 120000") + " END"
                + " FROM " + range + " ORDER BY " + g;
    }

    /** The instant {@code nowMs - millisExpr} as a TIMESTAMP WITH TIME ZONE. */
    private static String ts(boolean pg, long nowMs, String millisExpr) {
        String base = literal(pg, OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(nowMs), ZoneOffset.UTC));
        return pg ? "(" + base + " - (" + millisExpr + ") * INTERVAL '1 millisecond')"
                : "DATEADD(MILLISECOND, -(" + millisExpr + "), " + base + ")";
    }

    private static String literal(boolean pg, OffsetDateTime t) {
        String text = t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime() + "+00:00";
        return pg ? "TIMESTAMPTZ '" + text + "'" : "TIMESTAMP WITH TIME ZONE '" + text.replace('T', ' ') + "'";
    }

    /** The plans of the list's first pages, as the database chose them. */
    static void printPlans(Connection c, boolean pg) throws Exception {
        String cols = "SELECT o.id, o.merchant_id, o.order_id, o.status, o.created_at FROM payment_order o WHERE 1 = 1";
        String tail = " ORDER BY o.created_at DESC, o.id DESC LIMIT 51";
        OffsetDateTime day = OffsetDateTime.now(ZoneOffset.UTC).minusDays(30);
        String at = literal(pg, day);
        String dayAfter = literal(pg, day.plusDays(1));
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("none", cols + tail);
        queries.put("merchant", cols + " AND o.merchant_id = 'MITRA07'" + lead("merchant_id", tail));
        queries.put("status", cols + " AND o.status = 'FAILED'" + lead("status", tail));
        queries.put("review", cols + " AND o.needs_review = TRUE" + lead("needs_review", tail));
        queries.put("bill", cols + " AND o.bill_number = '500000012345'" + lead("bill_number", tail));
        queries.put("order", cols + " AND o.order_id = 'ORD-123456'" + tail);
        queries.put("merchant+status", cols + " AND o.merchant_id = 'MITRA07' AND o.status = 'REFUNDED'" + lead("merchant_id", tail));
        queries.put("from-to", cols + " AND o.created_at >= " + at + " AND o.created_at < " + dayAfter + tail);
        queries.put("after", cols + " AND o.merchant_id = 'MITRA07' AND o.created_at <= " + at + " AND (o.created_at < " + at
                + " OR o.id < 500000)" + lead("merchant_id", tail));
        queries.put("review queue", "SELECT o.id FROM payment_order o WHERE o.needs_review = TRUE AND o.status = 'PROCESSING'"
                + " ORDER BY o.needs_review, o.status, o.flagged_at, o.id LIMIT 51");
        queries.put("review count", "SELECT COUNT(*) FROM payment_order WHERE needs_review = TRUE AND status = 'PROCESSING'");
        try (Statement st = c.createStatement()) {
            for (Map.Entry<String, String> q : queries.entrySet()) {
                System.out.println("EXPLAIN " + q.getKey() + ":");
                try (ResultSet rs = st.executeQuery("EXPLAIN " + q.getValue())) {
                    while (rs.next()) {
                        System.out.println("    " + rs.getString(1).replace("\n", "\n    "));
                    }
                }
            }
        }
    }

    /** The ORDER BY as OrderQueries writes it for a filter on {@code column}. */
    private static String lead(String column, String tail) {
        return tail.replace("ORDER BY ", "ORDER BY o." + column + ", ");
    }

    // ---------------------------------------------------------------- measure

    record Target(String name, String path) {
    }

    static void measure(Map<String, String> o) throws Exception {
        String base = o.get("base");
        String auth = basic(o.get("user"), o.get("password"));
        int requests = Integer.parseInt(o.getOrDefault("requests", "200"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "50"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

        LocalDate today = LocalDate.now(WIB);
        LocalDate month = today.minusDays(30);
        LocalDate deep = today.minusDays(45);
        List<Target> targets = new ArrayList<>(List.of(
                new Target("no filter", "/ops/api/orders"),
                new Target("merchant (1 of 49 Mitras, 16k orders)", "/ops/api/orders?merchant=MITRA07"),
                new Target("merchant (demo, 200k orders)", "/ops/api/orders?merchant=FINPAY770"),
                new Target("status=PAID", "/ops/api/orders?status=PAID"),
                new Target("status=FAILED", "/ops/api/orders?status=FAILED"),
                new Target("review=true", "/ops/api/orders?review=true"),
                new Target("bill", "/ops/api/orders?bill=500000012345"),
                new Target("order (the Mitra's id)", "/ops/api/orders?order=ORD-123456"),
                new Target("from=to (one day, 30 days ago)", "/ops/api/orders?from=" + month + "&to=" + month),
                new Target("from (the last 7 days)", "/ops/api/orders?from=" + today.minusDays(7)),
                new Target("merchant+status", "/ops/api/orders?merchant=MITRA07&status=REFUNDED"),
                new Target("limit=200", "/ops/api/orders?limit=200")));
        // Later pages: page 2 of the whole list, and a page 45 days deep into one Mitra's orders.
        targets.add(new Target("after: page 2", "/ops/api/orders?after=" + next(http, base, auth, "/ops/api/orders")));
        String deepQuery = "/ops/api/orders?merchant=MITRA07&to=" + deep;
        targets.add(new Target("after: merchant, 45 days deep", deepQuery + "&after=" + next(http, base, auth, deepQuery)));
        targets.add(new Target("review queue", "/ops/api/review"));
        targets.add(new Target("review queue: page 2", "/ops/api/review?after=" + next(http, base, auth, "/ops/api/review")));
        targets.add(new Target("one order's story", "/ops/api/orders/FINPAY770/ORD-500000"));

        // Warm-up: every target, round-robin, so the JIT and the database's caches see them all.
        for (int i = 0; i < warmup; i++) {
            for (Target t : targets) {
                get(http, base + t.path(), auth);
            }
        }
        List<Map<String, Object>> results = new ArrayList<>();
        System.out.printf("%-40s %8s %8s %8s %8s %6s%n", "filter", "p50 ms", "p95 ms", "p99 ms", "max ms", "rows");
        for (Target t : targets) {
            results.add(run(http, base, auth, t, requests));
        }
        if (o.containsKey("slow-user")) {
            // The demo operator's hash has bcrypt's cost 10: HTTP Basic checks it on every request.
            String slow = basic(o.get("slow-user"), o.get("slow-password"));
            Map<String, Object> r = run(http, base, slow, new Target("no filter, bcrypt cost 10 operator", "/ops/api/orders"),
                    Math.min(requests, 50));
            results.add(r);
        }
        if (o.containsKey("out")) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("db", o.get("db"));
            doc.put("requests", requests);
            doc.put("warmupRounds", warmup);
            doc.put("at", OffsetDateTime.now(WIB).toString());
            doc.put("filters", results);
            Files.writeString(Path.of(o.get("out")), JSON.writeValueAsString(doc));
        }
    }

    private static Map<String, Object> run(HttpClient http, String base, String auth, Target t, int requests) throws Exception {
        long[] ms = new long[requests];
        int rows = -1;
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = get(http, base + t.path(), auth);
            ms[i] = System.nanoTime() - start;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(t.name() + ": HTTP " + r.statusCode() + " " + r.body());
            }
            if (i == 0) {
                JsonNode body = JSON.readTree(r.body());
                rows = body.has("orders") ? body.get("orders").size() : body.has("timeline") ? 1 : 0;
            }
        }
        Arrays.sort(ms);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("filter", t.name());
        m.put("path", t.path());
        m.put("rows", rows);
        m.put("p50Ms", millis(ms, 0.50));
        m.put("p95Ms", millis(ms, 0.95));
        m.put("p99Ms", millis(ms, 0.99));
        m.put("maxMs", ms[ms.length - 1] / 1e6);
        System.out.printf("%-40s %8.1f %8.1f %8.1f %8.1f %6d%n", t.name(), millis(ms, 0.50), millis(ms, 0.95),
                millis(ms, 0.99), ms[ms.length - 1] / 1e6, rows);
        return m;
    }

    private static double millis(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return Math.round(sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e4) / 100.0;
    }

    private static String next(HttpClient http, String base, String auth, String path) throws Exception {
        HttpResponse<String> r = get(http, base + path, auth);
        JsonNode body = JSON.readTree(r.body());
        if (r.statusCode() != 200 || !body.has("next")) {
            throw new IllegalStateException(path + ": no next page: HTTP " + r.statusCode() + " " + r.body());
        }
        return URLEncoder.encode(body.get("next").asText(), StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> get(HttpClient http, String url, String auth) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth)
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
