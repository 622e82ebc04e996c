package id.loket.api;

import id.loket.order.Refusal;
import id.loket.codec.PhpJson;
import id.loket.config.TraceId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contract's envelope (section 1): {@code responseCode}, {@code responseMessage}, the answer's
 * own members, {@code processingTime} in seconds and the request's {@code traceId} (its log lines and
 * the order's event rows carry it too). Which
 * paths carry it on every answer, refusals by the servlet container included, is {@link #covers}.
 */
public final class Envelope {

    /** The request attribute holding {@link System#nanoTime()} when the hub first saw the request. */
    public static final String STARTED = "loket.started";

    private Envelope() {
    }

    /** The answer's members between the code and the timing ({@code data}, {@code redirecturl}, ...) are in {@code body}. */
    public static String json(Map<String, Object> body, Long startedNanos) {
        double seconds = startedNanos == null ? 0 : (System.nanoTime() - startedNanos) / 1_000_000L / 1000.0;
        Map<String, Object> out = new LinkedHashMap<>(body);
        out.put("processingTime", seconds);
        out.put("traceId", TraceId.currentOrNew());
        return PhpJson.encode(out);
    }

    public static String json(Refusal refusal, Long startedNanos) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("responseCode", refusal.responseCode());
        body.put("responseMessage", refusal.getMessage());
        return json(body, startedNanos);
    }

    /**
     * Whether every answer on {@code path} carries the envelope: all of the hub's port but the
     * payment page, the sandbox, the API description, actuator and the operations paths.
     */
    public static boolean covers(String path) {
        return covers(path, true);
    }

    /**
     * As {@link #covers(String)}; with {@code sandboxServed} false ({@code hub.sandbox.enabled} off)
     * the sandbox's paths are paths the hub does not have, answered in the envelope like any other.
     */
    public static boolean covers(String path, boolean sandboxServed) {
        if (path == null) {
            return true;
        }
        return !(under(path, "/pg/payment/card/access") || (sandboxServed && under(path, "/sandbox"))
                || under(path, "/api-doc") || under(path, "/actuator") || under(path, "/ops"));
    }

    private static boolean under(String path, String prefix) {
        // a path parameter (";...") belongs to the segment before it
        return path.equals(prefix) || path.startsWith(prefix + "/") || path.startsWith(prefix + ";");
    }

    /** The refusal for an HTTP error status the hub did not answer itself (the container's, or Spring's). */
    public static Refusal forStatus(int status) {
        return switch (status) {
            case 401 -> ApiException.unauthorized();
            case 404 -> new ApiException("4040000", "Not found");
            case 405 -> new ApiException("4050000", "Method not allowed");
            case 413 -> ApiException.tooLarge();
            case 415 -> ApiException.unsupportedMediaType();
            case 429 -> ApiException.tooManyRequests();
            case 504 -> ApiException.timeout();
            default -> status >= 400 && status < 500 ? ApiException.invalidFormat("request")
                    : new ApiException("5000000", "General error");
        };
    }
}
