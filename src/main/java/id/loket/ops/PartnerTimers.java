package id.loket.ops;

import id.loket.config.BillerRoutes;
import id.loket.sof.SofFamily;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The partner routes ({@code <biller id>-inquiry}, {@code <biller id>-payment}, {@code sof-<family>})
 * and the buckets of the routes' timers: every {@code camel.route.policy} timer keeps a cumulative
 * histogram of a few fixed buckets, so the health's p95 is the window's own, from the difference of
 * two samples' buckets ({@link RouteWindow}). Prometheus shows them as
 * {@code camel_route_policy_seconds_bucket{le=...}}.
 */
@Configuration(proxyBeanMethods = false)
public class PartnerTimers {

    /** The biller ids that serve a product, in order. */
    public static Set<String> billers(BillerRoutes routes) {
        return new TreeSet<>(routes.products().values());
    }

    public static String inquiryRoute(String biller) {
        return biller + "-inquiry";
    }

    public static String paymentRoute(String biller) {
        return biller + "-payment";
    }

    public static String providerRoute(SofFamily family) {
        return "sof-" + family.key();
    }

    /** The buckets' upper bounds: from a quick answer to one no partner timeout reaches. */
    static final List<Duration> BUCKETS = Stream.of(5, 10, 25, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500,
            2000, 3000, 5000, 7500, 10000, 15000, 20000, 30000, 60000)
            .map(Duration::ofMillis).toList();

    @Bean
    MeterFilter routeTimerBuckets() {
        DistributionStatisticConfig buckets = DistributionStatisticConfig.builder()
                .serviceLevelObjectives(BUCKETS.stream().mapToDouble(d -> (double) d.toNanos()).toArray())
                // never rotated: the buckets stay cumulative in every registry, the window is RouteWindow's
                .expiry(Duration.ofDays(3650))
                .bufferLength(1)
                .build();
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                // every route's timer alike: Prometheus takes one type per meter name
                return RouteWindow.TIMER.equals(id.getName()) ? buckets.merge(config) : config;
            }
        };
    }
}
