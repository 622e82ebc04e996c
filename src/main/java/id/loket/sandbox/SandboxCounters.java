package id.loket.sandbox;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Numbers for the simulators' references, taken from {@code sandbox_counter} so they stay unique
 * across restarts and across nodes sharing the database.
 */
@Component
@ConditionalOnProperty(name = "hub.sandbox.enabled", havingValue = "true")
class SandboxCounters {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    SandboxCounters(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** The next number of the named counter (seeded by the V2 migration); 1, 2, 3, ... */
    long next(String name) {
        Long value = tx.execute(status -> {
            // The UPDATE locks the row until commit, so concurrent callers get distinct numbers.
            int updated = jdbc.update("UPDATE sandbox_counter SET counter_value = counter_value + 1 WHERE counter_name = ?", name);
            if (updated != 1) {
                throw new IllegalStateException("no sandbox counter " + name);
            }
            return jdbc.queryForObject("SELECT counter_value FROM sandbox_counter WHERE counter_name = ?", Long.class, name);
        });
        return value;
    }
}
