package id.loket.ops;

import java.util.Optional;
import org.springframework.stereotype.Component;

/** The orders as operators read them: the list with its filters and cursor, and one order's story. */
@Component
public class OrderQueries {

    /** Orders newest first, one page. */
    public Page<OrderRow> list(OrderFilter filter) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The review queue: every order flagged for manual review, oldest first (longest waiting first). */
    public Page<ReviewItem> reviewQueue(int limit, String after) {
        throw new UnsupportedOperationException("not yet");
    }

    /** One order's whole story; empty when there is no such order. */
    public Optional<OrderStory> story(String merchantId, String orderId) {
        throw new UnsupportedOperationException("not yet");
    }
}
