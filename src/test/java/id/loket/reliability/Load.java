package id.loket.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import id.loket.flow.HubClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A few client threads, each walking an order as a Mitra and its customer would: the core-mode
 * initiate, then the customer paying the virtual account at the (sandbox) bank. A node that is down
 * or dies mid-request is tried again, as a real client does: the initiate is idempotent on
 * {@code order.id} and the bank takes a payment code once (409 afterwards).
 */
final class Load implements AutoCloseable {

    private final ExecutorService pool;
    private final Function<LoadOrder, HubClient> route;
    private final long deadline;

    /** @param route the node an order's next request goes to (asked again on every attempt) */
    Load(int threads, Function<LoadOrder, HubClient> route, Duration limit) {
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "load");
            t.setDaemon(true);
            return t;
        });
        this.route = route;
        this.deadline = System.nanoTime() + limit.toNanos();
    }

    void submit(List<LoadOrder> orders) {
        for (LoadOrder o : orders) {
            pool.submit(() -> walk(o));
        }
    }

    /** Waits (bounded) until the condition holds for every order of the list. */
    static void await(List<LoadOrder> orders, Predicate<LoadOrder> condition, Duration limit, String what) {
        Awaitility.await(what).atMost(limit).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
                assertThat(orders.stream().filter(o -> !condition.test(o) && o.clientProblem == null).toList())
                        .as("not yet").isEmpty());
    }

    private boolean timeLeft() {
        return System.nanoTime() < deadline;
    }

    private void walk(LoadOrder o) {
        try {
            initiate(o);
            if (o.clientProblem == null) {
                pay(o);
            }
        } catch (RuntimeException e) {
            o.clientProblem = "client error: " + e;
        }
    }

    private void initiate(LoadOrder o) {
        String body = o.initiateJson();
        HubClient.Answer last = null;
        while (timeLeft()) {
            HubClient.Answer a = route.apply(o).post("/sof/bp/paymentCard", body, HubClient.MERCHANT, HubClient.KEY);
            last = a;
            JsonNode j = a.jsonOrMissing();
            if (a.status() == 200 && "2000000".equals(j.path("responseCode").asText())) {
                o.paymentCode = j.path("paymentCode").asText();
                o.initiatedAt = Instant.now();
                return;
            }
            if (!retryable(a) && j.has("responseCode")) {
                o.clientProblem = "initiate answered " + a;
                return;
            }
            HubNode.sleep(250);
        }
        o.clientProblem = "initiate never answered before the load's deadline; last: " + last;
    }

    private void pay(LoadOrder o) {
        String body = "{\"paymentCode\":\"" + o.paymentCode + "\",\"outcome\":\"SUCCESS\"}";
        HubClient.Answer last = null;
        while (timeLeft()) {
            HubClient.Answer a = route.apply(o).post("/sandbox/sof/pay", body, null, null);
            last = a;
            String status = a.jsonOrMissing().path("status").asText();
            if (a.status() == 200 && "PAID".equals(status)) {
                o.paidAt = Instant.now();
                return;
            }
            if (a.status() == 409 && ("PAID".equals(status) || "REFUNDED".equals(status))) {
                // the bank had taken it before the node died and the answer was lost
                o.paidAt = Instant.now();
                return;
            }
            if (a.status() == 404 && "NOT_FOUND".equals(status)) {
                o.clientProblem = "the bank does not know payment code " + o.paymentCode
                        + ", which the hub had answered at initiate (lost)";
                return;
            }
            if (!retryable(a) && a.jsonOrMissing().path("status").isTextual()) {
                o.clientProblem = "pay answered " + a;
                return;
            }
            HubNode.sleep(250);
        }
        o.clientProblem = "payment never answered before the load's deadline; last: " + last;
    }

    /**
     * No answer, a server error (5000000, 5040000 for a biller inquiry timeout) or 429: try again. So is an
     * answer that is not the hub's own (a starting node's web server answers 404 before the routes are up).
     */
    private static boolean retryable(HubClient.Answer a) {
        // 4040000 on an operation's own path: the node's web server is up, its Mitra routes not yet.
        return !a.reached() || a.status() >= 500 || a.status() == 429
                || (a.status() == 404 && a.body() != null && a.body().contains("\"4040000\""));
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
