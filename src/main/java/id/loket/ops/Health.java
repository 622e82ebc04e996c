package id.loket.ops;

import java.util.List;

/** The partners and queues ({@code GET /ops/api/health}); the figures cover the last 5 minutes. */
public record Health(List<Biller> billers, List<Provider> providers, Notifications notifications, Review review) {

    /** @param circuit CLOSED, OPEN or HALF_OPEN */
    public record Biller(String id, String circuit, long calls, long failures, Long p95Ms) {
    }

    public record Provider(String family, long calls, long failures, Long p95Ms) {
    }

    public record Notifications(long pending, long givenUp, Long oldestPendingSeconds) {
    }

    public record Review(long orders) {
    }
}
