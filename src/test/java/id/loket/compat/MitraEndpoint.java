package id.loket.compat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Mitra's notification endpoint, as small as merchant code makes one: it keeps the exact bytes
 * of every notification it receives and answers each path the way it was told (a public plugin's
 * {@code 200 00}, a Laravel package's {@code 201 2010000}, a redirect, an error...).
 */
final class MitraEndpoint implements AutoCloseable {

    record Received(String path, byte[] bytes, String orderId, String status) {
        String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "mitra-endpoint");
        t.setDaemon(true);
        return t;
    });
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final java.util.Set<String> paths = new java.util.HashSet<>();

    MitraEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.start();
        answer("/moved-here", 200, "{\"responseCode\":\"2000000\"}");
    }

    /** Answers POSTs on {@code path} with {@code status} and {@code body} (null: no body), plus a Location for 3xx. */
    synchronized MitraEndpoint answer(String path, int status, String body) {
        if (!paths.add(path)) {
            return this;
        }
        server.createContext(path, exchange -> {
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            String orderId = null;
            String paymentStatus = null;
            try {
                var n = JSON.readTree(bytes);
                orderId = n.at("/order/id").asText(null);
                paymentStatus = n.at("/result/payment/status").asText(null);
            } catch (IOException | RuntimeException e) {
                // not a notification: kept all the same
            }
            received.add(new Received(exchange.getRequestURI().getPath(), bytes, orderId, paymentStatus));
            if (status / 100 == 3) {
                exchange.getResponseHeaders().add("Location", url("/moved-here"));
            }
            byte[] answer = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        return this;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    List<Received> forOrder(String orderId) {
        return received.stream().filter(r -> orderId.equals(r.orderId())).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
