package id.loket.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import id.loket.flow.HubClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** Waiting, through a live node's APIs, until every order has reached its end; and the run's summary. */
final class Settle {

    /** Payment messages a never-answering bill gets: the first and one repeat per delay of 1s,1s,2s,2s. */
    static final int NEVER_ANSWERS_MESSAGES = 5;

    private Settle() {
    }

    /**
     * Polls the status API (and the Mitra receiver, and the biller's record) until every order is final
     * and its notification arrived, or, for a never-answering bill, its repeat schedule is spent
     * ({@code flagged}, when given, can tell from the database). Returns the orders that did not settle.
     */
    static List<String> await(List<LoadOrder> orders, HubClient node, Duration limit, Predicate<LoadOrder> flagged) {
        Set<LoadOrder> settled = new HashSet<>();
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            for (LoadOrder o : orders) {
                if (settled.contains(o) || o.clientProblem != null) {
                    continue;
                }
                if (isSettled(o, node, flagged)) {
                    settled.add(o);
                }
            }
            if (settled.size() + orders.stream().filter(o -> o.clientProblem != null).count() >= orders.size()) {
                return List.of();
            }
            if (System.nanoTime() > end) {
                List<String> left = new ArrayList<>();
                for (LoadOrder o : orders) {
                    if (!settled.contains(o) && o.clientProblem == null) {
                        left.add(o + " still " + o.lastStatus);
                    }
                }
                return left;
            }
            HubNode.sleep(1000);
        }
    }

    private static boolean isSettled(LoadOrder o, HubClient node, Predicate<LoadOrder> flagged) {
        HubClient.Answer a = node.get("/sof/bp/checkCard/" + o.orderId, HubClient.MERCHANT, HubClient.KEY);
        if (a.status() != 200) {
            return false;
        }
        String status = a.jsonOrMissing().at("/data/result/payment/status").asText();
        o.lastStatus = status;
        if (Audit.isFinal(status)) {
            for (JsonNode n : node.get("/sandbox/mitra/notifications?orderId=" + o.orderId).jsonOrMissing()) {
                if (status.equals(n.path("status").asText())) {
                    return true;
                }
            }
            return false;
        }
        if (o.bill == LoadOrder.Bill.NEVER_ANSWERS && "PROCESSING".equals(status)) {
            if (flagged != null) {
                return flagged.test(o);
            }
            JsonNode messages = node.get("/sandbox/biller/transactions?billNumber=" + o.billNumber).jsonOrMissing();
            // the schedule is spent, or it has had more than enough time (1 + 4 repeats of at most 2s + 6s of delays)
            return messages.size() >= NEVER_ANSWERS_MESSAGES
                    || (o.paidAt != null && Instant.now().isAfter(o.paidAt.plusSeconds(45)));
        }
        return false;
    }

    static void write(String file, String text) {
        try {
            Files.createDirectories(HubNode.OUT);
            Files.writeString(HubNode.OUT.resolve(file), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path path(String file) {
        return HubNode.OUT.resolve(file);
    }
}
