package id.loket.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * HTTP to one node that never throws: a node that is down or dies mid-request answers status -1,
 * because these tests kill nodes on purpose and the callers decide whether to try again.
 */
final class Http {

    static final String MERCHANT = "FINPAY770";
    static final String KEY = "SoSecret123";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString((MERCHANT + ":" + KEY).getBytes(StandardCharsets.UTF_8));
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    record Answer(int status, String body) {
        JsonNode json() {
            try {
                return body == null || body.isEmpty() ? MissingNode.getInstance() : JSON.readTree(body);
            } catch (Exception e) {
                return MissingNode.getInstance();
            }
        }

        boolean reached() {
            return status > 0;
        }

        @Override
        public String toString() {
            return status < 0 ? "no answer (" + body + ")" : "HTTP " + status + " " + body;
        }
    }

    final String base;

    Http(String base) {
        this.base = base;
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Answer getAsMerchant(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", AUTH).GET());
    }

    Answer post(String path, String json, boolean asMerchant) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (asMerchant) {
            b.header("Authorization", AUTH);
        }
        return send(b);
    }

    private static Answer send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = CLIENT.send(b.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(r.statusCode(), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted");
        } catch (Exception e) {
            return new Answer(-1, e.getClass().getSimpleName());
        }
    }
}
