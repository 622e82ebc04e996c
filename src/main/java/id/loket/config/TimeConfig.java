package id.loket.config;

import java.time.Clock;
import java.time.OffsetDateTime;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The hub's one clock. Java takes the time from the {@link Clock} bean, and every SQL statement that
 * compares a due time binds that same clock's time as a parameter ({@code :#${bean:hubClock.now}} in
 * the routes) instead of asking the database for {@code CURRENT_TIMESTAMP}: a due time written by one
 * clock is only ever compared with the same clock, and a test can set the time.
 */
@Configuration(proxyBeanMethods = false)
public class TimeConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean("hubClock")
    Now hubClock(Clock clock) {
        return new Now(clock);
    }

    /** The clock's current time, UTC, for the routes' SQL parameters. */
    public record Now(Clock clock) {
        public OffsetDateTime now() {
            return OffsetDateTime.now(clock);
        }
    }
}
