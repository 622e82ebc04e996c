package id.loket.flow;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The black-box tests run the whole hub on a free port. The port is chosen before Spring starts
 * because every partner endpoint (the sandbox simulators) is configured as
 * {@code http://localhost:${server.port}/...}, exactly as in the default setup.
 */
public final class HubTestSupport {

    static final String PG = System.getProperty("loket.test.pg", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private HubTestSupport() {
    }

    public static boolean onPostgres() {
        return "postgresql".equals(System.getProperty("loket.test.db"));
    }

    static String datasourceUrl(String database) {
        if (!onPostgres()) {
            return "jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1";
        }
        String schema = "loket_test_" + database;
        try (Connection c = DriverManager.getConnection(PG); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + PG + " is not reachable", e);
        }
        return PG + (PG.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One database per test class, short timings so the tests run in seconds. With
     * {@code -Dloket.test.db=postgresql} the class gets a fresh schema in the PostgreSQL at
     * {@code loket.test.pg} (default 127.0.0.1:5432, database test) instead of an H2 database.
     */
    public static void register(DynamicPropertyRegistry registry, String database, int port) {
        registry.add("server.port", () -> port);
        registry.add("spring.datasource.url", () -> datasourceUrl(database));
        registry.add("hub.biller.timeout", () -> "1500ms");
        registry.add("hub.biller.repeat-delays", () -> "300ms,300ms");
        registry.add("hub.work.lease", () -> "2s");
        registry.add("hub.work.poll-interval", () -> "200ms");
        registry.add("hub.sof.status-check-after", () -> "3s");
        registry.add("hub.sandbox.biller.no-answer-hold", () -> "4s");
        registry.add("hub.notification.retry-delays", () -> "300ms,300ms,300ms");
        registry.add("hub.notification.poll-interval", () -> "200ms");
        registry.add("hub.sandbox.sof.callback-retry-delays", () -> "300ms,500ms,1s");
        registry.add("hub.order.expiry-check-interval", () -> "300ms");
        // The demo merchant's 100 requests a second is a production guard; a test runs as fast as the
        // machine lets it, so its merchant gets the room it needs. The limit has its own test
        // (MitraAuthenticationTest, merchant SLOW01).
        registry.add("hub.merchants.FINPAY770.rate-limit", () -> UNLIMITED);
    }

    /** A rate limit no test reaches. */
    public static final String UNLIMITED = "1000000";
}
