package id.loket.compat;

import id.loket.flow.HubClient;
import id.loket.flow.HubTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The running hub the compatibility tests talk to, one Spring context for all of them (same port,
 * same database), with one Mitra endpoint that answers each path as a test tells it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = "hub.order.timeout-unit=1s")
abstract class CompatHub {

    static final int PORT = HubTestSupport.freePort();
    static final AtomicInteger SEQ = new AtomicInteger();
    static final MitraEndpoint MITRA;

    static {
        try {
            MITRA = new MitraEndpoint();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    final HubClient hub = new HubClient(PORT);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestSupport.register(registry, "compat_notification_half", PORT);
    }

    static String orderId(String prefix) {
        return prefix + "-" + System.currentTimeMillis() % 100000 + "-" + SEQ.incrementAndGet();
    }
}
