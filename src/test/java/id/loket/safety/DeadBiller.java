package id.loket.safety;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A biller that takes every connection and never answers (10 s, then the connection closes). */
public final class DeadBiller {

    private final HttpServer server;
    private final AtomicInteger hits = new AtomicInteger();

    private DeadBiller() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", ex -> {
            hits.incrementAndGet();
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
        server.start();
    }

    public static DeadBiller start() {
        return new DeadBiller();
    }

    /** Its address as {@code hub.biller.finnet.url}. */
    public String finnetUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/finnet";
    }

    /** How many calls reached it. */
    public int hits() {
        return hits.get();
    }

    public void stop() {
        server.stop(0);
    }
}
