package id.loket.sandbox;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Numbers for the simulators' references, taken from {@code sandbox_counter} so they stay unique
 * across restarts and across nodes sharing the database.
 */
class SandboxCounters {

    private final JdbcTemplate jdbc;

    SandboxCounters(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The next number of the named counter (seeded by the V2 migration); 1, 2, 3, ... One UPDATE
     * that hands back the value it wrote, no SELECT after it. The UPDATE locks the row until the
     * caller's transaction ends, so concurrent callers get distinct numbers; a caller that takes the
     * number in the transaction writing the row that uses it gets both in one commit, and gives the
     * number back when that row fails.
     */
    long next(String name) {
        return SandboxSupport.written(jdbc, "counter_value",
                "UPDATE sandbox_counter SET counter_value = counter_value + 1 WHERE counter_name = ?", name);
    }
}
