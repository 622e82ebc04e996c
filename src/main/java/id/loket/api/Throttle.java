package id.loket.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import id.loket.config.HubProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Request floods per merchant ({@code hub.merchants.<id>.rate-limit} per second) and repeated
 * failed authentications per client address ({@code hub.security.auth-failures-per-minute}) are
 * answered 4290000. Counted per node in fixed windows: cheap, and enough to stop a flood. Client
 * addresses are counted in a bounded cache ({@link #ADDRESSES}, the least used evicted first), and an
 * address over the limit is kept apart until its minute ends: a flood of new addresses, each failing
 * once, pushes out only other such addresses, so a blocked address stays blocked while they come and go.
 */
@Component("throttle")
public class Throttle {

    /** How many client addresses are counted at once. */
    static final int ADDRESSES = 100_000;

    private final HubProperties props;
    private final ConcurrentHashMap<String, Window> merchants = new ConcurrentHashMap<>();
    // a window is a minute: an address not seen for two has nothing left to count
    private final Cache<String, Window> failures = Caffeine.newBuilder()
            .maximumSize(ADDRESSES)
            .expireAfterAccess(Duration.ofMinutes(2))
            .build();
    /** The addresses over the limit, each with the minute it is blocked for. */
    private final Cache<String, Long> blocked = Caffeine.newBuilder()
            .maximumSize(ADDRESSES)
            .expireAfterWrite(Duration.ofMinutes(2))
            .build();

    private final Clock clock;

    public Throttle(HubProperties props, Clock clock) {
        this.props = props;
        this.clock = clock;
    }

    /** One more request of the merchant in this second; false when over its rate limit. */
    public boolean allowRequest(String merchantId, int perSecond) {
        return merchants.computeIfAbsent(merchantId, k -> new Window()).add(clock.millis() / 1000) <= perSecond;
    }

    /** Whether the client address has failed authentication too often this minute. */
    public boolean blocked(String client) {
        Long minute = blocked.getIfPresent(client);
        return minute != null && minute == clock.millis() / 60_000;
    }

    public void failed(String client) {
        long minute = clock.millis() / 60_000;
        if (failures.get(client, k -> new Window()).add(minute) >= props.security().authFailuresPerMinute()) {
            blocked.put(client, minute);
        }
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
    }
}
