package id.loket.compat;

import id.loket.flow.ExpiringHubTest;
import id.loket.flow.HubClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The running hub the compatibility tests talk to (the one {@link ExpiringHubTest} shares), with one
 * Mitra endpoint that answers each path as a test tells it.
 */
abstract class CompatHub extends ExpiringHubTest {

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

    static String orderId(String prefix) {
        return prefix + "-" + System.currentTimeMillis() % 100000 + "-" + SEQ.incrementAndGet();
    }
}
