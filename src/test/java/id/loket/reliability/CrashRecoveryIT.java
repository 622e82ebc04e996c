package id.loket.reliability;

import static org.junit.jupiter.api.Assertions.fail;

import id.loket.flow.HubClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * One node on an H2 file, killed with SIGKILL at the moments that hurt and restarted on the same
 * database and port while the load goes on: right after the bank took a batch of payments (its
 * callbacks in flight), while biller payments hang without an answer, while notifications wait in
 * the outbox, and in the middle of initiates. Afterwards every order must have reached its end:
 * one biller transaction, one charge, a full refund when the biller refused, a suspect payment
 * flagged for review and never refunded, and the final notification at the Mitra, signed.
 *
 * <p>{@code -Dloket.crash.h2-options=;WRITE_DELAY=0} appends H2 settings to the node's database URL,
 * to try a durability setting against the same kills.
 */
class CrashRecoveryIT {

    static final Path DB_DIR = HubNode.OUT.resolve("crash-db");
    /** What the node is given (relative to the project root, its working directory), as an operator would. */
    static final String NODE_DB = "jdbc:h2:file:./target/reliability/crash-db/loket"
            + System.getProperty("loket.crash.h2-options", "");

    static HubNode node;
    static MitraRelay mitra;
    static Load load;

    @AfterAll
    static void killChildren() {
        if (load != null) {
            load.close();
        }
        if (node != null && node.isAlive()) {
            node.kill();
        }
        if (mitra != null) {
            mitra.close();
        }
    }

    @Test
    void everyOrderReachesItsEndAcrossKills() throws Exception {
        Instant started = Instant.now();
        deleteTree(DB_DIR);
        Files.deleteIfExists(Settle.path("crash-summary.txt"));
        node = new HubNode("crash-node", HubNode.freePort(), NODE_DB);
        List<Duration> boots = new ArrayList<>();
        boots.add(node.start());
        mitra = new MitraRelay(node::base);
        HubClient http = HubClient.tolerant(node.base());
        String receiver = node.base() + "/sandbox/mitra/callback";
        load = new Load(4, o -> http, Duration.ofSeconds(150));
        Batches orders = new Batches("CRASH");
        List<Audit.Kill> kills = new ArrayList<>();

        // (a) the bank has just taken a batch of payments: its callbacks to the hub are in flight
        List<LoadOrder> a = orders.next(10, 2, 1, 1, 2, i -> 0, n -> receiver);
        load.submit(a);
        Load.await(a, LoadOrder::paid, Duration.ofSeconds(60), "batch (a) is paid at the bank");
        kills.add(new Audit.Kill(1, "a: right after the bank took a batch of payments", node.kill()));
        boots.add(node.start());

        // (b) biller payments hanging: the first payment message of 0068/0069 bills gets no answer
        List<LoadOrder> b = orders.next(4, 4, 3, 0, 0, i -> 0, n -> receiver);
        load.submit(b);
        Load.await(b, LoadOrder::paid, Duration.ofSeconds(60), "batch (b) is paid at the bank");
        HubNode.sleep(1500);
        kills.add(new Audit.Kill(2, "b: biller payments of 0068/0069 bills hanging", node.kill()));
        boots.add(node.start());

        // (c) notifications waiting in the outbox: this Mitra refuses each first attempt, the retry is 500 ms later
        List<LoadOrder> c = orders.next(12, 0, 0, 0, 2, i -> 0, n -> mitra.flakyCallbackUrl());
        int before = mitra.refusals.size();
        load.submit(c);
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (mitra.refusals.size() - before < c.size() / 2 && System.nanoTime() < end) {
            HubNode.sleep(10);
        }
        kills.add(new Audit.Kill(3, "c: notifications pending (" + (mitra.refusals.size() - before)
                + " first attempts refused by the Mitra)", node.kill()));
        boots.add(node.start());

        // (d) in the middle of the load: initiates and payments cut off, the clients try again
        List<LoadOrder> d = orders.next(12, 2, 1, 1, 2, i -> 0, n -> receiver);
        load.submit(d);
        Load.await(d, o -> d.stream().filter(LoadOrder::initiated).count() >= d.size() / 2, Duration.ofSeconds(60),
                "half of batch (d) is initiated");
        kills.add(new Audit.Kill(4, "d: in the middle of initiates and payments", node.kill()));
        boots.add(node.start());

        // the load goes on after the last restart
        List<LoadOrder> e = orders.next(14, 1, 1, 1, 2, i -> 0, n -> receiver);
        load.submit(e);
        Load.await(orders.all, LoadOrder::paid, Duration.ofSeconds(90), "every order is paid at the bank");
        Instant loadDone = Instant.now();

        List<String> unsettled = Settle.await(orders.all, http, Duration.ofSeconds(90), null);
        HubNode.sleep(4000); // the last repeat of a never-answering bill times out (2 s) before it is flagged
        node.stop();

        Audit audit;
        // the hub gives H2 no user: the database's admin is the empty user name (Spring Boot says "sa" only for
        // in-memory databases)
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + DB_DIR.resolve("loket"), "", "")) {
            audit = Audit.read(db);
        }
        Audit.Result result = audit.check(orders.all, kills);
        checkKillPoints(audit, kills, result);

        String summary = "crash test: " + result.figures(orders.all.size(), kills.size());
        StringBuilder report = new StringBuilder(summary).append('\n');
        report.append("node starts: ").append(boots).append("; load done ")
                .append(Duration.between(started, loadDone).toSeconds()).append(" s after the start, test took ")
                .append(Duration.between(started, Instant.now()).toSeconds()).append(" s\n");
        result.killReport.forEach(k -> report.append(k).append('\n'));
        unsettled.forEach(u -> report.append("not settled in time: ").append(u).append('\n'));
        result.violations.forEach(v -> report.append("VIOLATION ").append(v).append('\n'));
        System.out.println(report);
        Settle.write("crash-summary.txt", report.toString());

        if (!result.violations.isEmpty() || !unsettled.isEmpty()) {
            fail(summary + "\n" + String.join("\n", result.violations) + (unsettled.isEmpty() ? ""
                    : "\nnot settled within 90 s: " + unsettled) + "\n(full report " + Settle.path("crash-summary.txt")
                    + ", node log " + node.log + ")");
        }
    }

    /** The kills must have hit what they were aimed at, or the test proves less than it says. */
    static void checkKillPoints(Audit audit, List<Audit.Kill> kills, Audit.Result result) {
        Audit.InFlight a = audit.at(kills.get(0).at());
        if (a.callbacks == 0) {
            result.violations.add("kill point (a) missed: no bank callback was unacknowledged at the kill");
        }
        Audit.InFlight b = audit.at(kills.get(1).at());
        if (b.billerUnknown == 0) {
            result.violations.add("kill point (b) missed: no biller payment had an unknown outcome at the kill");
        }
        Audit.InFlight c = audit.at(kills.get(2).at());
        if (c.notifications == 0) {
            result.violations.add("kill point (c) missed: by the outbox's timestamps no notification was pending at the"
                    + " kill (the kill came too late, or the rows written just before it were lost)");
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
