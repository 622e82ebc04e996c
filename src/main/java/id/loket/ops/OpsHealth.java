package id.loket.ops;

import id.loket.config.BillerRoutes;
import id.loket.sof.SofFamily;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Partners and queues, from the routes' own metrics and the outbox, over the last 5 minutes. */
@Component
public class OpsHealth {

    /** The window of the partners' figures. */
    public static final Duration WINDOW = Duration.ofMinutes(5);
    /** The circuit breaker of {@code routes/biller-adapters.camel.yaml}; it guards every biller's inquiries. */
    static final String INQUIRY_BREAKER = "biller-inquiry-breaker";

    private final RouteWindow window;
    private final BillerRoutes billerRoutes;
    private final CamelContext camel;
    private final JdbcClient jdbc;
    private final Clock clock;

    public OpsHealth(RouteWindow window, BillerRoutes billerRoutes, CamelContext camel, JdbcClient jdbc, Clock clock) {
        this.window = window;
        this.billerRoutes = billerRoutes;
        this.camel = camel;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Health health() {
        RouteWindow.Figures f = window.over(WINDOW);
        String circuit = circuit();
        List<Health.Biller> billers = new ArrayList<>();
        for (String id : PartnerTimers.billers(billerRoutes)) {
            List<String> routes = List.of(PartnerTimers.inquiryRoute(id), PartnerTimers.paymentRoute(id));
            billers.add(new Health.Biller(id, circuit, sum(f, routes, true), sum(f, routes, false), f.p95Ms(routes)));
        }
        List<Health.Provider> providers = new ArrayList<>();
        for (SofFamily family : SofFamily.values()) {
            List<String> routes = List.of(PartnerTimers.providerRoute(family));
            providers.add(new Health.Provider(family.key(), sum(f, routes, true), sum(f, routes, false), f.p95Ms(routes)));
        }
        return new Health(billers, providers, notifications(), review());
    }

    private static long sum(RouteWindow.Figures f, List<String> routes, boolean calls) {
        long n = 0;
        for (String r : routes) {
            n += calls ? f.calls(r) : f.failures(r);
        }
        return n;
    }

    /**
     * The inquiry breaker's state (resilience4j inside Camel's circuit breaker EIP). One breaker
     * guards the inquiries of every biller, so every biller shows it.
     */
    String circuit() {
        ResilienceProcessor breaker = camel.getProcessor(INQUIRY_BREAKER, ResilienceProcessor.class);
        String state = breaker == null ? null : breaker.getCircuitBreakerState();
        if (state == null) {
            return "CLOSED";
        }
        return switch (state) {
            case "OPEN", "FORCED_OPEN" -> "OPEN";
            case "HALF_OPEN" -> "HALF_OPEN";
            default -> "CLOSED";
        };
    }

    private Health.Notifications notifications() {
        long pending = jdbc.sql("SELECT COUNT(*) FROM notification WHERE state = 'PENDING'").query(Long.class).single();
        long givenUp = jdbc.sql("SELECT COUNT(*) FROM notification WHERE state = 'GAVE_UP'").query(Long.class).single();
        Long oldest = null;
        if (pending > 0) {
            OffsetDateTime at = jdbc.sql("SELECT MIN(created_at) FROM notification WHERE state = 'PENDING'")
                    .query((rs, n) -> rs.getObject(1, OffsetDateTime.class)).optional().orElse(null);
            if (at != null) {
                oldest = Math.max(0, Duration.between(at.toInstant(), clock.instant()).getSeconds());
            }
        }
        return new Health.Notifications(pending, givenUp, oldest);
    }

    private Health.Review review() {
        long orders = jdbc.sql("SELECT COUNT(*) FROM payment_order WHERE status = 'PROCESSING' AND needs_review = TRUE")
                .query(Long.class).single();
        return new Health.Review(orders);
    }
}
