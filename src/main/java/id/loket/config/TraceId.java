package id.loket.config;

import java.util.Map;
import java.util.UUID;
import org.slf4j.MDC;

/**
 * The trace id of the work in hand, kept in the logging context ({@link MDC}) under {@value #KEY}:
 * every log line prints it ({@code logging.pattern.correlation}), every event row of an order
 * stores it, and a Mitra reads it as the {@code traceId} of its answer. A request has the id
 * {@code api.TraceIdFilter} gave it; work that no request started (pollers, the Wire Tap) has its own,
 * from {@link TraceRoutePolicy}.
 */
public final class TraceId {

    public static final String KEY = "traceId";

    private TraceId() {
    }

    /** The id of the work in hand; null outside any. */
    public static String current() {
        return MDC.get(KEY);
    }

    /** The id of the work in hand, or a new one for an answer made outside any (Tomcat's own refusals). */
    public static String currentOrNew() {
        String id = current();
        return id != null ? id : newId();
    }

    /** A new id, shaped as the contract's examples show it (a UUID). */
    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /** A task that runs with the logging context of the thread that made it, and leaves its own thread's as it was. */
    public static Runnable carried(Runnable task) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> before = MDC.getCopyOfContextMap();
            set(context);
            try {
                task.run();
            } finally {
                set(before);
            }
        };
    }

    private static void set(Map<String, String> context) {
        if (context == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(context);
        }
    }
}
