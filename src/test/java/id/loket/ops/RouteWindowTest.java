package id.loket.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The sliding windows over cumulative meters, with a time source the test moves: a window's figure is
 * the value now less the value of the newest sample at least the window old.
 */
class RouteWindowTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final RouteWindow window;

    RouteWindowTest() {
        registry.config().meterFilter(new PartnerTimers().routeTimerBuckets());
        window = new RouteWindow(registry, now::get);
    }

    Counter counter(String name, String routeId) {
        return Counter.builder(name).tag("routeId", routeId).tag("eventType", "route").register(registry);
    }

    /** Moves the time on by {@code d}, sampling every 10 s on the way as the hub does. */
    void pass(Duration d) {
        long end = now.get() + d.toNanos();
        while (now.get() + RouteWindow.STEP.toNanos() <= end) {
            now.addAndGet(RouteWindow.STEP.toNanos());
            window.sample();
        }
        now.set(end);
    }

    @Test
    void aWindowCountsWhatHappenedWithinIt() {
        Counter total = counter("camel.exchanges.total", "finnet-payment");
        Counter noAnswer = counter("loket.partner.failed", "finnet-payment");
        Counter handled = counter("camel.exchanges.failures.handled", "finnet-payment");
        Timer timer = Timer.builder("camel.route.policy").tag("routeId", "finnet-payment").register(registry);
        Counter delivered = Counter.builder(RouteWindow.DELIVERED).register(registry);
        window.sample();

        total.increment(4);
        noAnswer.increment();
        handled.increment();
        delivered.increment(3);
        for (int i = 0; i < 3; i++) {
            timer.record(Duration.ofMillis(200));
        }
        timer.record(Duration.ofSeconds(2));
        pass(Duration.ofMinutes(4));

        RouteWindow.Figures f = window.over(Duration.ofMinutes(5));
        assertThat(f.calls("finnet-payment")).isEqualTo(4);
        assertThat(f.failures("finnet-payment")).isEqualTo(2);
        assertThat(f.counter(RouteWindow.DELIVERED)).isEqualTo(3);
        // 4 calls: the 95th percentile (rank 3.8) lies in the bucket 1.5 s - 2 s, interpolated: 1500 + 500 x 0.8
        assertThat(f.p95Ms(List.of("finnet-payment"))).isEqualTo(1900L);
        assertThat(f.calls("finnet-inquiry")).isZero();
        assertThat(f.p95Ms(List.of("finnet-inquiry"))).isNull();

        pass(Duration.ofSeconds(90));
        total.increment(2);
        timer.record(Duration.ofMillis(30));
        timer.record(Duration.ofMillis(30));
        pass(Duration.ofSeconds(30));

        // six minutes on: the first calls are older than five minutes
        RouteWindow.Figures later = window.over(Duration.ofMinutes(5));
        assertThat(later.calls("finnet-payment")).isEqualTo(2);
        assertThat(later.failures("finnet-payment")).isZero();
        assertThat(later.counter(RouteWindow.DELIVERED)).isZero();
        // two calls of 30 ms: rank 1.9 in the bucket 25 - 50 ms
        assertThat(later.p95Ms(List.of("finnet-payment"))).isEqualTo(49L);
        // the hour holds them all
        RouteWindow.Figures hour = window.over(Duration.ofHours(1));
        assertThat(hour.calls("finnet-payment")).isEqualTo(6);
        assertThat(hour.failures("finnet-payment")).isEqualTo(2);
        assertThat(hour.counter(RouteWindow.DELIVERED)).isEqualTo(3);

        // two hours on, nothing new: every window is empty
        pass(Duration.ofHours(2));
        assertThat(window.over(Duration.ofHours(1)).calls("finnet-payment")).isZero();
        assertThat(window.over(Duration.ofMinutes(5)).p95Ms(List.of("finnet-payment"))).isNull();
        // and still counting
        total.increment();
        assertThat(window.over(Duration.ofMinutes(5)).calls("finnet-payment")).isEqualTo(1);
    }

    @Test
    void routesTogetherShareOnePercentile() {
        Timer inquiry = Timer.builder("camel.route.policy").tag("routeId", "finnet-inquiry").register(registry);
        Timer payment = Timer.builder("camel.route.policy").tag("routeId", "finnet-payment").register(registry);
        window.sample();
        for (int i = 0; i < 19; i++) {
            inquiry.record(Duration.ofMillis(8));
        }
        payment.record(Duration.ofSeconds(20));
        // 20 calls, rank 19: the last of the fast ones (bucket 5 - 10 ms, all 19 in it)
        assertThat(window.over(Duration.ofMinutes(5)).p95Ms(List.of("finnet-inquiry", "finnet-payment"))).isEqualTo(10L);
        payment.record(Duration.ofSeconds(20));
        // 21 calls, rank 19.95: among the slow ones (bucket 15 - 20 s)
        assertThat(window.over(Duration.ofMinutes(5)).p95Ms(List.of("finnet-inquiry", "finnet-payment")))
                .isBetween(15_000L, 20_000L);
    }
}
