package id.loket.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Sliding windows over the routes' own metrics. Camel's micrometer route policy keeps cumulative
 * meters per route ({@code camel.exchanges.total}, {@code camel.exchanges.failed},
 * {@code camel.exchanges.failures.handled}, the timer {@code camel.route.policy}), the partner-call
 * template counts its failed calls ({@code loket.partner.failed}), and the notification sender its
 * deliveries. Every 10 s their cumulative values go into a ring one hour long; a window's figure is
 * the value now minus the value in the newest sample at least the window old (or everything since
 * start while the hub is younger than the window).
 */
@Component
public class RouteWindow {

    /** How often the cumulative values are sampled. */
    public static final Duration STEP = Duration.ofSeconds(10);
    /** The longest window asked for (the flow diagram's hour). */
    public static final Duration LONGEST = Duration.ofHours(1);
    /** Histograms are kept this long only (the health's 5 minutes and two steps). */
    static final Duration HISTOGRAM_KEPT = Duration.ofMinutes(5).plus(STEP.multipliedBy(2));

    static final String TOTAL = "camel.exchanges.total";
    static final String FAILED = "camel.exchanges.failed";
    static final String HANDLED = "camel.exchanges.failures.handled";
    static final String TIMER = "camel.route.policy";
    static final String PARTNER_FAILED = "loket.partner.failed";
    public static final String DELIVERED = "loket.notifications.delivered";
    public static final String GIVEN_UP = "loket.notifications.given.up";

    private static final Logger log = LoggerFactory.getLogger(RouteWindow.class);

    private final MeterRegistry registry;
    private final LongSupplier nanoTime;
    private final Deque<Sample> ring = new ArrayDeque<>();
    private ScheduledExecutorService sampler;

    @Autowired
    public RouteWindow(MeterRegistry registry) {
        this(registry, System::nanoTime);
    }

    /** With a time source of its own (monotonic nanoseconds), for a test that moves time. */
    RouteWindow(MeterRegistry registry, LongSupplier nanoTime) {
        this.registry = registry;
        this.nanoTime = nanoTime;
    }

    /** The cumulative values at one moment: counters by key, timers' histograms by route id. */
    record Sample(long nanos, Map<String, Long> counts, Map<String, Histogram> histograms) {
    }

    /** A timer's cumulative histogram: upper bounds in milliseconds, counts at or below each bound. */
    record Histogram(double[] boundsMs, long[] cumulative, long count) {

        Histogram minus(Histogram earlier) {
            if (earlier == null || earlier.cumulative.length != cumulative.length) {
                return this;
            }
            long[] d = new long[cumulative.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = Math.max(0, cumulative[i] - earlier.cumulative[i]);
            }
            return new Histogram(boundsMs, d, Math.max(0, count - earlier.count));
        }

        Histogram plus(Histogram other) {
            if (other == null) {
                return this;
            }
            if (other.cumulative.length != cumulative.length) {
                return count >= other.count ? this : other;
            }
            long[] s = new long[cumulative.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = cumulative[i] + other.cumulative[i];
            }
            return new Histogram(boundsMs, s, count + other.count);
        }

        /**
         * The quantile, interpolated linearly inside the bucket it falls in (as Prometheus'
         * {@code histogram_quantile}); null without any call.
         */
        Long quantileMs(double q) {
            if (count <= 0) {
                return null;
            }
            double rank = q * count;
            double lower = 0;
            long below = 0;
            for (int i = 0; i < cumulative.length; i++) {
                if (cumulative[i] >= rank) {
                    long inBucket = cumulative[i] - below;
                    double at = inBucket <= 0 ? boundsMs[i] : lower + (boundsMs[i] - lower) * (rank - below) / inBucket;
                    return Math.max(1, (long) Math.ceil(at));
                }
                lower = boundsMs[i];
                below = cumulative[i];
            }
            // beyond the last bucket: at least the largest bound
            return Math.max(1, (long) Math.ceil(boundsMs.length == 0 ? 0 : boundsMs[boundsMs.length - 1]));
        }
    }

    /** What happened within one window: differences of the cumulative values. */
    public static final class Figures {
        private final Sample now;
        private final Sample then;

        Figures(Sample now, Sample then) {
            this.now = now;
            this.then = then;
        }

        private long delta(String key) {
            long a = now.counts.getOrDefault(key, 0L);
            long b = then == null ? 0L : then.counts.getOrDefault(key, 0L);
            return Math.max(0, a - b);
        }

        /** Exchanges the route completed. */
        public long calls(String routeId) {
            return delta(key(TOTAL, routeId));
        }

        /**
         * The route's failures: exchanges that ended in an exception, handled or not, and for an
         * adapter route the calls its partner did not answer (or answered with HTTP 5xx).
         */
        public long failures(String routeId) {
            return delta(key(FAILED, routeId)) + delta(key(HANDLED, routeId)) + delta(key(PARTNER_FAILED, routeId));
        }

        /** A counter of the hub's own (e.g. {@link #DELIVERED}). */
        public long counter(String name) {
            return delta(name);
        }

        /** The 95th percentile of the routes' durations together, in ms; null without any call. */
        public Long p95Ms(Collection<String> routeIds) {
            Histogram sum = null;
            for (String r : routeIds) {
                Histogram h = now.histograms.get(r);
                if (h == null) {
                    continue;
                }
                Histogram d = h.minus(then == null ? null : then.histograms.get(r));
                sum = sum == null ? d : sum.plus(d);
            }
            return sum == null ? null : sum.quantileMs(0.95);
        }
    }

    /** One key string per meter and route, shared by every sample. */
    private static final Map<String, String> KEYS = new ConcurrentHashMap<>();

    static String key(String meter, String routeId) {
        String k = meter + "|" + routeId;
        String shared = KEYS.putIfAbsent(k, k);
        return shared == null ? k : shared;
    }

    @PostConstruct
    void start() {
        sample();
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ops-route-window");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(this::sampleQuietly, STEP.toMillis(), STEP.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            // a failed sample leaves a gap: the window then reaches back to the sample before it
            log.warn("ops metrics: sample failed: {}", e.toString());
        }
    }

    /** Takes a sample into the ring and drops what no window reaches any more. */
    void sample() {
        Sample s = read();
        synchronized (ring) {
            ring.addLast(s);
            long oldest = s.nanos - LONGEST.toNanos() - STEP.toNanos() * 2;
            while (ring.size() > 1 && ring.peekFirst().nanos < oldest) {
                ring.removeFirst();
            }
            long histogramsFrom = s.nanos - HISTOGRAM_KEPT.toNanos();
            for (Sample old : ring) {
                if (old.nanos >= histogramsFrom) {
                    break;
                }
                old.histograms.clear();
            }
        }
    }

    /** The figures of the last {@code window} (up to one hour), as of now. */
    public Figures over(Duration window) {
        Sample now = read();
        long from = now.nanos - window.toNanos();
        Sample then = null;
        synchronized (ring) {
            for (Sample s : ring) {
                if (s.nanos <= from) {
                    then = s;
                } else {
                    break;
                }
            }
        }
        // No sample that old: the hub (its meters) is younger than the window, so all it counted is inside.
        return new Figures(now, then);
    }

    private Sample read() {
        long nanos = nanoTime.getAsLong();
        Map<String, Long> counts = new HashMap<>();
        for (String meter : new String[] {TOTAL, FAILED, HANDLED, PARTNER_FAILED}) {
            for (Counter c : registry.find(meter).counters()) {
                String route = c.getId().getTag("routeId");
                long v = Math.round(c.count());
                // a zero is the default: an hour of samples keeps only what some route counted
                if (route != null && v > 0) {
                    counts.merge(key(meter, route), v, Long::sum);
                }
            }
        }
        for (String name : new String[] {DELIVERED, GIVEN_UP}) {
            long v = 0;
            for (Counter c : registry.find(name).counters()) {
                v += Math.round(c.count());
            }
            counts.put(name, v);
        }
        Map<String, Histogram> histograms = new ConcurrentHashMap<>();
        for (Timer t : registry.find(TIMER).timers()) {
            String route = t.getId().getTag("routeId");
            if (route == null) {
                continue;
            }
            HistogramSnapshot snap = t.takeSnapshot();
            CountAtBucket[] buckets = snap.histogramCounts();
            if (buckets.length == 0) {
                // a timer without the buckets of PartnerTimers
                continue;
            }
            double[] bounds = new double[buckets.length];
            long[] cumulative = new long[buckets.length];
            for (int i = 0; i < buckets.length; i++) {
                bounds[i] = buckets[i].bucket(TimeUnit.MILLISECONDS);
                cumulative[i] = Math.round(buckets[i].count());
            }
            histograms.merge(route, new Histogram(bounds, cumulative, snap.count()), Histogram::plus);
        }
        return new Sample(nanos, counts, histograms);
    }
}
