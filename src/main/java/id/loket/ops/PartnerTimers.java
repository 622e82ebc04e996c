package id.loket.ops;

import id.loket.config.BillerRoutes;
import id.loket.sof.SofFamily;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The partner routes' timers ({@code camel.route.policy} of {@code <biller id>-inquiry},
 * {@code <biller id>-payment} and {@code sof-<family>}) keep a cumulative histogram, so the health's
 * p95 is the window's own: the difference of two samples' buckets ({@link RouteWindow}). Prometheus
 * shows them as {@code camel_route_policy_seconds_bucket}.
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

    @Bean
    MeterFilter partnerCallHistograms(BillerRoutes routes) {
        Set<String> partnerRoutes = new TreeSet<>();
        billers(routes).forEach(b -> {
            partnerRoutes.add(inquiryRoute(b));
            partnerRoutes.add(paymentRoute(b));
        });
        partnerRoutes.addAll(Arrays.stream(SofFamily.values()).map(PartnerTimers::providerRoute).collect(Collectors.toSet()));
        DistributionStatisticConfig histogram = DistributionStatisticConfig.builder()
                .percentilesHistogram(true)
                .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
                .maximumExpectedValue((double) Duration.ofSeconds(60).toNanos())
                // never rotated: the buckets stay cumulative in every registry, the window is RouteWindow's
                .expiry(Duration.ofDays(3650))
                .bufferLength(1)
                .build();
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (RouteWindow.TIMER.equals(id.getName()) && partnerRoutes.contains(id.getTag("routeId"))) {
                    return histogram.merge(config);
                }
                return config;
            }
        };
    }
}
