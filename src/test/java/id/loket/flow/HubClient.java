package id.loket.flow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * The tests' one HTTP client: what a Mitra, a customer's browser, a partner and the sandbox's users
 * do over HTTP against a hub. A call to a documented Mitra API operation is checked against the
 * hub's own {@code GET /api-doc}. A {@link #tolerant(String) tolerant} client, for nodes killed on
 * purpose, never throws and checks nothing: a node that is down or dies mid-request answers status -1.
 */
public class HubClient {

    public static final String MERCHANT = "FINPAY770";
    public static final String KEY = "SoSecret123";
    public static final ObjectMapper JSON = new ObjectMapper();
    /** How long {@link #await} and the {@code await...} helpers wait for the hub to get somewhere. */
    public static final Duration PATIENCE = Duration.ofSeconds(30);

    private final String base;
    private final boolean tolerant;
    private final Duration timeout;
    private final HttpClient http;

    /** The check of every Mitra API call against the description; null until first needed. */
    private ApiDocCheck check;

    private HubClient(String base, boolean tolerant) {
        this(base, tolerant, null);
    }

    private HubClient(String base, boolean tolerant, java.net.CookieHandler cookies) {
        this.base = base;
        this.tolerant = tolerant;
        this.timeout = Duration.ofSeconds(tolerant ? 20 : 30);
        HttpClient.Builder http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(tolerant ? 2 : 5))
                .version(HttpClient.Version.HTTP_1_1);
        if (cookies != null) {
            http.cookieHandler(cookies);
        }
        this.http = http.build();
    }

    /** A browser: keeps the cookies the hub sets (a console session, say) in {@code cookies} and sends them back. */
    public static HubClient withCookies(int port, java.net.CookieHandler cookies) {
        return new HubClient("http://localhost:" + port, false, cookies);
    }

    public HubClient(int port) {
        this("http://localhost:" + port, false);
    }

    /** A client that checks its calls against the given description instead of the hub's own. */
    public HubClient(int port, ApiDocCheck check) {
        this(port);
        this.check = check;
    }

    /** For a node that is killed on purpose: never throws, answers -1 when there is no answer, checks nothing. */
    public static HubClient tolerant(String base) {
        return new HubClient(base, true);
    }

    private ApiDocCheck check() {
        if (check == null) {
            check = ApiDocCheck.of(base);
        }
        return check;
    }

    public String base() {
        return base;
    }

    /** An answer; status -1 (and the failure's name as the body) when a tolerant client got none. */
    public record Answer(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return body == null || body.isEmpty() ? MissingNode.getInstance() : JSON.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        /** The body as JSON, or a missing node when there is no JSON (a node still starting, or none at all). */
        public JsonNode jsonOrMissing() {
            try {
                return json();
            } catch (AssertionError e) {
                return MissingNode.getInstance();
            }
        }

        public String header(String name) {
            return raw == null ? null : raw.headers().firstValue(name).orElse(null);
        }

        /** Whether the hub answered at all. */
        public boolean reached() {
            return status > 0;
        }

        @Override
        public String toString() {
            return status < 0 ? "no answer (" + body + ")" : "HTTP " + status + " " + body;
        }
    }

    /**
     * Sends a request; a call to a documented Mitra API operation is checked against the hub's
     * {@code GET /api-doc} (request and answer), and a mismatch fails the test.
     */
    public Answer send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        if (request.timeout().isEmpty()) {
            request = builder.timeout(timeout).build();
        }
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (tolerant) {
                return new Answer(-1, "interrupted", null);
            }
            throw new AssertionError("interrupted", e);
        } catch (Exception e) {
            if (tolerant) {
                return new Answer(-1, e.getClass().getSimpleName(), null);
            }
            throw new AssertionError(request.method() + " " + request.uri() + " failed", e);
        }
        if (!tolerant && request.uri().toString().startsWith(base + "/") && mayBeDocumented(request.uri().getRawPath())) {
            String mismatch = check().mismatch(request, ApiDocCheck.bodyOf(request), r.statusCode(),
                    r.headers().firstValue("Content-Type").orElse(null), r.body());
            if (mismatch != null) {
                throw new AssertionError(mismatch);
            }
        }
        return new Answer(r.statusCode(), r.body(), r);
    }

    /** The simulators, actuator, the operations API and the description itself are not the Mitra API (and a hub without routes has no description). */
    private static boolean mayBeDocumented(String path) {
        return !(path.startsWith("/sandbox/") || path.startsWith("/actuator/") || path.startsWith("/ops/")
                || path.equals("/api-doc"));
    }

    static String basic(String merchant, String key) {
        return "Basic " + Base64.getEncoder().encodeToString((merchant + ":" + key).getBytes(StandardCharsets.UTF_8));
    }

    private URI uri(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl);
    }

    public Answer post(String path, String json, String merchant, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (merchant != null) {
            b.header("Authorization", basic(merchant, key));
        }
        return send(b);
    }

    public Answer get(String pathOrUrl, String merchant, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathOrUrl)).GET();
        if (merchant != null) {
            b.header("Authorization", basic(merchant, key));
        }
        return send(b);
    }

    /** A GET without credentials, as a browser, a partner or the sandbox's users send it. */
    public Answer get(String pathOrUrl) {
        return get(pathOrUrl, null, null);
    }

    /** A POST of JSON without credentials: the body as it is when a String, else written by Jackson. */
    public Answer postJson(String path, Object body) {
        return postJson(path, body, timeout);
    }

    /** {@link #postJson(String, Object)} that gives up after {@code timeout} (the failure's cause is an HttpTimeoutException). */
    public Answer postJson(String path, Object body, Duration timeout) {
        String text;
        try {
            text = body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        return send(HttpRequest.newBuilder(uri(path)).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)));
    }

    /** A form post, as a browser sends it. */
    public Answer postForm(String path, Map<String, String> form) {
        String text = form.entrySet().stream()
                .map(e -> q(e.getKey()) + "=" + q(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)));
    }

    /** A value for a query string or a form. */
    public static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The demo operator (roles viewer and operator) of the embedded configuration. */
    public static final String OPERATOR = "ops";
    public static final String OPERATOR_PASSWORD = "ops-secret";

    /** A GET of the operations API as the demo operator, with HTTP Basic. */
    public Answer ops(String pathAndQuery) {
        return get(pathAndQuery, OPERATOR, OPERATOR_PASSWORD);
    }

    public Answer initiateBill(String json) {
        return post("/sof/bp/paymentCard", json, MERCHANT, KEY);
    }

    public Answer initiatePlain(String json) {
        return post("/pg/payment/card/initiate", json, MERCHANT, KEY);
    }

    public Answer status(String orderId) {
        return get("/sof/bp/checkCard/" + orderId, MERCHANT, KEY);
    }

    public Answer cancel(String orderId) {
        return get("/pg/payment/card/cancel/" + orderId, MERCHANT, KEY);
    }

    public String statusOf(String orderId) {
        return status(orderId).json().at("/data/result/payment/status").asText();
    }

    /** The customer opens the payment URL. */
    public Answer openPage(String paymentUrl) {
        return get(paymentUrl);
    }

    /** The customer picks a source of funds on the page: the form's own CSRF value goes with it. */
    public Answer choose(String paymentUrl, String sofType) {
        return choose(paymentUrl, sofType, csrf(paymentUrl));
    }

    /** The CSRF value of the page's form, as a browser tab holds it. */
    public String csrf(String paymentUrl) {
        return find(openPage(paymentUrl).body(), "name=\"csrf\" value=\"([0-9a-f]+)\"");
    }

    /** A form post with the CSRF value a tab got earlier (two tabs, or a double click). */
    public Answer choose(String paymentUrl, String sofType, String csrf) {
        String form = "sofType=" + q(sofType) + "&csrf=" + csrf + "&lang=id";
        return send(HttpRequest.newBuilder(uri(paymentUrl + "/sof"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** The customer pays at the bank / wallet / shop (sandbox SOF simulator). */
    public Answer pay(String paymentCode, String outcome) {
        return post("/sandbox/sof/pay", "{\"paymentCode\":\"" + paymentCode + "\",\"outcome\":\"" + outcome + "\"}", null, null);
    }

    public JsonNode notifications(String orderId) {
        return get("/sandbox/mitra/notifications?orderId=" + orderId).json();
    }

    public JsonNode billerTransactions(String billNumber) {
        return get("/sandbox/biller/transactions?billNumber=" + billNumber).json();
    }

    public JsonNode sofPayments(String reference) {
        return get("/sandbox/sof/payments?reference=" + reference).json();
    }

    /** Waits until the Mitra receiver holds a notification for the order that matches. */
    public JsonNode awaitNotification(String orderId, Predicate<JsonNode> match) {
        return await(() -> {
            for (JsonNode n : notifications(orderId)) {
                if (match.test(n)) {
                    return n;
                }
            }
            return null;
        }, "notification for " + orderId);
    }

    public String awaitStatus(String orderId, String expected) {
        return await(() -> expected.equals(statusOf(orderId)) ? expected : null, orderId + " to become " + expected);
    }

    /** Waits up to {@link #PATIENCE} until the probe gives a value, and gives it. */
    public static <T> T await(java.util.function.Supplier<T> probe, String what) {
        return Awaitility.await(what).atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                .until(probe::get, java.util.Objects::nonNull);
    }

    /** Checks the condition holds for the whole of {@code during}: that nothing more happens meanwhile. */
    public static void stays(String what, Duration during, java.util.concurrent.Callable<Boolean> condition) {
        Awaitility.await(what).during(during).atMost(during.plus(PATIENCE)).pollInterval(Duration.ofMillis(50))
                .until(condition);
    }

    public static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new AssertionError("no match for " + regex + " in:\n" + text);
        }
        return m.group(1);
    }
}
