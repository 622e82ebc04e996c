package id.loket.sandbox;

import id.loket.codec.Hex;
import id.loket.config.HubProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Delivers the simulated providers' callbacks to the hub, as real banks and wallets do: the same
 * signed body again on {@code hub.sandbox.sof.callback-retry-delays} until the hub answers 2xx.
 * Pending callbacks are rows in {@code sandbox_sof_callback}, so they survive a restart; a poller
 * claims due rows with a guarded UPDATE, so two nodes never send the same attempt.
 */
@Component
@ConditionalOnProperty(name = "hub.sandbox.enabled", havingValue = "true")
class SofCallbackSender implements SmartLifecycle {

    static final String SIGNATURE_HEADER = "X-Loket-Signature";

    private static final Logger log = LoggerFactory.getLogger(SofCallbackSender.class);
    private static final long POLL_MS = 200;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** How long a claimed attempt is left alone before it counts as lost (longer than the HTTP timeout). */
    private static final Duration CLAIM_LEASE = Duration.ofSeconds(60);

    private final JdbcTemplate jdbc;
    private final HubProperties hub;
    private final Environment env;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(Executors.newCachedThreadPool(daemon("sandbox-sof-callback-http")))
            .build();
    private volatile ScheduledExecutorService poller;

    SofCallbackSender(JdbcTemplate jdbc, HubProperties hub, Environment env) {
        this.jdbc = jdbc;
        this.hub = hub;
        this.env = env;
    }

    private record Due(long id, String family, String body, int attempts) {
    }

    @Override
    public void start() {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(daemon("sandbox-sof-callback"));
        s.scheduleWithFixedDelay(this::poll, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
        poller = s;
    }

    @Override
    public void stop() {
        ScheduledExecutorService s = poller;
        poller = null;
        if (s != null) {
            s.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }

    void poll() {
        try {
            OffsetDateTime now = SandboxSupport.now();
            List<Due> due = jdbc.query("SELECT id, sof_family, body, attempts FROM sandbox_sof_callback"
                            + " WHERE next_attempt_at <= ? ORDER BY next_attempt_at FETCH FIRST 20 ROWS ONLY",
                    (rs, i) -> new Due(rs.getLong("id"), rs.getString("sof_family"), rs.getString("body"),
                            rs.getInt("attempts")), now);
            for (Due d : due) {
                int claimed = jdbc.update("UPDATE sandbox_sof_callback SET attempts = attempts + 1, next_attempt_at = ?"
                                + " WHERE id = ? AND attempts = ? AND next_attempt_at <= ?",
                        now.plus(CLAIM_LEASE), d.id(), d.attempts(), now);
                if (claimed == 1) {
                    send(d, d.attempts() + 1);
                }
            }
        } catch (RuntimeException e) {
            if (poller != null) {
                log.warn("sandbox SOF callbacks: poll failed: {}", e.toString());
            }
        }
    }

    private void send(Due d, int attempt) {
        HttpRequest request;
        try {
            HubProperties.Provider provider = hub.getSof().getProviders().get(d.family());
            String secret = provider == null ? null : provider.getCallbackSecret();
            if (secret == null || secret.isEmpty()) {
                throw new IllegalStateException("no hub.sof.providers." + d.family() + ".callback-secret");
            }
            request = HttpRequest.newBuilder(URI.create(callbackUrl()))
                    .timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header(SIGNATURE_HEADER, Hex.hmac("HmacSHA256", secret, d.body()))
                    .POST(HttpRequest.BodyPublishers.ofString(d.body(), StandardCharsets.UTF_8))
                    .build();
        } catch (RuntimeException e) {
            done(d, attempt, false, "not sent: " + e.getMessage());
            return;
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            try {
                if (error != null) {
                    done(d, attempt, false, "no answer: " + error);
                } else {
                    int status = response.statusCode();
                    done(d, attempt, status >= 200 && status < 300, "HTTP " + status);
                }
            } catch (RuntimeException e) {
                log.debug("sandbox SOF callbacks: cannot record attempt {} of {}: {}", attempt, d.id(), e.toString());
            }
        });
    }

    /** Records an attempt's result and plans the next one, or gives up when the schedule is spent. */
    private void done(Due d, int attempt, boolean acked, String result) {
        OffsetDateTime now = SandboxSupport.now();
        String outcome = SandboxSupport.cut(result, 400);
        if (acked) {
            jdbc.update("UPDATE sandbox_sof_callback SET acked_at = ?, next_attempt_at = NULL, last_result = ?"
                    + " WHERE id = ? AND attempts = ?", now, outcome, d.id(), attempt);
            log.info("sandbox {} callback {} acknowledged at attempt {}", d.family(), d.id(), attempt);
            return;
        }
        List<Duration> delays = hub.getSandbox().getSof().getCallbackRetryDelays();
        if (delays != null && attempt <= delays.size()) {
            jdbc.update("UPDATE sandbox_sof_callback SET next_attempt_at = ?, last_result = ? WHERE id = ? AND attempts = ?",
                    now.plus(delays.get(attempt - 1)), outcome, d.id(), attempt);
            log.info("sandbox {} callback {} attempt {} failed ({}), next in {}", d.family(), d.id(), attempt, outcome,
                    delays.get(attempt - 1));
        } else {
            jdbc.update("UPDATE sandbox_sof_callback SET gave_up_at = ?, next_attempt_at = NULL, last_result = ?"
                    + " WHERE id = ? AND attempts = ?", now, outcome, d.id(), attempt);
            log.warn("sandbox {} callback {} given up after {} attempts ({})", d.family(), d.id(), attempt, outcome);
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private String callbackUrl() {
        String url = hub.getSandbox().getSof().getCallbackUrl();
        if (url != null && !url.isBlank()) {
            return url;
        }
        String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
        return "http://localhost:" + port + "/sof/callback";
    }
}
