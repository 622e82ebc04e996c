package id.loket.api;

import id.loket.config.HubProperties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Request floods per merchant ({@code hub.merchants.<id>.rate-limit} per second) and repeated
 * failed authentications per client address ({@code hub.security.auth-failures-per-minute}) are
 * answered 4290000. Counted per node in fixed windows: cheap, and enough to stop a flood.
 */
@Component("throttle")
public class Throttle {

    private final HubProperties props;
    private final ConcurrentHashMap<String, Window> merchants = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Window> failures = new ConcurrentHashMap<>();

    public Throttle(HubProperties props) {
        this.props = props;
    }

    /** One more request of the merchant in this second; false when over its rate limit. */
    public boolean allowRequest(String merchantId, int perSecond) {
        return merchants.computeIfAbsent(merchantId, k -> new Window()).add(System.currentTimeMillis() / 1000) <= perSecond;
    }

    /** Whether the client address has failed authentication too often this minute. */
    public boolean blocked(String client) {
        Window w = failures.get(client);
        return w != null && w.count(System.currentTimeMillis() / 60_000) >= props.security().authFailuresPerMinute();
    }

    public void failed(String client) {
        if (failures.size() > 100_000) {
            failures.clear();
        }
        failures.computeIfAbsent(client, k -> new Window()).add(System.currentTimeMillis() / 60_000);
    }

    /** A counter for one time slot; a new slot starts it again. */
    static final class Window {
        private long slot = -1;
        private final AtomicInteger count = new AtomicInteger();

        synchronized int add(long now) {
            if (now != slot) {
                slot = now;
                count.set(0);
            }
            return count.incrementAndGet();
        }

        synchronized int count(long now) {
            return now == slot ? count.get() : 0;
        }
    }
}
