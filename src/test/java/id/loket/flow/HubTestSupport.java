package id.loket.flow;

import java.io.IOException;
import java.net.ServerSocket;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The black-box tests run the whole hub on a free port. The port is chosen before Spring starts
 * because every partner endpoint (the sandbox simulators) is configured as
 * {@code http://localhost:${server.port}/...}, exactly as in the default setup.
 */
public final class HubTestSupport {

    private HubTestSupport() {
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One database per test class, short timings so the tests run in seconds. */
    public static void register(DynamicPropertyRegistry registry, String database, int port) {
        registry.add("server.port", () -> port);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1");
        registry.add("hub.biller.timeout", () -> "1500ms");
        registry.add("hub.sandbox.biller.no-answer-hold", () -> "4s");
        registry.add("hub.notification.retry-delays", () -> "300ms,300ms,300ms");
        registry.add("hub.notification.poll-interval", () -> "200ms");
        registry.add("hub.sandbox.sof.callback-retry-delays", () -> "300ms,500ms,1s");
        registry.add("hub.order.expiry-check-interval", () -> "300ms");
    }
}
