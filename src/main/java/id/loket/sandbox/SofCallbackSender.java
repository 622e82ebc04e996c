package id.loket.sandbox;

import id.loket.codec.Hex;
import id.loket.config.HubProperties;
import id.loket.config.PartnerHttp;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Delivers the simulated providers' callbacks to the hub, as real banks and wallets do: the same
 * signed body again on {@code hub.sandbox.sof.callback-retry-delays} until the hub answers 2xx.
 * Pending callbacks are rows in {@code sandbox_sof_callback}, so they survive a restart.
 *
 * <p>Each attempt is planned on this node for the moment it is due: the first once the payment's
 * transaction has committed, a repeat when the attempt before it failed. So a callback leaves when
 * it is due, not at the next turn of a poller. Every attempt is claimed with a guarded UPDATE
 * before it is sent, so two nodes never send the same attempt. A poller is the safety net: it takes
 * the attempts no node planned or sent in time (rows left by a restart or by a node that died, a
 * claim whose lease ran out).
 *
 * <p>Attempts are sent from this sender's own threads, each waiting for the hub's answer, and the
 * answer is recorded on the same thread.
 */
@Component
@ConditionalOnProperty(name = "hub.sandbox.enabled", havingValue = "true")
class SofCallbackSender implements SmartLifecycle {

    static final String SIGNATURE_HEADER = "X-Loket-Signature";

    private static final Logger log = LoggerFactory.getLogger(SofCallbackSender.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ContentType JSON = ContentType.create("application/json");
    /** How long a claimed attempt is left alone before it counts as lost (longer than the HTTP timeout). */
    private static final Duration CLAIM_LEASE = Duration.ofSeconds(60);
    /** How often the safety net looks for attempts that nobody sent. */
    private static final Duration POLL = Duration.ofSeconds(1);
    /**
     * Attempts in flight at once; the poller runs on the same threads. A bank calls back many
     * payments at once: each attempt waits for the hub to pay the bill before it is answered, so
     * with 4 threads the callbacks queued behind each other (pay -> notified p50 630 ms at 86
     * payments/s, with the machine 15% idle).
     */
    private static final int THREADS = 32;

    private final JdbcTemplate jdbc;
    private final HubProperties hub;
    private final Environment env;
    private volatile Running running;

    SofCallbackSender(JdbcTemplate jdbc, HubProperties hub, Environment env) {
        this.jdbc = jdbc;
        this.hub = hub;
        this.env = env;
    }

    /** An attempt to make: the callback row as it stood when the attempt was planned. */
    private record Due(long id, String family, String body, int attempts, OffsetDateTime at) {
    }

    /** What exists while the sender runs: its threads and its HTTP client. */
    private record Running(ScheduledThreadPoolExecutor threads, CloseableHttpClient http) {
    }

    /**
     * Queues a provider's callback in the caller's transaction. Its first attempt is planned on this
     * node once that transaction commits (a rolled-back payment sends nothing); outside a
     * transaction, at once.
     */
    void queue(long paymentId, String family, String body, OffsetDateTime firstAttemptAt) {
        long id = SandboxSupport.written(jdbc, "id", "INSERT INTO sandbox_sof_callback (payment_id, sof_family, body,"
                + " attempts, next_attempt_at, created_at) VALUES (?, ?, ?, 0, ?, ?)",
                paymentId, family, body, firstAttemptAt, SandboxSupport.now());
        Due first = new Due(id, family, body, 0, firstAttemptAt);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    plan(first);
                }
            });
        } else {
            plan(first);
        }
    }

    @Override
    public void start() {
        ScheduledThreadPoolExecutor threads = new ScheduledThreadPoolExecutor(THREADS, daemon("sandbox-sof-callback"));
        // Planned attempts still waiting at a stop are left to the poller of the next start.
        threads.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        // Blocking, on the sender's own threads: no selector or executor threads of its own.
        CloseableHttpClient http = PartnerHttp.client(TIMEOUT, THREADS);
        running = new Running(threads, http);
        threads.scheduleWithFixedDelay(this::poll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Takes no new attempts, lets the ones on the wire finish for a moment, then closes their connections. */
    @Override
    public void stop() {
        Running r = running;
        running = null;
        if (r == null) {
            return;
        }
        r.threads().shutdown();
        try {
            if (!r.threads().awaitTermination(2, TimeUnit.SECONDS)) {
                r.threads().shutdownNow();
            }
        } catch (InterruptedException e) {
            r.threads().shutdownNow();
            Thread.currentThread().interrupt();
        }
        r.http().close(CloseMode.IMMEDIATE);
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }

    /** Runs the attempt on this node's threads when it is due. */
    private void plan(Due d) {
        Running r = running;
        if (r == null) {
            return; // stopped: the poller takes the row after the next start
        }
        long delay = Math.max(0, Duration.between(SandboxSupport.now(), d.at()).toNanos());
        try {
            r.threads().schedule(() -> attempt(d), delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("sandbox SOF callbacks: stopping, callback {} left to the poller", d.id());
        }
    }

    /** A planned attempt: claimed, then sent. A claim that fails means the attempt was made elsewhere. */
    private void attempt(Due d) {
        try {
            // The row is due at d.at() (this node wrote it), even if the wall clock reads a hair earlier.
            OffsetDateTime now = SandboxSupport.now();
            if (claim(d, now.isBefore(d.at()) ? d.at() : now)) {
                send(d, d.attempts() + 1);
            }
        } catch (RuntimeException e) {
            log.warn("sandbox SOF callbacks: attempt {} of {} failed: {}", d.attempts() + 1, d.id(), e.toString());
        }
    }

    /** An attempt the poller claimed. */
    private void claimed(Due d) {
        try {
            send(d, d.attempts() + 1);
        } catch (RuntimeException e) {
            log.warn("sandbox SOF callbacks: attempt {} of {} failed: {}", d.attempts() + 1, d.id(), e.toString());
        }
    }

    /**
     * The safety net: claims attempts overdue by more than {@code hub.sandbox.sof.callback-overdue}
     * (so the node that planned an attempt gets it first) and sends them.
     */
    private void poll() {
        try {
            OffsetDateTime now = SandboxSupport.now();
            List<Due> due = jdbc.query("SELECT id, sof_family, body, attempts, next_attempt_at FROM sandbox_sof_callback"
                            + " WHERE next_attempt_at <= ? ORDER BY next_attempt_at FETCH FIRST 20 ROWS ONLY",
                    (rs, i) -> new Due(rs.getLong("id"), rs.getString("sof_family"), rs.getString("body"),
                            rs.getInt("attempts"), rs.getObject("next_attempt_at", OffsetDateTime.class)),
                    now.minus(hub.sandbox().getSof().getCallbackOverdue()));
            Running r = running;
            for (Due d : due) {
                if (r != null && claim(d, now)) {
                    r.threads().execute(() -> claimed(d));
                }
            }
        } catch (RuntimeException e) {
            if (running != null) {
                log.warn("sandbox SOF callbacks: poll failed: {}", e.toString());
            }
        }
    }

    /** Takes attempt {@code attempts + 1} of the row for this node, for {@link #CLAIM_LEASE}. */
    private boolean claim(Due d, OffsetDateTime now) {
        return jdbc.update("UPDATE sandbox_sof_callback SET attempts = attempts + 1, next_attempt_at = ?"
                        + " WHERE id = ? AND attempts = ? AND next_attempt_at <= ?",
                now.plus(CLAIM_LEASE), d.id(), d.attempts(), now) == 1;
    }

    private void send(Due d, int attempt) {
        Running r = running;
        if (r == null) {
            return; // stopped after the claim: the attempt is made again once the lease runs out
        }
        HttpPost request;
        try {
            HubProperties.Provider provider = hub.sof().providers().get(d.family());
            String secret = provider == null ? null : provider.callbackSecret();
            if (secret == null || secret.isEmpty()) {
                throw new IllegalStateException("no hub.sof.providers." + d.family() + ".callback-secret");
            }
            request = new HttpPost(URI.create(callbackUrl()));
            request.setHeader(SIGNATURE_HEADER, Hex.hmac("HmacSHA256", secret, d.body()));
            request.setEntity(new ByteArrayEntity(d.body().getBytes(StandardCharsets.UTF_8), JSON));
        } catch (RuntimeException e) {
            done(d, attempt, false, "not sent: " + e.getMessage());
            return;
        }
        int status;
        try {
            status = r.http().execute(request, response -> {
                EntityUtils.consume(response.getEntity());
                return response.getCode();
            });
        } catch (IOException e) {
            if (running == null) {
                log.debug("sandbox SOF callbacks: stopped while sending attempt {} of {}", attempt, d.id());
                return; // the claim's lease runs out and the next start sends it again
            }
            done(d, attempt, false, "no answer: " + e);
            return;
        }
        done(d, attempt, status >= 200 && status < 300, "HTTP " + status);
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
        List<Duration> delays = hub.sandbox().getSof().getCallbackRetryDelays();
        if (delays != null && attempt <= delays.size()) {
            OffsetDateTime next = now.plus(delays.get(attempt - 1));
            int recorded = jdbc.update("UPDATE sandbox_sof_callback SET next_attempt_at = ?, last_result = ?"
                    + " WHERE id = ? AND attempts = ?", next, outcome, d.id(), attempt);
            log.info("sandbox {} callback {} attempt {} failed ({}), next in {}", d.family(), d.id(), attempt, outcome,
                    delays.get(attempt - 1));
            if (recorded == 1) {
                plan(new Due(d.id(), d.family(), d.body(), attempt, next));
            }
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
        String url = hub.sandbox().getSof().getCallbackUrl();
        if (url != null && !url.isBlank()) {
            return url;
        }
        String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
        return "http://localhost:" + port + "/sof/callback";
    }
}
