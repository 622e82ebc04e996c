package id.loket.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import id.loket.flow.HubClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The Mitra's notification endpoint as a process of its own (this JVM), in front of a node's
 * sandbox Mitra receiver, which records every notification and checks its signature both ways.
 * The body goes on byte for byte. On {@code /mitra/flaky/callback} the Mitra refuses the first
 * attempt of each notification (HTTP 503), so the hub holds a notification pending for its retry
 * delay: a window in which a node can be killed with a notification in its outbox.
 */
final class MitraRelay implements AutoCloseable {

    record Refusal(String orderId, String status, Instant at) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "mitra-relay");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final Supplier<String> receiverBase;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    final List<Refusal> refusals = new CopyOnWriteArrayList<>();

    /** @param receiverBase the base URL of the node whose sandbox receiver records the notifications */
    MitraRelay(Supplier<String> receiverBase) {
        this.receiverBase = receiverBase;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(threads);
        server.createContext("/mitra/", this::handle);
        server.start();
    }

    String callbackUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mitra/callback";
    }

    String flakyCallbackUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mitra/flaky/callback";
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (ex.getRequestURI().getPath().startsWith("/mitra/flaky/")) {
                JsonNode n = HubClient.JSON.readTree(body);
                String orderId = n.at("/order/id").asText();
                String status = n.at("/result/payment/status").asText();
                if (seen.add(orderId + "/" + status)) {
                    refusals.add(new Refusal(orderId, status, Instant.now()));
                    reply(ex, 503, "{\"responseCode\":\"5030000\",\"responseMessage\":\"Try again later\"}");
                    return;
                }
            }
            String contentType = ex.getRequestHeaders().getFirst("Content-Type");
            try {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(receiverBase.get() + "/sandbox/mitra/callback"))
                                .timeout(Duration.ofSeconds(5))
                                .header("Content-Type", contentType == null ? "application/json" : contentType)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                reply(ex, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                reply(ex, 503, "{\"responseCode\":\"5030000\",\"responseMessage\":\"receiver unreachable\"}");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reply(ex, 503, "{}");
            }
        }
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
