package id.loket.reliability;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/** Makes the load's orders: a mix of the biller's behaviours, in a shuffled (but repeatable) order. */
final class Batches {

    private final String prefix;
    private final Random random = new Random(20261124);
    private int seq;
    final List<LoadOrder> all = new ArrayList<>();

    /**
     * Order ids carry a token of the run ({@code TWO-k3x9a-001}), so that orders of another run on the
     * same database (a fixed PostgreSQL schema) show up as unexpected instead of passing for this run's.
     */
    Batches(String prefix) {
        this.prefix = prefix + "-" + Long.toString(System.currentTimeMillis() / 1000 % 60_466_176L + 60_466_176L, 36)
                .substring(1);
    }

    /**
     * @param home     the node (0 or 1) of the n-th order of the batch
     * @param callback the Mitra callback URL of an order sent to a node
     */
    List<LoadOrder> next(int normal, int lateApprove, int lateRefuse, int neverAnswers, int refused,
                         IntFunction<Integer> home, IntFunction<String> callback) {
        List<LoadOrder.Bill> kinds = new ArrayList<>();
        add(kinds, LoadOrder.Bill.NORMAL, normal);
        add(kinds, LoadOrder.Bill.LATE_APPROVE, lateApprove);
        add(kinds, LoadOrder.Bill.LATE_REFUSE, lateRefuse);
        add(kinds, LoadOrder.Bill.NEVER_ANSWERS, neverAnswers);
        add(kinds, LoadOrder.Bill.REFUSED, refused);
        Collections.shuffle(kinds, random);
        List<LoadOrder> batch = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            int node = home.apply(i);
            batch.add(new LoadOrder(prefix, ++seq, kinds.get(i), node, callback.apply(node)));
        }
        all.addAll(batch);
        return batch;
    }

    private static void add(List<LoadOrder.Bill> kinds, LoadOrder.Bill bill, int n) {
        for (int i = 0; i < n; i++) {
            kinds.add(bill);
        }
    }
}
