package id.loket.flow;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * Checks a Mitra API call against the hub's own OpenAPI description ({@code GET /api-doc}, fetched
 * once per hub). A call to a path or method the description does not document is not checked. For a
 * documented operation the answer must match the description for its status. A request that the
 * description refuses must be refused by the hub too (4xx): the description promises nothing more
 * than the hub accepts.
 */
public final class ApiDocCheck {

    /** Validation messages that say the call is not one of the documented operations. */
    private static final Set<String> UNDOCUMENTED = Set.of(
            "validation.request.path.missing", "validation.request.operation.notAllowed");

    private static final Map<String, ApiDocCheck> BY_HUB = new ConcurrentHashMap<>();

    private final OpenApiInteractionValidator validator;
    private final String document;

    private ApiDocCheck(String document) {
        this.document = document;
        // The paths are the contract's, from the root, whatever host the description names. The
        // validator's own default refuses members a schema does not name; OpenAPI allows them, and so
        // does the hub in a request (unknown members are ignored). An answer stays held to exactly
        // the members the description names.
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(document)
                .withBasePathOverride("/")
                .withLevelResolver(LevelResolver.create()
                        .withLevel("validation.request.body.schema.additionalProperties", ValidationReport.Level.IGNORE)
                        .build())
                .build();
    }

    /** The check for the hub at {@code base}, its description fetched on first use. */
    public static ApiDocCheck of(String base) {
        return BY_HUB.computeIfAbsent(base, b -> new ApiDocCheck(fetch(b)));
    }

    /** The check for a description given as text (to show the checker itself finds a mismatch). */
    public static ApiDocCheck forDocument(String document) {
        return new ApiDocCheck(document);
    }

    public String document() {
        return document;
    }

    private static String fetch(String base) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(base + "/api-doc")).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("GET /api-doc answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (java.io.IOException e) {
            throw new AssertionError("GET /api-doc failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** What the description says about one call: null when it agrees, else why not. */
    public String mismatch(HttpRequest request, String requestBody, int status, String contentType, String responseBody) {
        Request.Method method = Request.Method.valueOf(request.method());
        String path = request.uri().getRawPath();
        SimpleRequest.Builder req = new SimpleRequest.Builder(method, path);
        // Loket reads a JSON body whatever Content-Type it came with (PHP's curl sends form-urlencoded
        // unless told otherwise): such a body is held to the JSON schema, as the hub reads it.
        request.headers().map().forEach((name, values) -> req.withHeader(name,
                name.equalsIgnoreCase("Content-Type") && values.stream().anyMatch(v -> v.startsWith("application/x-www-form-urlencoded"))
                        && requestBody != null && requestBody.trim().startsWith("{") ? List.of("application/json") : values));
        if (request.uri().getRawQuery() != null) {
            for (String pair : request.uri().getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                req.withQueryParam(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        if (requestBody != null && !requestBody.isEmpty()) {
            req.withBody(requestBody);
        }
        ValidationReport requestReport = validator.validateRequest(req.build());
        if (requestReport.getMessages().stream().anyMatch(m -> UNDOCUMENTED.contains(m.getKey()))) {
            return null;
        }
        SimpleResponse.Builder resp = SimpleResponse.Builder.status(status);
        if (contentType != null) {
            resp.withContentType(contentType);
        }
        if (responseBody != null && !responseBody.isEmpty()) {
            resp.withBody(responseBody);
        }
        ValidationReport responseReport = validator.validateResponse(path, method, resp.build());
        StringBuilder why = new StringBuilder();
        if (responseReport.hasErrors()) {
            why.append("the answer does not match GET /api-doc: ").append(messages(responseReport));
        }
        if (requestReport.hasErrors() && (status < 400 || status > 499)) {
            why.append(why.length() > 0 ? "; " : "").append("GET /api-doc refuses the request (")
                    .append(messages(requestReport)).append(") but the hub answered ").append(status);
        }
        return why.length() == 0 ? null : method + " " + path + " -> " + status + ": " + why
                + "\nrequest: " + shortened(requestBody) + "\nanswer: " + shortened(responseBody);
    }

    private static String shortened(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 2000) + "... (" + text.length() + " chars)";
    }

    private static String messages(ValidationReport report) {
        StringBuilder out = new StringBuilder();
        report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR).forEach(m ->
                out.append(out.length() > 0 ? " | " : "").append(m.getKey()).append(": ").append(m.getMessage()));
        return out.toString();
    }

    /** The bytes a request's body publisher sends (the publishers the tests use are in memory). */
    public static String bodyOf(HttpRequest request) {
        if (request.bodyPublisher().isEmpty() || request.bodyPublisher().get().contentLength() == 0) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<String> done = new CompletableFuture<>();
        request.bodyPublisher().get().subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] bytes = new byte[item.remaining()];
                item.get(bytes);
                out.writeBytes(bytes);
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(out.toString(StandardCharsets.UTF_8));
            }
        });
        try {
            return done.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("could not read the request body", e);
        }
    }
}
