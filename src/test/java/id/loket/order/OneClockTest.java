package id.loket.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import id.loket.flow.HubClient;
import id.loket.flow.HubClient.Answer;
import id.loket.flow.HubTestSupport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Due times are written and checked by one clock, the hub's {@link Clock} bean: moved two hours on,
 * an order with an hour to pay expires at the next sweep, though the database's own clock says the
 * hour has not passed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class OneClockTest {

    static final int PORT = HubTestSupport.freePort();
    /** How far the hub's clock is ahead of the real time. */
    static final AtomicReference<Duration> AHEAD = new AtomicReference<>(Duration.ZERO);

    @TestConfiguration(proxyBeanMethods = false)
    static class MovableClock {
        @Bean
        @Primary
        Clock movableClock() {
            return new Clock() {
                @Override
                public ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public Instant instant() {
                    return Instant.now().plus(AHEAD.get());
                }
            };
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestSupport.register(registry, "oneclock", PORT);
    }

    @Autowired
    JdbcTemplate jdbc;

    final HubClient hub = new HubClient(PORT);

    @Test
    void anOrderExpiresWhenTheHubsClockSaysSo() {
        String orderId = "CLOCK-" + System.currentTimeMillis() % 100000;
        Answer a = hub.initiatePlain("""
                {"order":{"id":"%s","amount":"50000","timeout":"60"},"customer":{"email":"budi@example.com"},
                 "url":{"callbackUrl":"%s/sandbox/mitra/callback"},"sourceOfFunds":{"type":"vabca"}}
                """.formatted(orderId, hub.base()));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(hub.statusOf(orderId)).isEqualTo("PENDING");

        AHEAD.set(Duration.ofHours(2));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> "EXPIRED".equals(hub.statusOf(orderId)));
        Boolean databaseSaysDue = jdbc.queryForObject(
                "SELECT expires_at < CURRENT_TIMESTAMP FROM payment_order WHERE order_id = ?", Boolean.class, orderId);
        assertThat(databaseSaysDue).as("the database's clock alone would not have expired it").isFalse();
    }
}
