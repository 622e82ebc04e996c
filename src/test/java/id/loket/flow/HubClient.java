package id.loket.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a Mitra, a customer's browser and the sandbox's users do over HTTP, for the black-box tests. */
public class HubClient {

    public static final String MERCHANT = "FINPAY770";
    public static final String KEY = "SoSecret123";
    static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** The check of every Mitra API call against the description; null until first needed. */
    private ApiDocCheck check;

    public HubClient(int port) {
        this.base = "http://localhost:" + port;
    }

    /** A client that checks its calls against the given description instead of the hub's own. */
    public HubClient(int port, ApiDocCheck check) {
        this(port);
        this.check = check;
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

    public record Answer(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    /**
     * Sends a request; a call to a documented Mitra API operation is checked against the hub's
     * {@code GET /api-doc} (request and answer), and a mismatch fails the test.
     */
    public Answer send(HttpRequest.Builder builder) {
        HttpRequest request = builder.timeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("request failed", e);
        }
        if (request.uri().toString().startsWith(base + "/")) {
            String mismatch = check().mismatch(request, ApiDocCheck.bodyOf(request), r.statusCode(),
                    r.headers().firstValue("Content-Type").orElse(null), r.body());
            if (mismatch != null) {
                throw new AssertionError(mismatch);
            }
        }
        return new Answer(r.statusCode(), r.body(), r);
    }

    static String basic(String merchant, String key) {
        return "Basic " + Base64.getEncoder().encodeToString((merchant + ":" + key).getBytes(StandardCharsets.UTF_8));
    }

    public Answer post(String path, String json, String merchant, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (merchant != null) {
            b.header("Authorization", basic(merchant, key));
        }
        return send(b);
    }

    public Answer get(String pathOrUrl, String merchant, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl)).GET();
        if (merchant != null) {
            b.header("Authorization", basic(merchant, key));
        }
        return send(b);
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
        return get(paymentUrl, null, null);
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
        String form = "sofType=" + URLEncoder.encode(sofType, StandardCharsets.UTF_8) + "&csrf=" + csrf + "&lang=id";
        return send(HttpRequest.newBuilder(URI.create(paymentUrl + "/sof"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** The customer pays at the bank / wallet / shop (sandbox SOF simulator). */
    public Answer pay(String paymentCode, String outcome) {
        return post("/sandbox/sof/pay", "{\"paymentCode\":\"" + paymentCode + "\",\"outcome\":\"" + outcome + "\"}", null, null);
    }

    public JsonNode notifications(String orderId) {
        return get("/sandbox/mitra/notifications?orderId=" + orderId, null, null).json();
    }

    public JsonNode billerTransactions(String billNumber) {
        return get("/sandbox/biller/transactions?billNumber=" + billNumber, null, null).json();
    }

    public JsonNode sofPayments(String reference) {
        return get("/sandbox/sof/payments?reference=" + reference, null, null).json();
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

    public static <T> T await(java.util.function.Supplier<T> probe, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    public static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new AssertionError("no match for " + regex + " in:\n" + text);
        }
        return m.group(1);
    }
}
