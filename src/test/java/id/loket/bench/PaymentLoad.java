package id.loket.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The load side of {@code bench/run.sh}: drives complete core-mode bill payments through a running
 * hub at a fixed concurrency for a fixed time, then at a fixed arrival rate (by default half of what
 * the first phase completed) for the same time, then the trivial {@code GET /ping} (the floor) with
 * the first phase's concurrency for the same time, and writes what it measured to a JSON file.
 *
 * <p>One payment, as a Mitra and its customer make it: {@code POST /sof/bp/paymentCard} with
 * {@code sourceOfFunds.type=vabca} (the hub asks the biller for the bill during initiate and opens
 * the virtual account), then {@code POST /sandbox/sof/pay} (the customer pays at the bank); the
 * sandbox bank calls the hub back, the hub pays the sandbox biller and notifies the Mitra. The
 * notification comes to a receiver this process runs on 127.0.0.1; a payment is complete when its
 * {@code PAID} notification arrives. Each worker waits for its payment's notification before it
 * starts the next one, so {@code --concurrency} is the number of payments in flight.
 *
 * <p>That closed loop measures throughput, but its latency is mostly the queue the workers build
 * themselves. The performance requirement states latency at half the load, so the second phase is an
 * open loop: payments start at evenly spaced instants whatever the hub answers, each on a thread of
 * its own, and the initiate latency is counted from the instant a payment was due to start, so a
 * load generator that falls behind shows up as latency rather than as a quietly lower rate
 * (no coordinated omission).
 *
 * <p>Everything is bounded: loopback only, fixed times, a watchdog that ends the process.
 * It is a benchmark, not a test: it measures and prints.
 */
public final class PaymentLoad {

    static final String MERCHANT = "FINPAY770";
    static final String KEY = "SoSecret123";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final DateTimeFormatter WALL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    /** Bill number endings the sandbox biller does not simply pay (not found, paid, refused, no answer). */
    static final Set<String> SPECIAL_SUFFIXES = Set.of("0014", "0088", "0005", "0068", "0069", "0100");
    /**
     * Most half-load payments in flight at once. An open loop keeps starting payments however slowly
     * the hub answers; the cap keeps this process's threads and connections bounded, and every start
     * it refuses counts as an error.
     */
    static final int IN_FLIGHT_CAP = 1000;

    /**
     * The HTTP requests the hub process serves for one payment while the sandbox runs inside it:
     * what {@code hubRequestsPerPayment} counts. The notification to the Mitra is a request the hub
     * makes, not one it serves, and is not in the list.
     */
    static final List<Map<String, String>> HUB_REQUESTS = List.of(
            request("POST /sof/bp/paymentCard", "Mitra -> hub", "initiate, core mode: answers once the VA is open"),
            request("POST /sandbox/biller/finnet", "hub -> its sandbox biller", "inquiry (transactionType 38), during initiate"),
            request("POST /sandbox/sof/va/payments", "hub -> its sandbox VA provider", "create the VA payment, during initiate"),
            request("POST /sandbox/sof/pay", "customer (load) -> sandbox bank", "the customer pays the VA"),
            request("POST /sof/callback", "sandbox bank -> hub", "the provider's signed callback"),
            request("POST /sandbox/biller/finnet", "hub -> its sandbox biller", "bill payment (transactionType 50)"));

    private static Map<String, String> request(String request, String from, String what) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("request", request);
        m.put("from", from);
        m.put("what", what);
        return m;
    }

    /** The command line. */
    record Options(String base, int concurrency, int seconds, int warmup, int latencyRate, int latencyWarmup,
                   int pingWarmup, int grace, int notifyTimeout, long hubPid, int clockTicks, Path out, String db,
                   String hubLog, String bankDelay) {

        /** {@link #latencyRate()} when it is half of what the closed loop completed. */
        static final int AUTO = -1;

        static Options parse(String[] args) {
            Map<String, String> a = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("usage: PaymentLoad --base http://127.0.0.1:PORT [--concurrency 32]"
                            + " [--seconds 30] [--warmup 150] [--latency-rate auto|N|0] [--latency-warmup 5]"
                            + " [--ping-warmup 5] [--grace 30] [--notify-timeout 30]"
                            + " [--hub-pid PID] [--clock-ticks 100] [--out target/bench/result.json] [--db h2] [--hub-log FILE]"
                            + " [--bank-delay 0ms]");
                }
                a.put(args[i].substring(2), args[++i]);
            }
            String base = a.getOrDefault("base", "http://127.0.0.1:8080");
            if (!URI.create(base).getHost().matches("127\\.\\d+\\.\\d+\\.\\d+|localhost")) {
                throw new IllegalArgumentException("--base must be a loopback address: " + base);
            }
            return new Options(base,
                    positive(a, "concurrency", 32), positive(a, "seconds", 30), nonNegative(a, "warmup", 150),
                    "auto".equals(a.getOrDefault("latency-rate", "auto")) ? AUTO : nonNegative(a, "latency-rate", 0),
                    nonNegative(a, "latency-warmup", 5), nonNegative(a, "ping-warmup", 5),
                    nonNegative(a, "grace", 30), positive(a, "notify-timeout", 30),
                    Long.parseLong(a.getOrDefault("hub-pid", "0")), positive(a, "clock-ticks", 100),
                    Path.of(a.getOrDefault("out", "target/bench/result.json")), a.getOrDefault("db", "?"),
                    a.getOrDefault("hub-log", "?"), a.getOrDefault("bank-delay", "?"));
        }

        private static int positive(Map<String, String> a, String name, int dflt) {
            int v = Integer.parseInt(a.getOrDefault(name, Integer.toString(dflt)));
            if (v < 1 || v > 100_000) {
                throw new IllegalArgumentException("--" + name + " must be 1..100000");
            }
            return v;
        }

        private static int nonNegative(Map<String, String> a, String name, int dflt) {
            int v = Integer.parseInt(a.getOrDefault(name, Integer.toString(dflt)));
            if (v < 0 || v > 100_000) {
                throw new IllegalArgumentException("--" + name + " must be 0..100000");
            }
            return v;
        }
    }

    /** One payment between the customer paying and its notification arriving. */
    static final class Flight {
        final String orderId;
        final Tally tally;
        final long paySent;
        final CompletableFuture<String> status = new CompletableFuture<>();
        volatile long notifiedAt;

        Flight(String orderId, Tally tally, long paySent) {
            this.orderId = orderId;
            this.tally = tally;
            this.paySent = paySent;
        }
    }

    /**
     * What one payment phase saw: its measured window, its answers, errors and notifications. Each
     * phase has its own, so the half-load phase does not change the closed-loop figures that runs are
     * compared by.
     */
    static final class Tally {
        final Window window;
        final ConcurrentLinkedQueue<Long> paidArrivals = new ConcurrentLinkedQueue<>();
        /** From the instant the payment was due to start (in the closed loop: when it started) to the answer. */
        final ConcurrentLinkedQueue<Long> initiateLatencies = new ConcurrentLinkedQueue<>();
        /** From the instant the payment was due to start to the initiate request going out: this process's lag. */
        final ConcurrentLinkedQueue<Long> startLags = new ConcurrentLinkedQueue<>();
        final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        final LongAdder started = new LongAdder();
        final LongAdder startedInWindow = new LongAdder();
        final LongAdder duplicates = new LongAdder();
        final LongAdder unexpected = new LongAdder();

        Tally(Window window) {
            this.window = window;
        }

        void error(String kind) {
            errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
        }

        long answerErrors() {
            return errors.values().stream().mapToLong(LongAdder::sum).sum();
        }

        /** PAID notifications that arrived in the window. */
        long completed() {
            return paidArrivals.stream().filter(window::contains).count();
        }
    }

    /** The half-load phase as it ran: its rate, where the rate came from, and what it saw. */
    record HalfLoad(int rate, String rateFrom, Tally tally, Snapshots snapshots, int missing, int maxInFlight) {
    }

    /** A time window on the {@link System#nanoTime()} clock. */
    record Window(long start, long end) {
        boolean contains(long t) {
            return t >= start && t < end;
        }

        double seconds() {
            return (end - start) / 1e9;
        }
    }

    /** CPU counters read at a window's start and end. */
    record Cpu(long hubTicks, long loadNanos, long machineBusy, long machineTotal) {
    }

    private final Options o;
    private final HttpClient http;
    private final String auth = "Basic " + Base64.getEncoder()
            .encodeToString((MERCHANT + ":" + KEY).getBytes(StandardCharsets.UTF_8));
    private final String runId = "BN" + Long.toString(System.currentTimeMillis(), 36).toUpperCase();
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Flight> flights = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> pingLatencies = new ConcurrentLinkedQueue<>();
    /** The payment phase running: a notification for an order this process does not know is counted there. */
    private volatile Tally current;
    private final LongAdder pingOk = new LongAdder();
    private final LongAdder pingErrors = new LongAdder();
    private String callbackUrl;

    PaymentLoad(Options o) {
        this.o = o;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        // each payment phase: its time, the last payments' answers and notification (see runWorkers), the grace
        long drain = o.notifyTimeout() + 35L + o.grace();
        long halfLoad = o.latencyRate() == 0 ? 0 : o.latencyWarmup() + o.seconds() + drain;
        long limit = o.warmup() + o.seconds() + drain + halfLoad + o.pingWarmup() + o.seconds() + 120L;
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(limit));
                System.err.println("PaymentLoad: still running after " + limit + " s; stopping");
                System.exit(3);
            } catch (InterruptedException e) {
                // finished in time
            }
        }, "watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        new PaymentLoad(o).run();
        watchdog.interrupt();
    }

    void run() throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        ExecutorService receiverPool = Executors.newFixedThreadPool(Math.max(4, Math.min(16, o.concurrency())),
                daemon("receiver"));
        receiver.setExecutor(receiverPool);
        receiver.createContext("/notify", this::receive);
        receiver.start();
        callbackUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/notify";
        try {
            Map<String, Object> result = measure();
            Files.createDirectories(o.out().toAbsolutePath().getParent());
            Files.writeString(o.out(), JSON.writeValueAsString(result) + "\n");
            System.out.println("written: " + o.out());
        } finally {
            receiver.stop(0);
            receiverPool.shutdownNow();
        }
    }

    private Map<String, Object> measure() throws Exception {
        System.out.printf("Loket payment benchmark: %s, %d in flight, warm-up %d s, measured %d s (db %s)%n",
                o.base(), o.concurrency(), o.warmup(), o.seconds(), o.db());

        // Payments, closed loop: warm-up, then the measured window; workers start no payment after it.
        Tally closed = new Tally(window(o.warmup()));
        current = closed;
        Snapshots paySnapshots = new Snapshots(closed.window);
        paySnapshots.start();
        runWorkers("payment", closed.window.end(), closed::error, () -> onePayment(closed, System.nanoTime()));
        paySnapshots.join();
        int missing = awaitOutstanding(closed);

        // Payments, open loop at a fixed rate: half of what the closed loop completed unless told otherwise.
        HalfLoad half = null;
        double closedPerSecond = closed.completed() / closed.window.seconds();
        int rate = o.latencyRate() == Options.AUTO ? (int) Math.max(1, Math.round(closedPerSecond / 2))
                : o.latencyRate();
        if (rate > 0) {
            String rateFrom = o.latencyRate() == Options.AUTO
                    ? String.format("auto: half of the closed loop's %.2f payments/s", closedPerSecond)
                    : "--latency-rate";
            System.out.printf("Half load: %d payments/s (%s), open loop, lead-in %d s, measured %d s%n",
                    rate, rateFrom, o.latencyWarmup(), o.seconds());
            half = runHalfLoad(rate, rateFrom);
        }

        // The floor: GET /ping, the closed loop's concurrency, same measured time.
        Window pingWindow = window(o.pingWarmup());
        Snapshots pingSnapshots = new Snapshots(pingWindow);
        pingSnapshots.start();
        runWorkers("ping", pingWindow.end(), kind -> pingErrors.increment(), () -> onePing(pingWindow));
        pingSnapshots.join();

        return report(closed, paySnapshots, missing, half, pingWindow, pingSnapshots);
    }

    /** The measured window of a phase starting now: {@code --seconds} long, after {@code lead} seconds. */
    private Window window(int lead) {
        long begin = System.nanoTime();
        return new Window(begin + TimeUnit.SECONDS.toNanos(lead), begin + TimeUnit.SECONDS.toNanos(lead + o.seconds()));
    }

    // ---- the load ----------------------------------------------------------------------------

    private void runWorkers(String name, long until, Consumer<String> onError, Runnable step)
            throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < o.concurrency(); i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < until) {
                    try {
                        step.run();
                    } catch (RuntimeException e) {
                        onError.accept(name + ": " + e);
                    }
                }
            }, name + "-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        long joinBy = until + TimeUnit.SECONDS.toNanos(o.notifyTimeout() + 35L);
        for (Thread t : workers) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinBy - System.nanoTime())));
        }
    }

    /**
     * The half-load phase: the lead-in and then the measured window, one payment started every
     * 1/rate seconds on a thread of its own. Instants missed while this thread was late are started at
     * once, and their payments carry the delay in their initiate latency, since it is counted from the
     * instant they were due.
     */
    private HalfLoad runHalfLoad(int rate, String rateFrom) throws InterruptedException {
        Tally half = new Tally(window(o.latencyWarmup()));
        long begin = half.window.start() - TimeUnit.SECONDS.toNanos(o.latencyWarmup());
        current = half;
        Snapshots snapshots = new Snapshots(half.window);
        snapshots.start();
        AtomicInteger inFlight = new AtomicInteger();
        int maxInFlight = 0;
        ExecutorService payments = Executors.newCachedThreadPool(daemon("half-load"));
        try {
            double interval = 1e9 / rate;
            for (long i = 0; ; i++) {
                long due = begin + Math.round(i * interval);
                if (due >= half.window.end()) {
                    break;
                }
                parkUntil(due);
                if (inFlight.incrementAndGet() > IN_FLIGHT_CAP) {
                    inFlight.decrementAndGet();
                    half.error("not started: " + IN_FLIGHT_CAP + " payments already in flight");
                    continue;
                }
                maxInFlight = Math.max(maxInFlight, inFlight.get());
                payments.execute(() -> {
                    try {
                        onePayment(half, due);
                    } catch (RuntimeException e) {
                        half.error("payment: " + e);
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });
            }
        } finally {
            payments.shutdown();
        }
        // as long as runWorkers waits for the closed loop's last payments; the threads are daemons
        if (!payments.awaitTermination(o.notifyTimeout() + 35L, TimeUnit.SECONDS)) {
            payments.shutdownNow();
        }
        snapshots.join();
        int missing = awaitOutstanding(half);
        return new HalfLoad(rate, rateFrom, half, snapshots, missing, maxInFlight);
    }

    /**
     * One payment, from initiate to its notification (or the notification timeout).
     *
     * @param due the instant it was due to start: now in the closed loop, its scheduled instant in the
     *            open loop; the initiate latency is counted from it
     */
    private void onePayment(Tally tally, long due) {
        Window window = tally.window;
        String orderId = runId + "-" + sequence.incrementAndGet();
        String bill = billNumber();
        String body = "{\"order\":{\"id\":\"" + orderId + "\",\"description\":\"Loket benchmark\"},"
                + "\"customer\":{\"email\":\"bench@example.com\",\"firstName\":\"Bench\"},"
                + "\"url\":{\"callbackUrl\":\"" + callbackUrl + "\"},"
                + "\"billing\":{\"billerServiceProvider\":{\"id\":\"050017\",\"customerId\":\"" + bill + "\"}},"
                + "\"sourceOfFunds\":{\"type\":\"vabca\"}}";
        tally.started.increment();
        long sent = System.nanoTime();
        if (window.contains(sent)) {
            tally.startedInWindow.increment();
        }
        if (window.contains(due)) {
            tally.startLags.add(sent - due);
        }
        HttpResponse<String> initiated = post("/sof/bp/paymentCard", body, true, "initiate", tally);
        long answered = System.nanoTime();
        if (initiated == null) {
            return;
        }
        if (window.contains(due)) {
            tally.initiateLatencies.add(answered - due);
        }
        JsonNode answer = parse(initiated.body());
        String code = answer == null ? null : answer.path("responseCode").asText(null);
        String paymentCode = answer == null ? null : answer.path("paymentCode").asText(null);
        if (initiated.statusCode() != 200 || !"2000000".equals(code) || paymentCode == null) {
            tally.error("initiate answered HTTP " + initiated.statusCode() + " " + code);
            return;
        }

        Flight f = new Flight(orderId, tally, System.nanoTime());
        flights.put(orderId, f);
        HttpResponse<String> paid = post("/sandbox/sof/pay",
                "{\"paymentCode\":\"" + paymentCode + "\",\"outcome\":\"SUCCESS\"}", false, "pay", tally);
        if (paid == null || paid.statusCode() != 200) {
            flights.remove(orderId);
            if (paid != null) {
                tally.error("pay answered HTTP " + paid.statusCode());
            }
            return;
        }
        try {
            f.status.get(o.notifyTimeout(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            // still outstanding: counted as missing if it has not arrived after the grace period
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            tally.error("waiting: " + e);
        }
    }

    private void onePing(Window window) {
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(o.base() + "/ping"))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            long t1 = System.nanoTime();
            boolean ok = r.statusCode() == 200 && r.body().contains("\"2000000\"");
            if (window.contains(t1)) {
                if (ok) {
                    pingOk.increment();
                } else {
                    pingErrors.increment();
                }
            }
            if (window.contains(t0)) {
                pingLatencies.add(t1 - t0);
            }
        } catch (IOException e) {
            pingErrors.increment();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpResponse<String> post(String path, String json, boolean authenticated, String what, Tally tally) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(o.base() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authenticated) {
            b.header("Authorization", auth);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            tally.error(what + ": " + e.getClass().getSimpleName());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** A bill the sandbox biller simply pays: "11812" and ten digits, no special ending. */
    static String billNumber() {
        while (true) {
            String bill = "11812" + String.format("%010d", ThreadLocalRandom.current().nextLong(10_000_000_000L));
            if (!SPECIAL_SUFFIXES.contains(bill.substring(bill.length() - 4))) {
                return bill;
            }
        }
    }

    /** The Mitra's notification endpoint: records the arrival, answers as a Mitra does. */
    private void receive(HttpExchange ex) throws IOException {
        long now = System.nanoTime();
        try (InputStream in = ex.getRequestBody()) {
            JsonNode n = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            String orderId = n == null ? null : n.at("/order/id").asText(null);
            String status = n == null ? null : n.at("/result/payment/status").asText(null);
            Flight f = orderId == null ? null : flights.get(orderId);
            if (f == null) {
                current.unexpected.increment();
            } else if (f.status.isDone()) {
                f.tally.duplicates.increment();
            } else {
                f.notifiedAt = now;
                if ("PAID".equals(status)) {
                    f.tally.paidArrivals.add(now);
                } else {
                    f.tally.error("notified " + status);
                }
                f.status.complete(String.valueOf(status));
            }
        }
        byte[] answer = "{\"responseCode\":\"2000000\",\"responseMessage\":\"Success\"}".getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, answer.length);
        ex.getResponseBody().write(answer);
        ex.close();
    }

    /**
     * After a phase's payments stopped: waits (bounded) for their notifications still on the way;
     * returns how many never came.
     */
    private int awaitOutstanding(Tally tally) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.grace());
        while (System.nanoTime() < until && outstanding(tally) > 0) {
            Thread.sleep(100);
        }
        return outstanding(tally);
    }

    private int outstanding(Tally tally) {
        return (int) flights.values().stream().filter(f -> f.tally == tally && !f.status.isDone()).count();
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }

    // ---- what the hub did: its request counters and CPU, at a window's start and end ----------

    /** Reads the hub's counters at the start and the end of a window, on a thread of its own. */
    final class Snapshots extends Thread {
        final Window window;
        volatile Map<String, Long> startCounts = Map.of();
        volatile Map<String, Long> endCounts = Map.of();
        volatile Cpu startCpu;
        volatile Cpu endCpu;
        volatile LocalDateTime startWall;
        volatile LocalDateTime endWall;

        Snapshots(Window window) {
            super("snapshots");
            setDaemon(true);
            this.window = window;
        }

        @Override
        public void run() {
            try {
                sleepUntil(window.start());
                startWall = LocalDateTime.now();
                startCpu = cpu();
                startCounts = requestCounts();
                sleepUntil(window.end());
                endWall = LocalDateTime.now();
                endCpu = cpu();
                endCounts = requestCounts();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Requests the hub served in the window, by URI pattern, without its own actuator and the floor. */
        Map<String, Long> served() {
            Map<String, Long> d = new TreeMap<>();
            endCounts.forEach((uri, n) -> {
                long delta = n - startCounts.getOrDefault(uri, 0L);
                if (delta > 0) {
                    d.put(uri, delta);
                }
            });
            return d;
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long ms = TimeUnit.NANOSECONDS.toMillis(nanoTime - System.nanoTime());
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    /** Waits until the instant, to well under a millisecond, which {@link Thread#sleep} does not promise. */
    private static void parkUntil(long nanoTime) throws InterruptedException {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** {@code http.server.requests} counts per URI pattern, from the hub's actuator. */
    private Map<String, Long> requestCounts() {
        Map<String, Long> counts = new TreeMap<>();
        try {
            JsonNode all = get("/actuator/metrics/http.server.requests");
            if (all == null) {
                return counts;
            }
            for (JsonNode tag : all.path("availableTags")) {
                if (!"uri".equals(tag.path("tag").asText())) {
                    continue;
                }
                for (JsonNode uri : tag.path("values")) {
                    String u = uri.asText();
                    if (u.startsWith("/actuator")) {
                        continue;
                    }
                    JsonNode one = get("/actuator/metrics/http.server.requests?tag="
                            + URLEncoder.encode("uri:" + u, StandardCharsets.UTF_8));
                    if (one != null) {
                        for (JsonNode m : one.path("measurements")) {
                            if ("COUNT".equals(m.path("statistic").asText())) {
                                counts.put(u, m.path("value").asLong());
                            }
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            System.err.println("cannot read the hub's request counters: " + e);
        }
        return counts;
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(o.base() + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? parse(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private Cpu cpu() {
        long hub = -1;
        if (o.hubPid() > 0) {
            try {
                String stat = Files.readString(Path.of("/proc/" + o.hubPid() + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                hub = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime, in clock ticks
            } catch (IOException | RuntimeException e) {
                hub = -1;
            }
        }
        long load = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        long busy = -1;
        long total = -1;
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            busy = total - Long.parseLong(f[4]) - Long.parseLong(f[5]);
        } catch (IOException | RuntimeException e) {
            // not Linux: no machine figure
        }
        return new Cpu(hub, load, busy, total);
    }

    // ---- the report --------------------------------------------------------------------------

    private Map<String, Object> report(Tally closed, Snapshots paySnap, int missing, HalfLoad half,
                                       Window pingWindow, Snapshots pingSnap) throws IOException {
        Window payWindow = closed.window;
        long completed = closed.completed();
        double paymentsPerSecond = completed / payWindow.seconds();
        long floorRequests = pingOk.sum();
        double floorPerSecond = floorRequests / pingWindow.seconds();

        Map<String, Long> served = paySnap.served();
        served.remove("/ping");
        long servedTotal = served.values().stream().mapToLong(Long::longValue).sum();
        Double measuredPerPayment = completed == 0 || served.isEmpty() ? null : round2((double) servedTotal / completed);
        int counted = HUB_REQUESTS.size();

        Map<String, Object> r = new LinkedHashMap<>();
        Map<String, Object> hub = new LinkedHashMap<>();
        hub.put("base", o.base());
        hub.put("db", o.db());
        hub.put("pid", o.hubPid());
        hub.put("log", o.hubLog());
        r.put("hub", hub);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("concurrency", o.concurrency());
        settings.put("measuredSeconds", o.seconds());
        settings.put("warmupSeconds", o.warmup());
        settings.put("latencyRate", o.latencyRate() == Options.AUTO ? "auto" : o.latencyRate());
        settings.put("latencyWarmupSeconds", o.latencyWarmup());
        settings.put("pingWarmupSeconds", o.pingWarmup());
        settings.put("sandboxBankCallbackDelay", o.bankDelay());
        settings.put("graceSeconds", o.grace());
        settings.put("cores", Runtime.getRuntime().availableProcessors());
        r.put("settings", settings);

        Map<String, Object> pay = new LinkedHashMap<>();
        pay.put("completed", completed);
        pay.put("perSecond", round2(paymentsPerSecond));
        pay.put("initiateMs", stats(nanos(closed.initiateLatencies)));
        pay.put("payToNotifiedMs", stats(payToNotified(closed)));
        pay.put("started", closed.started.sum());
        Map<String, Object> err = errors(closed, missing);
        pay.put("errors", err);
        if (paySnap.startWall != null && paySnap.endWall != null) {
            // bench/jfr-top.sh keeps this window's samples: it takes the first "start" and "end" in the file
            pay.put("window", wallClock(paySnap));
        }
        r.put("payments", pay);
        r.put("halfLoad", halfLoad(half));

        Map<String, Object> floor = new LinkedHashMap<>();
        floor.put("endpoint", "GET /ping");
        floor.put("requests", floorRequests);
        floor.put("perSecond", round2(floorPerSecond));
        floor.put("latencyMs", stats(pingLatencies.stream().mapToLong(Long::longValue).toArray()));
        floor.put("errors", pingErrors.sum());
        r.put("floor", floor);

        Map<String, Object> perPayment = new LinkedHashMap<>();
        perPayment.put("counted", counted);
        perPayment.put("requests", HUB_REQUESTS);
        perPayment.put("measured", measuredPerPayment);
        perPayment.put("measuredByUri", served);
        perPayment.put("note", "counted: the requests the hub process serves for one payment while the sandbox"
                + " partners run inside it; the hub also makes 5 outgoing calls per payment (inquiry, create,"
                + " payment, and the notification; the sandbox bank's callback), whose client side is in the same"
                + " process too. measured: http.server.requests served in the window (without /ping and"
                + " /actuator) divided by the payments completed in it");
        r.put("hubRequestsPerPayment", perPayment);

        Map<String, Object> eff = new LinkedHashMap<>();
        eff.put("ratio", floorPerSecond == 0 ? null : round3(paymentsPerSecond * counted / floorPerSecond));
        eff.put("ratioMeasured", floorPerSecond == 0 || measuredPerPayment == null ? null
                : round3(paymentsPerSecond * measuredPerPayment / floorPerSecond));
        eff.put("formula", "payments/s x hub-handled requests per payment / floor requests/s");
        r.put("efficiency", eff);

        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("payments", cpuFigures(paySnap, payWindow, completed, "MsPerPayment"));
        cpu.put("ping", cpuFigures(pingSnap, pingWindow, floorRequests, "MsPerRequest"));
        r.put("cpu", cpu);

        print(r, completed, paymentsPerSecond, floorPerSecond, counted, measuredPerPayment, err, served);
        return r;
    }

    /**
     * The open-loop phase's figures. Its initiate latency is counted from each payment's scheduled start
     * instant; {@code startLagMs} shows how much of it was this process starting late.
     */
    private Map<String, Object> halfLoad(HalfLoad half) {
        Map<String, Object> h = new LinkedHashMap<>();
        if (half == null) {
            h.put("skipped", "--latency-rate 0");
            return h;
        }
        Tally t = half.tally();
        double secs = t.window.seconds();
        long completed = t.completed();
        h.put("loop", "open: payments started at evenly spaced instants, each on its own thread,"
                + " whatever the hub answers");
        h.put("targetPerSecond", half.rate());
        h.put("rateFrom", half.rateFrom());
        h.put("leadInSeconds", o.latencyWarmup());
        h.put("measuredSeconds", o.seconds());
        h.put("started", t.startedInWindow.sum());
        h.put("startedPerSecond", round2(t.startedInWindow.sum() / secs));
        h.put("completed", completed);
        h.put("completedPerSecond", round2(completed / secs));
        h.put("initiateMs", stats(nanos(t.initiateLatencies)));
        h.put("payToNotifiedMs", stats(payToNotified(t)));
        h.put("startLagMs", stats(nanos(t.startLags)));
        h.put("latencyFrom", "initiateMs: from the instant the payment was scheduled to start to the initiate answer,"
                + " so this process's own lag (startLagMs) counts as latency; payToNotifiedMs: from sending"
                + " POST /sandbox/sof/pay, right after the initiate answer, to the PAID notification;"
                + " both for the payments scheduled (initiate) or paying (pay) in the measured window");
        h.put("inFlightCap", IN_FLIGHT_CAP);
        h.put("maxInFlight", half.maxInFlight());
        h.put("errors", errors(t, half.missing()));
        if (half.snapshots().startWall != null && half.snapshots().endWall != null) {
            h.put("window", wallClock(half.snapshots()));
        }
        h.put("cpu", cpuFigures(half.snapshots(), t.window, completed, "MsPerPayment"));
        return h;
    }

    /** Pay -> notified of the payments that paid in the window and were notified PAID. */
    private long[] payToNotified(Tally t) {
        return flights.values().stream()
                .filter(f -> f.tally == t && f.status.isDone() && "PAID".equals(f.status.getNow(null))
                        && t.window.contains(f.paySent))
                .mapToLong(f -> f.notifiedAt - f.paySent).toArray();
    }

    /** A phase's errors, its warm-up or lead-in included. */
    private static Map<String, Object> errors(Tally t, int missing) {
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("total", t.answerErrors() + missing);
        err.put("missingNotifications", missing);
        Map<String, Long> kinds = new TreeMap<>();
        t.errors.forEach((k, v) -> kinds.put(k, v.sum()));
        err.put("byKind", kinds);
        err.put("duplicateNotifications", t.duplicates.sum());
        err.put("unexpectedNotifications", t.unexpected.sum());
        return err;
    }

    /** The window in local wall-clock time, as {@code jfr print} shows it. */
    private static Map<String, Object> wallClock(Snapshots s) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("start", WALL.format(s.startWall));
        w.put("end", WALL.format(s.endWall));
        return w;
    }

    private static long[] nanos(ConcurrentLinkedQueue<Long> q) {
        return q.stream().mapToLong(Long::longValue).toArray();
    }

    private Map<String, Object> cpuFigures(Snapshots s, Window w, long units, String perName) {
        Map<String, Object> c = new LinkedHashMap<>();
        if (s.startCpu == null || s.endCpu == null) {
            return c;
        }
        double secs = w.seconds();
        if (s.startCpu.hubTicks() >= 0 && s.endCpu.hubTicks() >= 0) {
            double hubSeconds = (s.endCpu.hubTicks() - s.startCpu.hubTicks()) / (double) o.clockTicks();
            c.put("hubCores", round2(hubSeconds / secs));
            c.put("hubCpu" + perName, units == 0 ? null : round3(hubSeconds * 1000 / units));
        }
        c.put("loadCores", round2((s.endCpu.loadNanos() - s.startCpu.loadNanos()) / 1e9 / secs));
        if (s.startCpu.machineTotal() > 0) {
            long total = s.endCpu.machineTotal() - s.startCpu.machineTotal();
            c.put("machineBusyPercent", total == 0 ? null
                    : round2(100.0 * (s.endCpu.machineBusy() - s.startCpu.machineBusy()) / total));
        }
        return c;
    }

    @SuppressWarnings("unchecked")
    private void print(Map<String, Object> r, long completed, double paymentsPerSecond, double floorPerSecond,
                       int counted, Double measured, Map<String, Object> err, Map<String, Long> served) {
        Map<String, Object> pay = (Map<String, Object>) r.get("payments");
        Map<String, Object> floor = (Map<String, Object>) r.get("floor");
        Map<String, Object> eff = (Map<String, Object>) r.get("efficiency");
        Map<String, Object> cpu = (Map<String, Object>) r.get("cpu");
        System.out.println();
        System.out.printf("payments, closed loop    %d in flight%n", o.concurrency());
        System.out.printf("payments completed       %d in %d s = %.2f payments/s (PAID notifications received)%n",
                completed, o.seconds(), paymentsPerSecond);
        System.out.printf("initiate latency         %s%n", statsLine((Map<String, Object>) pay.get("initiateMs")));
        System.out.printf("pay -> notified latency  %s%n", statsLine((Map<String, Object>) pay.get("payToNotifiedMs")));
        System.out.printf("errors                   %s%n", errorsLine(err));
        printHalfLoad((Map<String, Object>) r.get("halfLoad"));
        System.out.printf("floor GET /ping          %d requests = %.1f requests/s, %s, errors %s%n",
                (Long) floor.get("requests"), floorPerSecond, statsLine((Map<String, Object>) floor.get("latencyMs")),
                floor.get("errors"));
        System.out.printf("hub requests per payment %d counted:%n", counted);
        for (Map<String, String> h : HUB_REQUESTS) {
            System.out.printf("    %-30s %-34s %s%n", h.get("request"), h.get("from"), h.get("what"));
        }
        System.out.printf("                         measured %s (http.server.requests in the window / payments: %s)%n",
                measured, served);
        System.out.printf("efficiency ratio         %s  (= %.2f payments/s x %d / %.1f floor requests/s; with the measured count %s)%n",
                eff.get("ratio"), paymentsPerSecond, counted, floorPerSecond, eff.get("ratioMeasured"));
        System.out.printf("cpu                      payments %s; ping %s%n", cpu.get("payments"), cpu.get("ping"));
    }

    @SuppressWarnings("unchecked")
    private static void printHalfLoad(Map<String, Object> h) {
        System.out.println();
        if (h.containsKey("skipped")) {
            System.out.printf("half load                skipped (%s)%n", h.get("skipped"));
            System.out.println();
            return;
        }
        System.out.printf("half load, open loop     %s payments/s (%s), measured %s s after a %s s lead-in%n",
                h.get("targetPerSecond"), h.get("rateFrom"), h.get("measuredSeconds"), h.get("leadInSeconds"));
        System.out.printf("  started / completed    %s started = %s/s; %s PAID notifications = %s/s%n",
                h.get("started"), h.get("startedPerSecond"), h.get("completed"), h.get("completedPerSecond"));
        System.out.printf("  initiate latency       %s  (from the scheduled start instant)%n",
                statsLine((Map<String, Object>) h.get("initiateMs")));
        System.out.printf("  start lag              %s  (scheduled start -> request sent: this process's lag)%n",
                statsLine((Map<String, Object>) h.get("startLagMs")));
        System.out.printf("  pay -> notified        %s  (from sending the pay)%n",
                statsLine((Map<String, Object>) h.get("payToNotifiedMs")));
        System.out.printf("  in flight              max %s (cap %s)%n", h.get("maxInFlight"), h.get("inFlightCap"));
        System.out.printf("  errors                 %s%n", errorsLine((Map<String, Object>) h.get("errors")));
        System.out.printf("  cpu                    %s%n", h.get("cpu"));
        System.out.println();
    }

    private static String errorsLine(Map<String, Object> err) {
        return err.get("total") + " (missing notifications " + err.get("missingNotifications") + ", by kind "
                + err.get("byKind") + "; duplicates " + err.get("duplicateNotifications") + ", unexpected "
                + err.get("unexpectedNotifications") + ")";
    }

    private static Map<String, Object> stats(long[] nanos) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("count", nanos.length);
        if (nanos.length == 0) {
            return s;
        }
        long[] v = nanos.clone();
        Arrays.sort(v);
        s.put("p50", ms(percentile(v, 0.50)));
        s.put("p90", ms(percentile(v, 0.90)));
        s.put("p99", ms(percentile(v, 0.99)));
        s.put("max", ms(v[v.length - 1]));
        return s;
    }

    private static String statsLine(Map<String, Object> s) {
        return s.containsKey("p50")
                ? "p50 " + s.get("p50") + " ms, p90 " + s.get("p90") + " ms, p99 " + s.get("p99") + " ms, max " + s.get("max")
                        + " ms (n=" + s.get("count") + ")"
                : "(no samples)";
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e5) / 10.0;
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
