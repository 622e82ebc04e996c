package id.loket.reliability;

import id.loket.flow.HubClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One hub node: the packaged jar run as a child process from the project root (so it finds
 * {@code config/} and {@code routes/}), its output appended to a file under
 * {@code target/reliability/}. Killed with SIGKILL to play a crash, stopped with SIGTERM at the end.
 */
final class HubNode {

    static final Path ROOT = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    static final Path OUT = ROOT.resolve("target/reliability");

    /**
     * The timings every node runs with: the contract's configuration keys, shortened so that a
     * biller repeat schedule, a notification retry schedule and a work lease fit in seconds.
     */
    static final List<String> TIMINGS = List.of(
            "--hub.merchants.FINPAY770.rate-limit=1000000",
            "--hub.biller.timeout=2s",
            "--hub.sandbox.biller.no-answer-hold=20s",
            "--hub.biller.repeat-delays=1s,1s,2s,2s",
            "--hub.notification.retry-delays=500ms,1s,1s,2s,2s,5s",
            "--hub.notification.poll-interval=200ms",
            "--hub.notification.timeout=3s",
            "--hub.sandbox.sof.callback-retry-delays=500ms,1s,1s,2s,5s",
            "--hub.sof.status-check-after=3s",
            "--hub.work.lease=3s",
            "--hub.order.expiry-check-interval=500ms",
            "--logging.level.root=WARN");

    /** Client JIT and serial GC: the node starts in about half the time on two cores; the load is small. */
    static final List<String> JVM = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    final String name;
    final int port;
    final String datasourceUrl;
    final Path log;
    private volatile Process process;
    private int starts;

    HubNode(String name, int port, String datasourceUrl) {
        this.name = name;
        this.port = port;
        this.datasourceUrl = datasourceUrl;
        this.log = OUT.resolve(name + ".log");
        // should the test JVM itself be stopped, no node outlives it
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Process p = process;
            if (p != null) {
                p.destroyForcibly();
            }
        }, name + "-reaper"));
    }

    static Path jar() {
        Path target = ROOT.resolve("target");
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "loket-*.jar")) {
            for (Path p : jars) {
                return p;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new IllegalStateException("No packaged hub (target/loket-*.jar) under " + target
                + ": these tests run in mvn verify, after mvn package has built the jar");
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the node and waits until it answers readiness UP (Tomcat listens before the routes are up). */
    Duration start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM);
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.add("--server.port=" + port);
        cmd.add("--spring.datasource.url=" + datasourceUrl);
        cmd.addAll(TIMINGS);
        Instant begun = Instant.now();
        try {
            Files.createDirectories(OUT);
            Files.writeString(log, "\n==== " + name + " start " + (++starts) + " at " + begun + ": " + String.join(" ", cmd)
                    + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            process = new ProcessBuilder(cmd)
                    .directory(ROOT.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
        awaitReady(Duration.ofSeconds(120));
        return Duration.between(begun, Instant.now());
    }

    private void awaitReady(Duration limit) {
        HubClient http = HubClient.tolerant(base());
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting; see "
                        + log + ":\n" + tail());
            }
            HubClient.Answer a = http.get("/actuator/health/readiness");
            if (a.status() == 200 && a.body().contains("\"UP\"")) {
                return;
            }
            sleep(200);
        }
        throw new IllegalStateException(name + " not ready (GET /actuator/health/readiness UP) within " + limit
                + "; see " + log + ":\n" + tail());
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no graceful stop, in-flight work is cut wherever it is. */
    Instant kill() {
        Instant at = Instant.now();
        if (process != null) {
            process.destroyForcibly(); // SIGKILL on Linux
            waitExit(Duration.ofSeconds(20));
        }
        return at;
    }

    /** SIGTERM and wait: the node shuts down cleanly (H2 closes its file). */
    void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!waitExit(Duration.ofSeconds(30))) {
                process.destroyForcibly();
                waitExit(Duration.ofSeconds(10));
            }
        }
    }

    private boolean waitExit(Duration limit) {
        try {
            return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return name + " (port " + port + (process == null ? "" : ", pid " + process.pid()) + ")";
    }
}
